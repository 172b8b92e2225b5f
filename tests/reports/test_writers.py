"""Every format read back with a real reader: lxml for HTML, pypdfium2 for PDF, python-docx,
openpyxl."""

from __future__ import annotations

import dataclasses
import itertools
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from docx import Document
from lxml import html as lxml_html
from openpyxl import load_workbook

from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.results import ChallengeReport, SimulationSummary
from scrutiny.domain.vocab import Question
from scrutiny.reports.context import build_context
from scrutiny.reports.docx import write_docx
from scrutiny.reports.html import write_html
from scrutiny.reports.pdf import write_pdf
from scrutiny.reports.view import ReportContext
from scrutiny.reports.wording import VERDICT_LABEL
from scrutiny.reports.xlsx import write_tracker

from .conftest import challenge_by_hand, register_of, simulate_by_hand

Results = tuple[ProposalFile, SimulationSummary, ChallengeReport]


_RENDERED: dict[str, tuple[ReportContext, dict[str, Path]]] = {}


@pytest.fixture
def written(
    seed_results: Results, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Results, ReportContext, dict[str, Path]]:
    """Each seed council rendered once per test process, in all four formats, with every
    appendix."""
    pf, summary, challenge = seed_results
    if pf.council not in _RENDERED:
        ctx = build_context(pf, summary, challenge, appendices="full")
        out = tmp_path_factory.mktemp("reports")
        _RENDERED[pf.council] = (
            ctx,
            {
                "html": write_html(ctx, out / "report.html"),
                "pdf": write_pdf(ctx, out / "report.pdf"),
                "docx": write_docx(ctx, out / "report.docx"),
                "xlsx": write_tracker(pf, out / "tracker.xlsx", summary, challenge),
            },
        )
    ctx, paths = _RENDERED[pf.council]
    return seed_results, ctx, paths


def _squash(text: str) -> str:
    return "".join(text.split())


# --- HTML -----------------------------------------------------------------------------------


