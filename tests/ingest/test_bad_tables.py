"""Bad tables through every reader: ragged rows, merged cells everywhere, a table of text and a
very long table give drafts of the rows that hold savings, or none, and never a crash."""

from __future__ import annotations

import copy
from pathlib import Path

import docx
from hypothesis import given, settings
from hypothesis import strategies as st
from ingest_documents import make_table_pdf

from scrutiny.ingest.extract.facts import Extraction, extract
from scrutiny.ingest.readers import Limits, read_document
from scrutiny.ingest.readers.html import read_html
from scrutiny.ingest.readers.text import read_text

HEADER = ["Ref", "Description", "2026/27 £000", "2027/28 £000", "Total £000"]
TEXT_ROWS = [
    ["Risk", "Mitigation", "Owner"],
    ["Demand rises faster than planned", "Monthly monitoring at the board", "Director"],
    ["Staff leave during the restructure", "Retention payments", "Head of HR"],
]


def _table_drafts(result: Extraction) -> dict[str, dict[str, float]]:
    """Drafts read from tables, by reference: their yearly savings."""
    return {str(p.ref): dict(p.savings) for p in result.proposals if p.source is not None}


def _word(path: Path, rows: list[list[str]]) -> tuple[object, object]:
    document = docx.Document()
    document.add_paragraph("Appendix A: savings proposals")
    table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            table.cell(i, j).text = text
    return document, table


def test_word_ragged_rows_read_the_cells_each_row_has(tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["A1", "Respite review", "(100)", "(50)", "(150)"],
        ["A2", "Transport", "(20)", "(10)", "(30)"],
        ["A3", "Short row", "(5)", "", ""],
    ]
    document, table = _word(tmp_path / "ragged.docx", rows)
    # Word allows rows with fewer cells than the grid: drop the last two cells of row 4.
    last = table.rows[3]._tr  # type: ignore[attr-defined]
    for tc in last.tc_lst[-2:]:
        last.remove(tc)
    document.save(str(tmp_path / "ragged.docx"))  # type: ignore[attr-defined]
    doc = read_document(tmp_path / "ragged.docx", Limits())
    assert [len(r) for r in doc.tables[0].rows] == [5, 5, 5, 3]
    drafts = _table_drafts(extract(doc))
    assert drafts["A1"] == {"2026/27": 100_000, "2027/28": 50_000}
    assert drafts["A3"] == {"2026/27": 5_000, "2027/28": 0}  # a missing cell is nil


def test_word_cells_merged_everywhere_give_no_drafts(tmp_path: Path) -> None:
    rows = [HEADER, ["A1", "Respite review", "(100)", "(50)", "(150)"]]
    document, table = _word(tmp_path / "merged.docx", rows)
    table.cell(0, 0).merge(table.cell(1, 4))  # type: ignore[attr-defined]
    document.save(str(tmp_path / "merged.docx"))  # type: ignore[attr-defined]
    doc = read_document(tmp_path / "merged.docx", Limits())
    assert len(doc.tables) == 1 and len(set(doc.tables[0].rows[0])) == 1
    assert _table_drafts(extract(doc)) == {}


def test_word_rows_merged_down_each_column_keep_their_figures(tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["A1", "Respite review", "(100)", "(50)", "(150)"],
        ["", "", "", "", ""],
        ["A2", "Transport", "(20)", "(10)", "(30)"],
    ]
    document, table = _word(tmp_path / "down.docx", rows)
    for j in range(5):  # every cell of row 2 merged down into row 3
        table.cell(1, j).merge(table.cell(2, j))  # type: ignore[attr-defined]
    document.save(str(tmp_path / "down.docx"))  # type: ignore[attr-defined]
    result = extract(read_document(tmp_path / "down.docx", Limits()))
    assert [(p.ref, p.savings) for p in result.proposals] == [
        ("A1", {"2026/27": 100_000, "2027/28": 50_000}),  # once, not once a merged row
        ("A2", {"2026/27": 20_000, "2027/28": 10_000}),
    ]
    assert [(f.row, f.message) for f in result.findings] == [
        (3, "row 3 repeats the row above cell for cell (cells merged down); it is read once")
    ]


