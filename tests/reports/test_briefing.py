"""The briefing members read in ten minutes, read back from the PDF as a screen reader and a
councillor would: short enough, tagged, and in plain words.

The Thurrock and Croydon examples go through the real simulation and challenge and are written
without appendices; the text is read back with pdftotext's library twin (pypdfium2).
"""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from docx import Document
from lxml import html as lxml_html

from scrutiny.reports.context import build_context
from scrutiny.reports.docx import write_docx
from scrutiny.reports.html import render_html
from scrutiny.reports.pdf import write_pdf
from scrutiny.workflows.challenge import run_challenge
from scrutiny.workflows.report import ReportJob
from scrutiny.workflows.simulate import run_simulation

from .conftest import EXAMPLES, load, structure

MOST_PAGES = {"thurrock-2022.yaml": 10, "croydon-2024.yaml": 8}
"""The issue's limits for the briefing without appendices [pages]."""

FIELD_PATH = re.compile(r"\w+\[\d+\]|\b[\w-]+\.[a-z]+_\w+")
RULE_CODE = re.compile(r"\b[DIA]\d{1,2}\b")
TO_THE_POUND = re.compile(r"£\d{1,3}(?:,\d{3})+(?:\.\d+)?|£\d{4,}")
"""Money to the pound or the penny: £1,000,000, £64,935.07, £20000."""


