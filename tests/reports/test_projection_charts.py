"""The children looked after projection in the briefing: a proposal costed with the projection's
levers gets a chart of the count without and with them and a sentence on the avoided cost; the
appendix charts the council's published and projected count. Read back from the HTML, the tagged
PDF and the Word document, through the report workflow as `scrutiny report` writes them."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from docx import Document

from scrutiny import yaml_files
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.reports import projection_chart
from scrutiny.reports.projection_chart import CouncilOutlook, levers_spec
from scrutiny.reports.view import ReportContext
from scrutiny.workflows.challenge import run_challenge
from scrutiny.workflows.projection import council_outlook
from scrutiny.workflows.report import ReportJob, write_reports
from scrutiny.workflows.simulate import run_simulation
from scrutiny.workflows.validate import parse

from .conftest import structure

CASE = Path(__file__).resolve().parents[1] / "risk" / "cases" / "cla-projection-levers.yaml"
TO_THE_POUND = re.compile(r"£\d{1,3}(?:,\d{3})+(?:\.\d+)?|£\d{4,}")
FRACTION = re.compile(r"(?<![£\d.])\d+\.\d")
"""A count with a fraction (money, £1.3m, is rounded by its own rule)."""
OUTLOOK_HEADING = "Children looked after: published and projected"


def _register(council: str) -> ProposalFile:
    """The levers case for `council`, the first proposal also keeping six children a year from
    coming into care."""
    data = yaml_files.read(CASE)["file"]
    data["council"] = council
    data["proposals"][0]["model"]["inputs"]["prevented_entries_per_year"] = 6
    return parse(data, str(CASE))


def _written(council: str, out: Path) -> tuple[ReportContext, dict[str, Path]]:
    pf = _register(council)
    summary = run_simulation(pf, iterations=2000, seed=0)
    challenge = run_challenge(pf, summary)
    jobs = [ReportJob(pf, summary, challenge, f, out, appendices="summary") for f in FORMATS]
    paths = write_reports(jobs)
    return jobs[0].context(), {p.suffix[1:]: p for p in paths}


FORMATS = ("html", "pdf", "docx")


@pytest.fixture(scope="module")
def thurrock(tmp_path_factory: pytest.TempPathFactory) -> tuple[ReportContext, dict[str, Path]]:
    return _written("Thurrock", tmp_path_factory.mktemp("thurrock"))


@pytest.fixture(scope="module")
def unknown(tmp_path_factory: pytest.TempPathFactory) -> tuple[ReportContext, dict[str, Path]]:
    return _written("Testshire", tmp_path_factory.mktemp("testshire"))


def _pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    return " ".join(text.split())


def _figure_alts(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf:
        return structure(pdf)[1]


def _svg(html: str, key: str) -> str:
    """The SVG of the figure `key` in the HTML, decoded from its data URI."""
    found = re.search(
        rf'<figure id="fig-{key}">\s*<img src="data:image/svg\+xml;base64,([^"]+)"', html
    )
    assert found, key
    return base64.b64decode(found.group(1)).decode("utf-8")


def test_a_levers_proposal_has_its_chart_and_avoided_cost_in_every_format(thurrock) -> None:  # type: ignore[no-untyped-def]
    ctx, paths = thurrock
    cla1, cla2 = ctx.proposals
    assert cla1.projection is not None and cla1.projection.chart is not None
    assert cla2.projection is not None and cla2.projection.chart is not None
    chart = cla1.projection.chart
    assert chart.title.startswith("CLA-1: children looked after on 31 March")
    assert "estimates" in chart.title
    # step-down moves children out of children's homes: that count is the one drawn
    assert "children's homes" in cla2.projection.chart.title
    # the avoided cost by financial year, rounded, as an estimate
    note = cla1.projection.note
    assert re.fullmatch(
        r"The levers are estimated to avoid £\d+k in 2022/23 and £\d+k in 2023/24 "
        r"\(the average of the simulations\)\.",
        note,
    ), note

    pdf = _pdf_text(paths["pdf"])
    assert f"Figure: {chart.title}." in pdf and note in pdf
    alts = _figure_alts(paths["pdf"])
    assert chart.alt in alts and cla2.projection.chart.alt in alts

    html = paths["html"].read_text("utf-8")
    svg = _svg(html, "cla-levers-cla-1")
    assert svg.count("<svg") == 1 and f"<title>{chart.title}</title>" in svg.replace("&#x27;", "'")
    assert f'alt="{chart.alt}"' in html.replace("&#39;", "'")

    doc = Document(str(paths["docx"]))
    descriptions = [s._inline.docPr.get("descr") for s in doc.inline_shapes]
    assert chart.alt in descriptions
    assert note in [p.text for p in doc.paragraphs]


def test_with_the_levers_the_count_falls_by_the_children_kept_out_of_care(thurrock) -> None:  # type: ignore[no-untyped-def]
    ctx, _ = thurrock
    chart = ctx.proposals[0].projection.chart
    without, with_levers = chart.values("p50"), chart.values("levers")
    assert chart.values("p10") <= without <= chart.values("p90")
    fewer = [a - b for a, b in zip(without, with_levers, strict=True)]
    # six children a year kept out for twelve months: about six fewer at each year end
    assert all(5.0 < f < 7.0 for f in fewer), fewer
    assert chart.labels[-2:] == ("2023", "2024")  # the plan's two years, ending 31 March


def test_alt_text_rounds_money_and_counts_children_whole(thurrock) -> None:  # type: ignore[no-untyped-def]
    ctx, _ = thurrock
    texts = [p.projection.chart.alt for p in ctx.proposals if p.projection and p.projection.chart]
    texts += [p.projection.note for p in ctx.proposals if p.projection]
    assert ctx.projection is not None and ctx.projection.chart is not None
    texts.append(ctx.projection.chart.alt)
    assert len(texts) == 5
    for text in texts:
        assert TO_THE_POUND.findall(text) == [], text
        assert FRACTION.findall(text) == [], text
    assert re.search(r"with them \d+;", ctx.proposals[0].projection.chart.alt)


def test_the_appendix_charts_an_english_councils_published_and_projected_count(thurrock) -> None:  # type: ignore[no-untyped-def]
    ctx, paths = thurrock
    view = ctx.projection
    assert view is not None and view.chart is not None
    assert re.fullmatch(r"Published figures to 31 March 20\d\d; .*estimates.*\.", view.note)
    assert "Thurrock" in view.chart.title and "estimates" in view.chart.title
    pdf = _pdf_text(paths["pdf"])
    assert OUTLOOK_HEADING in pdf and view.note in pdf
    assert view.chart.alt in _figure_alts(paths["pdf"])
    svg = _svg(paths["html"].read_text("utf-8"), "cla-outlook")
    assert "<title>" in svg and "95% range" in svg
    doc = Document(str(paths["docx"]))
    assert view.chart.alt in [s._inline.docPr.get("descr") for s in doc.inline_shapes]
    assert OUTLOOK_HEADING in [p.text for p in doc.paragraphs]


def test_a_council_the_figures_do_not_know_gets_no_projection_chart(unknown) -> None:  # type: ignore[no-untyped-def]
    ctx, paths = unknown
    assert ctx.projection is None
    assert all(p.projection is not None and p.projection.chart is None for p in ctx.proposals)
    html = paths["html"].read_text("utf-8")
    assert OUTLOOK_HEADING not in html and "fig-cla-" not in html
    assert "The levers are estimated to avoid" in html  # the avoided cost still stated
    assert OUTLOOK_HEADING not in _pdf_text(paths["pdf"])
    doc = Document(str(paths["docx"]))
    assert OUTLOOK_HEADING not in [p.text for p in doc.paragraphs]
    descriptions = [s._inline.docPr.get("descr") or "" for s in doc.inline_shapes]
    assert descriptions and not [d for d in descriptions if "looked after" in d.lower()]


def test_without_appendices_there_is_no_appendix_chart(tmp_path: Path) -> None:
    pf = _register("Thurrock")
    summary = run_simulation(pf, iterations=200, seed=0)
    job = ReportJob(pf, summary, run_challenge(pf, summary), "html", tmp_path, appendices="none")
    ctx = job.context()
    assert ctx.projection is None
    assert ctx.proposals[0].projection is not None
    assert ctx.proposals[0].projection.chart is not None


@pytest.fixture(scope="module")
def outlook() -> CouncilOutlook:
    found = council_outlook("Thurrock", data_to=2022, years=2)
    assert found is not None
    return found


def test_levers_that_only_move_children_draw_no_second_line(outlook: CouncilOutlook) -> None:
    fostering = {"2022/23": {"inhouse_places_mean": 15.0, "prevented_in_care_mean": 0.0}}
    chart = levers_spec("F-1", outlook, fostering)
    assert chart is not None
    assert "levers" not in dict(chart.series)
    assert "the count is the same" in chart.alt
    assert "Without the levers" in projection_chart.layout(chart).texts()
    assert "With the levers" not in projection_chart.layout(chart).texts()


def test_step_downs_alone_chart_the_childrens_homes(outlook: CouncilOutlook) -> None:
    stepping = {"2022/23": {"stepped_down_mean": 3.0}, "2023/24": {"stepped_down_mean": 9.0}}
    chart = levers_spec("S-1", outlook, stepping)
    assert chart is not None and chart.axis is not None
    assert "children's homes" in chart.axis
    fewer = [a - b for a, b in zip(chart.values("p50"), chart.values("levers"), strict=True)]
    assert fewer == pytest.approx([3.0, 9.0])


def test_a_plan_outside_the_projected_years_gets_no_chart(outlook: CouncilOutlook) -> None:
    assert levers_spec("L-1", outlook, {"2030/31": {"prevented_in_care_mean": 4.0}}) is None