def test_html_has_one_h1_and_no_skipped_heading_level(written) -> None:  # type: ignore[no-untyped-def]
    _, ctx, paths = written
    tree = lxml_html.fromstring(paths["html"].read_text("utf-8"))
    levels = [int(h.tag[1]) for h in tree.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels.count(1) == 1 and levels[0] == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"heading jumps from h{before} to h{after}"
    h3 = [h.text_content() for h in tree.iter("h3")]
    for p in ctx.proposals:
        assert f"{p.ref}: {p.row.title}" in h3


def test_html_tables_have_captions_and_scoped_headers(written) -> None:  # type: ignore[no-untyped-def]
    _, _, paths = written
    tree = lxml_html.fromstring(paths["html"].read_text("utf-8"))
    tables = tree.findall(".//table")
    assert len(tables) >= 3
    for table in tables:
        caption = table.find("caption")
        assert caption is not None and caption.text_content().strip()
        ths = table.findall(".//th")
        assert ths and all(th.get("scope") in ("col", "row") for th in ths)


def test_html_charts_have_alt_text_with_figures_and_are_embedded(written) -> None:  # type: ignore[no-untyped-def]
    _, ctx, paths = written
    text = paths["html"].read_text("utf-8")
    tree = lxml_html.fromstring(text)
    images = tree.findall(".//img")
    expected = [*ctx.portfolio_charts, *(c for p in ctx.proposals for c in p.charts)]
    if ctx.comparison and ctx.comparison.chart:
        expected.append(ctx.comparison.chart)
    # Every chart once: the body shows each proposal's first; the appendices the rest.
    assert sorted(img.get("alt") for img in images) == sorted(c.alt for c in expected)
    assert all(img.get("src", "").startswith("data:image/svg+xml;base64,") for img in images)
    assert all(re.search(r"\d", img.get("alt", "")) for img in images)  # figures, not a label
    assert not re.search(r'(src|href)="https?://', text)  # self-contained
    assert "@media print" in text


def test_html_verdicts_are_words_not_only_colour(written) -> None:  # type: ignore[no-untyped-def]
    (pf, _, challenge), _, paths = written
    tree = lxml_html.fromstring(paths["html"].read_text("utf-8"))
    register = tree.get_element_by_id("register")
    for p in challenge.proposals:
        if not p.questions:  # removed: listed only among the money still to be found
            assert not [tr for tr in register.iter("tr") if tr.findtext("th/a") == p.ref]
            continue
        row = next(tr for tr in register.iter("tr") if tr.findtext("th/a") == p.ref)
        rag = [s.text_content() for s in row.iter("span") if "rag" in s.classes]
        rated = [["Red"], ["Amber"], ["Green"]] if pf.proposal(p.ref).savings else [[]]
        assert rag in rated  # the RAG rating in words too, not colour alone
        tags = [span.text_content() for span in row.iter("span") if "tag" in span.classes]
        assert [t.split(" ", 1)[1].removesuffix(" (members)") for t in tags] == [
            VERDICT_LABEL[p.questions[q].effective_verdict] for q in Question
        ]


def test_html_each_question_shows_the_members_verdict_beside_the_engines(written) -> None:  # type: ignore[no-untyped-def]
    (_pf, _, challenge), _, paths = written
    tree = lxml_html.fromstring(paths["html"].read_text("utf-8"))
    lines = [p.text_content() for p in tree.iter("p") if "verdict" in p.text_content().lower()]
    for pc in challenge.proposals:
        for result in pc.questions.values():  # none for a removed proposal
            engine = VERDICT_LABEL[result.verdict]
            if result.override is None:
                assert any(line.startswith("Verdict: ") and engine in line for line in lines)
                continue
            members = VERDICT_LABEL[result.override.verdict]
            beside = [line.split("(the analysis found:") for line in lines]
            assert any(
                len(parts) == 2 and parts[0].startswith("Members' verdict:")
                and members in parts[0] and engine in parts[1]
                for parts in beside
            ), lines  # fmt: skip


# --- PDF ------------------------------------------------------------------------------------


def _pdf_pages(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(path)
    try:
        pages = []
        for i in range(len(pdf)):
            page = pdf[i]
            assert round(page.get_width()) == 595 and round(page.get_height()) == 842  # A4
            pages.append(page.get_textpage().get_text_range())
        return pages
    finally:
        pdf.close()


def test_pdf_text_has_every_ref_verdict_and_recommendation(written) -> None:  # type: ignore[no-untyped-def]
    (pf, _, challenge), _, paths = written
    pages = _pdf_pages(paths["pdf"])
    text = _squash(" ".join(pages))
    for p in pf.proposals:
        assert _squash(p.ref) in text
    for pc in challenge.proposals:
        for result in pc.questions.values():  # none for a removed proposal
            assert _squash(VERDICT_LABEL[result.effective_verdict]) in text
        for rec in pc.recommendations:
            assert _squash(rec) in text
    assert f"Page 1 of {len(pages)}" in pages[0]
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]


def test_pdf_contents_gives_page_numbers_that_hold(written) -> None:  # type: ignore[no-untyped-def]
    (pf, _, _), _, paths = written
    pages = _pdf_pages(paths["pdf"])
    contents = pages[0]  # the contents are on the cover
    first = next(p for p in pf.proposals if not p.is_removed)
    match = re.search(re.escape(first.title) + r"[ .]*?(\d+)\s", contents)
    assert match, contents
    page = int(match.group(1))
    assert f"{first.ref}: " in pages[page - 1]


def test_pdf_long_table_repeats_its_header_on_every_page(
    tmp_path: Path,
) -> None:
    pf = register_of(45)
    summary = simulate_by_hand(pf, iterations=200)
    ctx = build_context(pf, summary, challenge_by_hand(pf, summary))
    ctx = dataclasses.replace(ctx, proposals=(), portfolio_charts=())
    pages = _pdf_pages(write_pdf(ctx, tmp_path / "long.pdf"))
    start = next(i for i, p in enumerate(pages) if "proposals at a glance" in p and "SYN-001" in p)
    register_pages = [p for p in pages[start:] if re.search(r"SYN-\d{3}:\s+Synthetic", p)]
    assert len(register_pages) >= 2
    for page in register_pages:
        assert "ProposalTotaltargetExpected(share)" in _squash(page) and "Alternatives" in page


# --- Word -----------------------------------------------------------------------------------


def test_docx_heading_structure_summary_table_and_images(written) -> None:  # type: ignore[no-untyped-def]
    _, ctx, paths = written
    doc = Document(str(paths["docx"]))
    headings = [
        (int(p.style.name.split()[-1]), p.text)
        for p in doc.paragraphs
        if p.style.name.startswith("Heading ")
    ]
    assert [p.style.name for p in doc.paragraphs].count("Title") == 1
    assert (1, "Summary") in headings and (1, "Key questions for the meeting") in headings
    for s in ctx.proposals:
        assert (2, f"{s.ref}: {s.row.title}") in headings
    for (before, _), (after, text) in itertools.pairwise(headings):
        assert after <= before + 1, f"heading level jumps before {text!r}"
    register = next(t for t in doc.tables if t.rows[0].cells[-1].text == "Alternatives explored")
    assert [r.cells[0].text for r in register.rows[1:]] == [f"{r.ref}: {r.title}" for r in ctx.rows]
    shapes = doc.inline_shapes
    charts = [*ctx.portfolio_charts, *(c for p in ctx.proposals for c in p.charts)]
    if ctx.comparison and ctx.comparison.chart:
        charts.append(ctx.comparison.chart)
    assert sorted(s._inline.docPr.get("descr") for s in shapes) == sorted(c.alt for c in charts)


def test_docx_conclusions_are_numbered_lists_restarting_per_proposal(written) -> None:  # type: ignore[no-untyped-def]
    _, ctx, paths = written
    doc = Document(str(paths["docx"]))
    numbered = [p for p in doc.paragraphs if p.style.name == "List Number"]
    keys = [
        (f"{k.ref}. " if k.ref else "") + f"{k.question} Why it matters: {k.why}"
        for k in ctx.key_questions
    ]
    lists = [
        keys,
        list(ctx.file_recommendations),
        *(s.recommendations for s in ctx.proposals),  # the briefing
        *(s.conclusions for s in ctx.proposals),  # the full appendix
    ]
    assert [p.text for p in numbered] == [line for items in lists for line in items]
    num_ids = {p._p.pPr.numPr.numId.val for p in numbered}
    # Each list numbered from 1 on its own.
    assert len(num_ids) == sum(1 for items in lists if items)


# --- Excel ----------------------------------------------------------------------------------


def _range_sum(ws, col: str, first: str, last: str, keep=lambda r: True) -> float:  # type: ignore[no-untyped-def]
    return sum(ws[f"{col}{r}"].value or 0 for r in range(int(first), int(last) + 1) if keep(r))


def test_xlsx_totals_equal_the_register(written) -> None:  # type: ignore[no-untyped-def]
    (pf, summary, challenge), _, paths = written
    ws = load_workbook(paths["xlsx"])["Savings tracker"]
    header = [c.value for c in ws[1]]
    rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    total, live = rows["Total"], rows["Total excluding removed"]
    status = header.index("Status") + 1
    for year in summary.years:
        col = ws.cell(row=1, column=header.index(year) + 1).column_letter
        match = re.fullmatch(rf"=SUM\({col}(\d+):{col}(\d+)\)", ws[f"{col}{total}"].value)
        assert match, ws[f"{col}{total}"].value
        assert _range_sum(ws, col, *match.groups()) == sum(
            p.savings.get(year, 0) for p in pf.proposals
        )
        match = re.fullmatch(
            rf'=SUMIF\(.*,"<>removed",{col}(\d+):{col}(\d+)\)', ws[f"{col}{live}"].value
        )
        assert match, ws[f"{col}{live}"].value
        kept = _range_sum(
            ws, col, *match.groups(), keep=lambda r: ws.cell(r, status).value != "removed"
        )
        assert kept == sum(p.savings.get(year, 0) for p in pf.proposals if not p.is_removed)
        expected = header.index(f"Expected delivery {year}") + 1
        at_risk = header.index(f"At risk {year}") + 1
        rag = header.index(f"RAG {year}") + 1
        meet = header.index(f"Chance of 95% of target {year}") + 1
        assert expected < at_risk < rag < meet  # the probability comes after the RAG
        for p in pf.proposals:
            sim = summary.for_ref(p.ref)
            stats = sim.years.get(year) if sim else None
            cells = [ws.cell(row=rows[p.ref], column=c).value for c in (expected, at_risk, rag)]
            if stats is None or stats.rag is None:  # removed, or no target to rate
                assert cells[1:] == [None, None]
                continue
            assert cells[0] == pytest.approx(stats.mean)
            assert cells[1] == pytest.approx(stats.at_risk)
            assert cells[2] == stats.rag.capitalize()
            assert ws.cell(row=rows[p.ref], column=meet).value == pytest.approx(stats.p_meet_target)
    for pc in challenge.proposals:
        for q in Question:
            col = header.index(q.value.capitalize()) + 1
            result = pc.questions.get(q)
            words = result.effective_verdict.value.replace("_", " ") if result else None
            assert ws.cell(row=rows[pc.ref], column=col).value == words
    fills = {r.formula[0].strip('"') for cf in ws.conditional_formatting for r in cf.rules}
    assert fills == {v.value.replace("_", " ") for v in VERDICT_LABEL} | {"Red", "Amber", "Green"}


def test_xlsx_assumptions_and_overrides_sheets_keep_sources_and_reasons(written) -> None:  # type: ignore[no-untyped-def]
    (pf, _, challenge), _, paths = written
    wb = load_workbook(paths["xlsx"])
    ws = wb["Assumptions"]
    rationales = {row[3] for row in ws.iter_rows(min_row=2, values_only=True)}
    sources = {row[4] for row in ws.iter_rows(min_row=2, values_only=True)}
    for p in pf.proposals:
        for a in p.assumptions:
            assert a.rationale in rationales
            if a.source:
                assert a.source in sources
    overrides = [row for row in wb["Overrides"].iter_rows(min_row=2, values_only=True)]
    expected = [
        (pc.ref, q.value, r.verdict.value.replace("_", " "), r.override.reason)
        for pc in challenge.proposals
        for q, r in pc.questions.items()
        if r.override
    ]
    assert [(o[0], o[1], o[2], o[4]) for o in overrides] == expected


def test_docx_lists_each_proposals_risks_highest_score_first(written) -> None:  # type: ignore[no-untyped-def]
    (pf, _, _), _, paths = written
    doc = Document(str(paths["docx"]))
    for p in pf.proposals:
        if not p.risks or p.is_removed:  # a removed proposal has no section
            continue
        table = next(
            t
            for t in doc.tables
            if t.rows[0].cells[0].text == "Risk"
            and t.rows[1].cells[0].text in {r.description for r in p.risks}
        )
        # A risk the papers give in words alone is written "Not scored" and listed last.
        cells = [row.cells[3].text for row in table.rows[1:]]
        scores = [0 if c == "Not scored" else int(c) for c in cells]
        assert scores == sorted((r.score or 0 for r in p.risks), reverse=True)
        assert cells.count("Not scored") == sum(r.score is None for r in p.risks)


def test_html_and_docx_open_with_the_key_questions_then_the_file_recommendations(written) -> None:  # type: ignore[no-untyped-def]
    (_, _, challenge), ctx, paths = written
    tree = lxml_html.fromstring(paths["html"].read_text("utf-8"))
    main_headings = [h.text_content() for h in tree.iter("h2")]
    keys = challenge.key_questions
    assert 1 <= len(keys) <= 8
    # The one-page summary comes first, then the questions for the meeting.
    assert main_headings[1:3] == ["Summary", "Key questions for the meeting"]
    items = tree.xpath('//ol[@class="key-questions"]/li')
    assert [_squash(li.text_content()) for li in items] == [
        _squash((f"{k.ref}. " if k.ref else "") + f"{k.question} Why it matters: {k.why}")
        for k in keys
    ]
    text = _squash(tree.text_content())
    intro = tree.xpath('//section[@id="key-questions"]/p')[0].text_content()
    assert intro == ctx.key_questions_intro and "most important first" in intro
    if ctx.committee:
        assert ctx.committee in intro
    for rec in challenge.file_recommendations:
        assert _squash(rec) in text
    doc = Document(str(paths["docx"]))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading 1")]
    assert headings.index("Summary") < headings.index("Key questions for the meeting")


def test_an_assumed_funding_gap_is_marked_in_every_format(written) -> None:  # type: ignore[no-untyped-def]
    """Thurrock's split of its £34.3m gap by year is assumed: every format marks it
    "(assumed)"; Croydon gives no gap and no target by year, so it has no table of years."""
    (pf, _, _), ctx, paths = written
    assumed = pf.grade("mtfs.funding_gap").value == "assumed"
    tree = lxml_html.fromstring(paths["html"].read_text("utf-8"))
    years = tree.xpath("//section[@id='summary']//table[@class='years']")
    marks = [td.text_content() for t in years for td in t.xpath(".//tbody/tr/td[1]")]
    gaps = [y for y in ctx.summary_years if y.funding_gap is not None]
    doc = Document(str(paths["docx"]))
    summary = [t for t in doc.tables if t.rows[0].cells[1].text == "Funding gap"]
    cells = [r.cells[1].text for t in summary for r in t.rows[1:]]
    if assumed:
        assert pf.council == "Thurrock" and gaps
        assert len(marks) == len(gaps) and all(m.endswith(" (assumed)") for m in marks)
        assert all(c.endswith("(assumed)") for c in cells if c != "—")
        sheet = load_workbook(paths["xlsx"])["MTFS"]
        assert sheet.cell(row=1, column=2).value == "Funding gap (assumed)"
    else:
        assert not any("(assumed)" in m for m in marks)
        assert not any("(assumed)" in c for c in cells)
