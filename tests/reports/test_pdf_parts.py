"""A long report's PDF laid out in parts and joined (`pdf_parts`) reads back as the same document
as the report laid out whole: pages, text, page numbers, contents, links and bookmarks."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
import tinycss2
from hypothesis import given, settings
from hypothesis import strategies as st

from scrutiny.reports import charts, pdf_parts
from scrutiny.reports.context import build_context
from scrutiny.reports.html import css_string
from scrutiny.reports.pdf import write_pdf
from scrutiny.reports.view import ReportContext
from scrutiny.workflows import report as report_workflow

from .conftest import BrokenPool, challenge_by_hand, register_of, simulate_by_hand

LONG = pdf_parts.SPLIT_FROM + 1


def _context(count: int) -> ReportContext:
    pf = register_of(count)
    summary = simulate_by_hand(pf, iterations=300)
    return build_context(pf, summary, challenge_by_hand(pf, summary))


@pytest.fixture(scope="module")
def many() -> ReportContext:
    return _context(64)


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same long report laid out whole, and in a summary and two proposal parts."""
    ctx = _context(LONG)
    out = tmp_path_factory.mktemp("parts")
    whole = write_pdf(ctx, out / "whole.pdf")
    parts = [pdf_parts.SUMMARY, *pdf_parts.plan(ctx, 2)]
    assert len(parts) == 3
    results = [pdf_parts.render_part(ctx, part) for part in parts]
    return whole, pdf_parts.write_in_parts(ctx, results, out / "parts.pdf")


