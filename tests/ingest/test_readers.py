"""Readers: real PDF, Word, HTML and text files in, anchored text out; bad files refused."""

from __future__ import annotations

import html
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ingest_documents import PARAGRAPHS, make_docx, make_pdf

from scrutiny.errors import DocumentError
from scrutiny.ingest.extract.facts import extract
from scrutiny.ingest.extract.money import find_amounts as extract_text_amounts
from scrutiny.ingest.readers import Limits, read_document
from scrutiny.ingest.readers.html import read_html
from scrutiny.ingest.readers.text import read_text

LIMITS = Limits()


def test_pdf_text_is_read_page_by_page_with_offsets(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "paper.pdf", [PARAGRAPHS[:2], PARAGRAPHS[2:]])
    doc = read_document(pdf, LIMITS)
    assert doc.page_count == 2
    result = extract(doc)
    assert [(m.text, m.gbp, m.kind, m.page) for m in result.money] == [
        ("£2.4m", 2_400_000, "overspend", 1),
        ("£0.750m", 750_000, "saving", 2),
    ]
    for m in result.money:
        page_text = doc.pages[m.page - 1].text  # type: ignore[operator]
        assert page_text[m.start : m.end] == m.text
    assert result.recommendations == 2
    assert [(w.text, w.page) for w in result.workforce] == [("18 posts", 2), ("12.5 FTE", 2)]


def test_word_paragraphs_and_tables_in_document_order(tmp_path: Path) -> None:
    table = [["Proposal", "2025/26"], ["Transport review", "£120,000"]]
    path = make_docx(tmp_path / "paper.docx", PARAGRAPHS, table)
    doc = read_document(path, LIMITS)
    text = doc.full_text
    assert doc.page_count is None
    assert text.index("Children's Services") < text.index("Transport review | £120,000")
    assert text.index("Transport review") < text.index("overspend of £2.4m")
    result = extract(doc)
    assert [m.gbp for m in result.money] == [120_000, 2_400_000, 750_000]
    assert result.recommendations == 2


def test_html_keeps_headings_lists_and_tables_and_drops_scripts_and_navigation(
    tmp_path: Path,
) -> None:
    page = tmp_path / "minutes.html"
    page.write_text(
        "<!doctype html><html><head><title>Minutes</title><script>var t='£9m overspend';</script>"
        "</head><body><nav><a href='/'>Home</a> Savings £7m</nav><main>"
        "<h2>Budget Savings</h2><p>A saving of £300,000 is proposed.</p>"
        "<p>RESOLVED:</p><ol><li>That the savings be agreed.</li><li>That the report be noted.</li></ol>"
        "<table><tr><th>Item</th><th>Cost</th></tr><tr><td>Transport</td><td>£45k</td></tr></table>"
        "<script>document.write('£5m grant')</script></main></body></html>",
        encoding="utf-8",
    )
    doc = read_document(page, LIMITS)
    text = doc.full_text
    assert "£9m" not in text and "£5m" not in text and "Home" not in text
    assert "1. That the savings be agreed." in text
    assert "Transport | £45k" in text
    result = extract(doc)
    assert [m.gbp for m in result.money] == [300_000, 45_000]
    assert result.recommendations == 2


def test_markdown_and_text_keep_exact_offsets(tmp_path: Path) -> None:
    body = "# Savings\r\n\r\nA cut of £1.5m in 2025/26.\r\n"
    path = tmp_path / "notes.md"
    path.write_bytes(body.encode("utf-8"))
    doc = read_document(path, LIMITS)
    (money,) = extract(doc).money
    assert doc.pages[0].text[money.start : money.end] == "£1.5m"
    assert money.period == "2025/26"


def _bomb(path: Path, size: int) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * size)
    return path


@pytest.mark.parametrize(
    ("name", "make", "limits", "message"),
    [
        (
            "big.txt",
            lambda p: p.write_text("£1m saving. " * 200),
            Limits(max_bytes=1000),
            "the file is 2,600 bytes, over the limit of 1,000 bytes",
        ),
        (
            "long.pdf",
            lambda p: make_pdf(p, [["page one"], ["page two"], ["page three"]]),
            Limits(max_pages=2),
            "3 pages, over the 2-page limit",
        ),
        (
            "secret.pdf",
            lambda p: make_pdf(p, [["£1m saving"]], password="s3cret"),
            LIMITS,
            "encrypted",
        ),
        (
            "broken.pdf",
            lambda p: p.write_bytes(b"%PDF-1.7\n1 0 obj <<>> garbage"),
            LIMITS,
            "not a readable PDF",
        ),
        ("bomb.docx", lambda p: _bomb(p, 3_000_000), LIMITS, "possible zip bomb"),
        (
            "big.docx",
            lambda p: _bomb(p, 600_000),
            Limits(max_unzipped_bytes=500_000),
            "possible zip bomb",
        ),
        (
            "fake.docx",
            lambda p: p.write_bytes(b"this is not a zip file at all"),
            LIMITS,
            "not a Word document",
        ),
        ("latin1.txt", lambda p: p.write_bytes(b"Savings of \xa32m agreed"), LIMITS, "not UTF-8"),
        ("empty.txt", lambda p: p.write_bytes(b""), LIMITS, "empty"),
        (
            "scripts.html",
            lambda p: p.write_text("<html><script>alert('£5m')</script><style>p{}</style></html>"),
            LIMITS,
            "no text",
        ),
        ("blob.bin", lambda p: p.write_bytes(b"\x00\x01\x02\x03" * 100), LIMITS, "not a document"),
    ],
)
def test_bad_documents_are_refused_with_one_line(
    tmp_path: Path, name: str, make: object, limits: Limits, message: str
) -> None:
    path = tmp_path / name
    make(path)  # type: ignore[operator]
    with pytest.raises(DocumentError) as caught:
        read_document(path, limits)
    line = caught.value.one_line()
    assert line.startswith(f"{name}: ")
    assert message in line
    assert "\n" not in str(caught.value)


_WORDS = st.text(alphabet="abcdefghij £0123456789.,%&<>'\"-", min_size=1, max_size=40)


@settings(max_examples=40, deadline=None)
@given(paragraphs=st.lists(_WORDS.filter(lambda s: s.strip()), min_size=1, max_size=5))
def test_html_paragraphs_come_back_as_written(paragraphs: list[str]) -> None:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    data = f"<html><body><nav>Menu</nav>{body}<script>x='£1m'</script></body></html>".encode()
    text = read_html("page.html", data).pages[0].text
    assert text.split("\n\n") == [" ".join(p.split()) for p in paragraphs]
    for amount in extract_text_amounts(text):
        assert text[amount.start : amount.end] == amount.text


@settings(max_examples=40, deadline=None)
@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"),
        max_size=200,
    )
)
def test_any_utf8_text_reads_back_unchanged(body: str) -> None:
    assert read_text("notes.txt", body.encode("utf-8")).pages[0].text == body