def test_word_table_of_text_gives_no_drafts(tmp_path: Path) -> None:
    document, _table = _word(tmp_path / "text.docx", TEXT_ROWS)
    document.save(str(tmp_path / "text.docx"))  # type: ignore[attr-defined]
    assert _table_drafts(extract(read_document(tmp_path / "text.docx", Limits()))) == {}


def test_word_long_table_is_read_row_by_row(tmp_path: Path) -> None:
    n = 3_000
    document, table = _word(tmp_path / "long.docx", [HEADER, ["S1", "Saving 1", "(1)", "0", "(1)"]])
    row = table.rows[1]._tr  # type: ignore[attr-defined]
    last = row
    for i in range(2, n + 1):  # copying the row's XML is much faster than adding rows
        new = copy.deepcopy(row)
        for t, value in zip(
            new.xpath(".//w:t"), [f"S{i}", f"Saving {i}", f"({i})", "0", f"({i})"], strict=True
        ):
            t.text = value
        last.addnext(new)
        last = new
    document.save(str(tmp_path / "long.docx"))  # type: ignore[attr-defined]
    drafts = _table_drafts(extract(read_document(tmp_path / "long.docx", Limits())))
    assert len(drafts) == n and drafts[f"S{n}"] == {"2026/27": n * 1000, "2027/28": 0}


def _html(body: str) -> Extraction:
    page = f"<html><body><p>Appendix A: savings proposals</p>{body}</body></html>"
    return extract(read_html("appendix.html", page.encode()))


def _tr(cells: list[str], tag: str = "td") -> str:
    return "<tr>" + "".join(f"<{tag}>{c}</{tag}>" for c in cells) + "</tr>"


def test_html_ragged_rows_and_runaway_spans() -> None:
    body = (
        "<table>"
        + _tr(HEADER, "th")
        + _tr(["A1", "Respite review", "(100)", "(50)", "(150)"])
        + _tr(["A2", "Transport", "(20)"])  # a short row
        + _tr(["A3", "Wide", "(5)", "0", "(5)", "9", "9", "9"])  # a long row
        + '<tr><td colspan="1000000" rowspan="999999">damaged</td></tr>'
        + "</table>"
    )
    drafts = _table_drafts(_html(body))
    assert drafts["A1"] == {"2026/27": 100_000, "2027/28": 50_000}
    assert drafts["A2"] == {"2026/27": 20_000, "2027/28": 0}  # a missing cell is nil
    assert "damaged" not in drafts


def test_html_figures_spanning_two_rows_are_counted_once() -> None:
    body = (
        "<table>"
        + _tr(HEADER, "th")
        + "<tr>"
        + "".join(f'<td rowspan="2">{c}</td>' for c in ["A1", "Respite", "(100)", "(50)", "(150)"])
        + "</tr><tr></tr>"
        + _tr(["A2", "Transport", "(20)", "(10)", "(30)"])
        + "</table>"
    )
    drafts = [(p.ref, p.savings) for p in _html(body).proposals if p.source is not None]
    assert drafts == [
        ("A1", {"2026/27": 100_000, "2027/28": 50_000}),
        ("A2", {"2026/27": 20_000, "2027/28": 10_000}),
    ]


def test_html_cells_merged_everywhere_and_a_table_of_text_give_no_drafts() -> None:
    merged = (
        '<table><tr><td colspan="5" rowspan="3">Savings 2026/27 (100) (50) (150)</td></tr>'
        "<tr></tr><tr></tr></table>"
    )
    text = "<table>" + "".join(_tr(r) for r in TEXT_ROWS) + "</table>"
    assert _table_drafts(_html(merged)) == {}
    assert _table_drafts(_html(text)) == {}


def test_html_long_table_is_read_row_by_row() -> None:
    n = 3_000  # 10,000 rows are read by the text test below; the HTML parser is linear, slower
    body = "".join(_tr([f"S{i}", f"Saving {i}", f"({i})", "0", f"({i})"]) for i in range(1, n + 1))
    drafts = _table_drafts(_html(f"<table>{_tr(HEADER, 'th')}{body}</table>"))
    assert len(drafts) == n and drafts[f"S{n}"] == {"2026/27": n * 1000, "2027/28": 0}