def _pages(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(path)
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def _outline(path: Path) -> list[tuple[int, str, int, list[float], int]]:
    """Each bookmark: its level, title, page, where on the page, and its count of children."""
    pdf = pdfium.PdfDocument(path)
    try:
        out = []
        for item in pdf.get_toc():
            dest = item.get_dest()
            _, view = dest.get_view()
            where = [round(v, 2) for v in view]
            out.append((item.level, item.get_title(), dest.get_index(), where, item.get_count()))
        return out
    finally:
        pdf.close()


def _destinations(path: Path) -> dict[str, tuple[int, list[float]]]:
    """Each named destination: the page it goes to and where on it."""
    with pikepdf.open(path) as pdf:
        index = {page.objgen: i for i, page in enumerate(pdf.pages)}
        tree = pikepdf.NameTree(pdf.Root.Names.Dests)
        return {
            name: (index[dest[0].objgen], [round(float(v), 2) for v in dest[2:4]])
            for name, dest in tree.items()
        }


def _links(path: Path) -> list[tuple[int, str, list[float]]]:
    """Every internal link: the page it is on, the name it goes to, and where it is."""
    with pikepdf.open(path) as pdf:
        return [
            (i, str(annot.Dest), [round(float(v), 2) for v in annot.Rect])
            for i, page in enumerate(pdf.pages)
            for annot in page.obj.get("/Annots", [])
            if "/Dest" in annot
        ]


def test_every_page_has_the_same_words_as_the_whole_report(both: tuple[Path, Path]) -> None:
    whole, joined = (_pages(path) for path in both)
    assert len(joined) == len(whole) > LONG * 3
    for i, (a, b) in enumerate(zip(whole, joined, strict=True)):
        assert sorted(a.split()) == sorted(b.split()), f"page {i + 1}"
    assert f"Page {len(whole)} of {len(whole)}" in joined[-1]
    assert "Synthshire" in joined[-1]  # the running header, from the front document


def test_the_parts_resources_are_shared_not_copied_into_every_page(
    both: tuple[Path, Path],
) -> None:
    whole, joined = (path.stat().st_size for path in both)
    assert joined < 1.35 * whole, (joined, whole)  # each part's fonts once, no more


def test_contents_links_and_bookmarks_go_where_they_go_in_the_whole_report(
    both: tuple[Path, Path],
) -> None:
    whole, joined = both
    assert _outline(joined) == _outline(whole)
    assert len(_outline(whole)) > LONG * 5
    destinations = _destinations(whole)
    assert _destinations(joined) == destinations
    assert {"summary", "register", "proposals", "p-syn-013", "appendix-method"} <= set(destinations)
    assert _links(joined) == _links(whole)
    assert len(_links(whole)) >= 2 * LONG  # from the contents and from the register


def test_each_part_draws_its_proposals_charts(many: ReportContext) -> None:
    ctx = dataclasses.replace(many, proposals=many.proposals[:LONG])
    part = pdf_parts.plan(ctx, 4)[1]
    result = pdf_parts.render_part(ctx, part, png=True)
    specs = [spec for p in part.proposals or () for spec in p.charts]
    assert [(spec, fmt) for spec, fmt, _ in result.charts] == [
        *((spec, "svg") for spec in specs),
        *((spec, "png") for spec in specs),
    ]
    assert all(data == charts.render(spec, fmt) for spec, fmt, data in result.charts)
    assert len(result.pdf) > 0 and result.pdf.startswith(b"%PDF-")


def test_a_short_report_is_one_document(many: ReportContext) -> None:
    short = dataclasses.replace(many, proposals=many.proposals[: pdf_parts.SPLIT_FROM - 1])
    assert pdf_parts.plan(short, 8) == []
    assert pdf_parts.plan(many, 1) == []


@settings(max_examples=60, deadline=None)
@given(count=st.integers(pdf_parts.SPLIT_FROM, 64), pieces=st.integers(2, 9))
def test_parts_share_out_every_proposal_once_in_order(
    many: ReportContext, count: int, pieces: int
) -> None:
    ctx = dataclasses.replace(many, proposals=many.proposals[:count])
    parts = pdf_parts.plan(ctx, pieces)
    assert 2 <= len(parts) <= pieces
    assert [p for part in parts for p in part.proposals or ()] == list(ctx.proposals)
    assert all(part.proposals for part in parts)
    assert [part.opens_proposals for part in parts] == [True] + [False] * (len(parts) - 1)
    assert [part.appendix for part in parts] == [False] * (len(parts) - 1) + [True]
    assert not any(part.cover or part.summary for part in parts)
    sizes = [len(part.proposals or ()) for part in parts]
    assert max(sizes) - min(sizes) <= count // len(parts) + 2  # nearly even


@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")))
def test_a_css_string_reads_back_as_the_text(text: str) -> None:
    [token] = [t for t in tinycss2.parse_component_value_list(css_string(text))]
    assert token.type == "string" and token.value == text


# --- write_reports ------------------------------------------------------------------------


@pytest.fixture
def long_jobs(tmp_path: Path) -> list[report_workflow.ReportJob]:
    pf = register_of(LONG)
    summary = simulate_by_hand(pf, iterations=300)
    challenge = challenge_by_hand(pf, summary)
    return [
        report_workflow.ReportJob(pf, summary, challenge, fmt, tmp_path)
        for fmt in report_workflow.FORMATS
    ]


@pytest.fixture
def joins(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The page count of each PDF joined from parts."""
    counts: list[int] = []
    original = pdf_parts.join

    def counting(front: bytes, own: int, parts: list[pdf_parts.PartResult], path: Path) -> Path:
        counts.append(own + sum(len(part.pages) for part in parts))
        return original(front, own, parts, path)

    monkeypatch.setattr(pdf_parts, "join", counting)
    yield counts


def test_a_long_report_is_laid_out_in_parts_by_other_processes(
    long_jobs: list[report_workflow.ReportJob], joins: list[int]
) -> None:
    charts.clear_caches()
    paths = report_workflow.write_reports(long_jobs, processes=2)
    assert [p.suffix for p in paths] == [".html", ".pdf", ".docx", ".xlsx"]
    assert joins == [len(_pages(paths[1]))]
    text = " ".join(_pages(paths[1]))
    assert all(f"SYN-{i:03d}" in text for i in range(1, LONG + 1))
    html = paths[0].read_text(encoding="utf-8")
    assert html.count('<img src="data:image/svg+xml;base64,') == sum(
        len(p.charts) for p in long_jobs[0].context().proposals
    ) + len(long_jobs[0].context().portfolio_charts)
    assert [p.name for p in paths[0].parent.iterdir() if p.name.endswith(".tmp")] == []


def test_parts_whose_process_dies_are_laid_out_here(
    long_jobs: list[report_workflow.ReportJob],
    joins: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(report_workflow, "ProcessPoolExecutor", BrokenPool)
    pdf = long_jobs[1]
    [path] = report_workflow.write_reports([pdf], processes=2)
    assert joins == [len(_pages(path))]
    assert f"Page {joins[0]} of {joins[0]}" in _pages(path)[-1]


def test_an_error_in_another_process_is_raised_here() -> None:
    future: Future[int] = Future()
    future.set_exception(ValueError("bad chart"))
    task = report_workflow._Task(future, int, "1")
    assert task.done()
    with pytest.raises(ValueError, match="bad chart"):
        task.result()
    broken: Future[int] = Future()
    broken.set_exception(BrokenProcessPool("died"))
    assert report_workflow._Task(broken, int, "7").result() == 7  # done here instead


def test_stubs_that_do_not_make_one_page_each_are_refused(
    many: ReportContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = dataclasses.replace(many, proposals=many.proposals[:LONG])
    marks = pdf_parts.render_part(ctx, pdf_parts.plan(ctx, 2)[1]).pages
    monkeypatch.setattr(pdf_parts, "STUB_CSS", ".pdf-mark { position: absolute; }")
    with pytest.raises(RuntimeError, match=r"the front has \d+ pages for \d+ stub pages"):
        pdf_parts.render_front(ctx, [marks])  # no page breaks: every stub on one page