def _pages(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


@pytest.fixture(scope="module", params=sorted(MOST_PAGES))
def briefing(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    pf = load(EXAMPLES / request.param)
    summary = run_simulation(pf, iterations=2000, seed=0)
    ctx = build_context(pf, summary, run_challenge(pf, summary), appendices="none")
    out = tmp_path_factory.mktemp("briefing")
    return request.param, pf, ctx, write_pdf(ctx, out / "briefing.pdf"), out


def _quoted(pf) -> str:  # type: ignore[no-untyped-def]
    """Every passage the file quotes from the papers, as the papers print it."""
    quotes = [e.quote for e in (pf.mtfs.evidence if pf.mtfs else [])]
    if pf.headline and pf.headline.evidence:
        quotes.append(pf.headline.evidence.quote)
    quotes += [e.quote for p in pf.proposals for e in p.evidence]
    return "\n".join(q or "" for q in quotes)


def test_the_briefing_is_short(briefing) -> None:  # type: ignore[no-untyped-def]
    name, _, _, path, _ = briefing
    pages = _pages(path)
    assert len(pages) <= MOST_PAGES[name], f"{name}: {len(pages)} pages"


def test_the_body_has_no_field_path_rule_code_or_figure_to_the_pound(briefing) -> None:  # type: ignore[no-untyped-def]
    _, pf, _, path, _ = briefing
    text = "\n".join(_pages(path))
    assert FIELD_PATH.findall(text) == []
    assert RULE_CODE.findall(text) == []
    printed = _quoted(pf)
    unprinted = [f for f in TO_THE_POUND.findall(text) if f not in printed]
    assert unprinted == []
    assert "P10" not in text and "P50" not in text and "Spearman" not in text


@pytest.mark.parametrize("name", sorted(MOST_PAGES))
def test_the_summary_appendices_have_no_field_path_or_rule_code_either(
    name: str, tmp_path: Path
) -> None:
    # The summary appendices (the comparison with published figures, the assumptions checked
    # against them, the method) are read by members too: a proposal's input is named in words
    # ("THR-CSC-03 assumes independent fostering agency weekly cost £820"), never as a path.
    # Rule codes and evidence paths belong to the full appendix, for officers (docs/reports.md).
    pf = load(EXAMPLES / name)
    summary = run_simulation(pf, iterations=500, seed=0)
    job = ReportJob(pf, summary, run_challenge(pf, summary), "html", tmp_path)
    text = lxml_html.fromstring(render_html(job.context())).text_content()
    assert "Appendix" in text and "compares" in text
    assert FIELD_PATH.findall(text) == []
    numbered = re.sub(r"\b(Table|Figure) [A-Z]\d+", "", text)  # "Table A1" is not a rule code
    assert RULE_CODE.findall(numbered) == []


def test_the_cover_names_the_plans_years_and_the_meeting(briefing) -> None:  # type: ignore[no-untyped-def]
    name, pf, ctx, path, _ = briefing
    cover = " ".join(_pages(path)[0].split())
    years = pf.horizon()
    span = years[0] if len(years) == 1 else f"{years[0]} to {years[-1]}"
    assert ctx.span == span and f", {span};" in cover
    if name.startswith("thurrock"):
        assert "2022/23 to 2023/24" in cover and "Meeting of 12 October 2021" in cover
    else:
        assert "2024/25 to 2024/25" not in cover and ", 2024/25;" in cover
    assert "Appendix" not in cover  # none asked for


def test_the_summary_leads_with_delivery_and_states_the_papers_headline(briefing) -> None:  # type: ignore[no-untyped-def]
    name, _, ctx, path, _ = briefing
    summary = " ".join(_pages(path)[1].split())
    assert summary.startswith("Summary") or "Summary" in summary[:200]
    if name.startswith("thurrock"):
        assert summary.index("Expected delivery:") < summary.index("Proposals by RAG rating")
        assert "Recommended contingency" in summary or ctx.summary_years[-1].contingency is None
        # the total as the papers print it, beside what the proposals add up to
        assert "“CSC and EH will deliver budget reductions of £1.2m”" in summary
        assert "add up to £1.8m" in summary
    assert "would save £0" not in summary


def test_the_pdf_is_tagged_with_alt_text_on_every_figure(briefing) -> None:  # type: ignore[no-untyped-def]
    _, pf, ctx, path, _ = briefing
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root
        assert bool(root.MarkInfo.Marked) is True
        assert str(root.Lang) == "en-GB"
        assert "Budget" in str(pdf.open_metadata().get("dc:title", ""))
        kinds, alts = structure(pdf)
    charts = [p.chart for p in ctx.proposals if p.chart]
    assert sorted(alts) == sorted(c.alt for c in charts)
    assert all(alts)
    # what a screen reader reads is rounded as the body is
    assert [f for a in alts for f in TO_THE_POUND.findall(a) if f not in _quoted(pf)] == []
    assert kinds.get("/H1") == 1 and kinds.get("/H2", 0) >= 3
    assert kinds.get("/TH", 0) > 0 and kinds.get("/Table", 0) > 0


def test_word_keeps_heading_styles_and_alt_text(briefing) -> None:  # type: ignore[no-untyped-def]
    _, _, ctx, _, out = briefing
    doc = Document(str(write_docx(ctx, out / "briefing.docx")))
    styles = [p.style.name for p in doc.paragraphs]
    assert styles.count("Title") == 1 and "Heading 1" in styles and "Heading 2" in styles
    descriptions = [s._inline.docPr.get("descr") for s in doc.inline_shapes]
    assert sorted(descriptions) == sorted(p.chart.alt for p in ctx.proposals if p.chart)
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert not [h for h in headings if h.startswith("Appendix")]


def test_chart_descriptions_round_small_savings_as_the_body_does() -> None:
    """A saving under £100,000 is described as £58k, not £58,170, in the chart's alt text."""
    pf = load(EXAMPLES / "thurrock-2022.yaml")
    p = next(p for p in pf.proposals if p.ref == "THR-CSC-02")
    small = p.model_copy(update={"savings": dict.fromkeys(p.savings, 58_170.0)})
    pf = pf.model_copy(update={"proposals": [small], "headline": None})
    summary = run_simulation(pf, iterations=400, seed=0)
    ctx = build_context(pf, summary, run_challenge(pf, summary), appendices="none")
    [chart] = [q.chart for q in ctx.proposals if q.chart]
    assert "target £58k" in chart.alt
    assert TO_THE_POUND.findall(chart.alt) == []