_CELL = st.one_of(
    st.sampled_from(["", "-", "0", "(1,234)", "£5k", "2026/27", "Total", "£000", "TBA", "Ref"]),
    st.text(
        alphabet=st.characters(exclude_categories=("Cc", "Cs"), exclude_characters="<>&"),
        max_size=10,
    ),
    st.integers(-(10**7), 10**7).map(lambda n: f"{n:,}"),
)
_SPAN = st.sampled_from(
    ["", ' colspan="2"', ' rowspan="2"', ' colspan="3" rowspan="2"', ' rowspan="0"']
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.tuples(_CELL, _SPAN), max_size=7), max_size=10))
def test_any_html_grid_with_any_spans_is_read_without_crashing(
    rows: list[list[tuple[str, str]]],
) -> None:
    """Random cells, rows of any length and spans anywhere: drafts name a printed row of their
    table, or there are none."""
    body = "".join("<tr>" + "".join(f"<td{s}>{c}</td>" for c, s in r) + "</tr>" for r in rows)
    page = f"<html><body><p>Savings 2026/27</p><table>{body}</table></body></html>"
    doc = read_html("grid.html", page.encode())
    for draft in extract(doc).proposals:
        if draft.source is not None:
            table = doc.tables[int(draft.source["table"]) - 1]  # type: ignore[call-overload]
            assert 1 <= int(draft.source["row"]) <= len(table.rows)  # type: ignore[call-overload]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_CELL, max_size=7), max_size=10))
def test_any_tab_separated_grid_is_read_without_crashing(rows: list[list[str]]) -> None:
    text = "Savings proposals (£000)\n" + "\n".join("\t".join(r) for r in rows) + "\n"
    doc = read_text("grid.txt", text.encode())
    for draft in extract(doc).proposals:
        assert all(isinstance(v, int | float) for v in draft.savings.values())


def test_text_ragged_rows_table_of_text_and_ten_thousand_rows() -> None:
    ragged = "\n".join(
        [
            "\t".join(HEADER),
            "A1\tRespite review\t(100)\t(50)\t(150)",
            "A2\tTransport",
            "A3\tWide\t(5)\t0\t(5)\t9\t9",
        ]
    )
    drafts = _table_drafts(extract(read_text("ragged.txt", ragged.encode())))
    assert drafts == {
        "A1": {"2026/27": 100_000, "2027/28": 50_000},
        "A3": {"2026/27": 5_000, "2027/28": 0},
    }
    text = "\n".join("\t".join(r) for r in TEXT_ROWS)
    assert _table_drafts(extract(read_text("text.txt", text.encode()))) == {}
    n = 10_000
    long = "\n".join(
        ["\t".join(HEADER), *(f"S{i}\tSaving {i}\t({i})\t0\t({i})" for i in range(1, n + 1))]
    )
    drafts = _table_drafts(extract(read_text("long.txt", long.encode())))
    assert len(drafts) == n and drafts[f"S{n}"] == {"2026/27": n * 1000, "2027/28": 0}


def test_pdf_ragged_and_text_tables(tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["A1", "Respite review", "(100)", "(50)", "(150)"],
        ["A2", "Transport", "", "", ""],  # a row printed with its figures missing
        ["A3", "Family help", "(5)", "0", "(5)"],
    ]
    pdf = make_table_pdf(tmp_path / "ragged.pdf", "Appendix A: savings proposals", rows)
    drafts = _table_drafts(extract(read_document(pdf, Limits())))
    assert drafts["A1"] == {"2026/27": 100_000, "2027/28": 50_000}
    assert drafts["A3"] == {"2026/27": 5_000, "2027/28": 0}
    assert "A2" not in drafts
    text = make_table_pdf(tmp_path / "text.pdf", "Risks", [list(r) for r in TEXT_ROWS])
    assert _table_drafts(extract(read_document(text, Limits()))) == {}
