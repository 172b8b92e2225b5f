"""The "How [council] compares" section, written by the report workflow from the shipped national
data and read back from HTML (lxml), PDF (pypdfium2) and Word (python-docx)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from docx import Document
from lxml import html as lxml_html

from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.results import ChallengeReport, SimulationSummary
from scrutiny.national.compare import Figure
from scrutiny.national.section import BenchmarkSection
from scrutiny.reports import charts
from scrutiny.reports.comparison import build_comparison, format_value, not_compared
from scrutiny.workflows.benchmark import report_section
from scrutiny.workflows.report import write_report

from .conftest import challenge_by_hand, register_of, simulate_by_hand

Results = tuple[ProposalFile, SimulationSummary, ChallengeReport]


@pytest.fixture(scope="module")
def section(thurrock: Results) -> BenchmarkSection:
    found = report_section(thurrock[0])
    assert found is not None, "Thurrock is an English council in the national data"
    return found


@pytest.fixture(scope="module")
def reports(thurrock: Results, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    pf, summary, challenge = thurrock
    out = tmp_path_factory.mktemp("compare")
    return {fmt: write_report(pf, summary, challenge, fmt, out) for fmt in ("html", "pdf", "docx")}


def _expected(section: BenchmarkSection, measure: str) -> tuple[str, str, str]:
    row = section.benchmark.row(measure)
    unit = row.indicator.unit
    return (
        row.indicator.label,
        format_value(row.council.value, unit),
        format_value(row.england.value, unit),
    )


def test_html_section_has_the_council_figures_beside_england(
    reports: dict[str, Path], section: BenchmarkSection
) -> None:
    tree = lxml_html.fromstring(reports["html"].read_text("utf-8"))
    (part,) = tree.xpath('//section[@id="comparison"]')
    assert part.find("h2").text_content() == "Appendix A: How Thurrock compares"
    table = part.find(".//table")
    assert "Thurrock" in table.find("caption").text_content()
    rows = {
        tr.find("th").text_content(): [td.text_content() for td in tr.findall("td")]
        for tr in table.find("tbody").findall("tr")
    }
    for measure in ("cla_number", "cla_rate_per_10k", "vacancy_rate_fte"):
        label, council, england = _expected(section, measure)
        assert rows[label][:2] == [council, england]
        period = section.benchmark.row(measure).council.period
        assert period in rows[label][-1]
    label, council, england = _expected(section, "cla_rate_per_10k")
    assert rows[label][4] != "—", "the rate of children looked after is ranked"
    # The comparison chart (the appendix may also chart the council's projected children
    # looked after, which has no England figure).
    (img,) = [i for i in part.xpath(".//figure/img") if "England" in i.get("alt")]
    assert f"Thurrock {council}" in img.get("alt") and f"England {england}" in img.get("alt")
    contents = [a.get("href") for a in tree.xpath("//nav//a")]
    assert "#comparison" in contents


def test_pdf_section_reads_back_with_figures_and_sources(
    reports: dict[str, Path], section: BenchmarkSection
) -> None:
    pdf = pdfium.PdfDocument(reports["pdf"])
    try:
        pages = ["".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))]
    finally:
        pdf.close()
    found = [p for p in pages if "HowThurrockcompares" in p and "Periodandsource" in p]
    assert found, "the section's table is in the PDF"
    text = found[0]
    rate = section.benchmark.row("cla_rate_per_10k")
    count = section.benchmark.row("cla_number")
    assert f"{rate.rank}of{rate.of}" in text
    assert format_value(count.council.value, "children") in text
    assert format_value(count.england.value, "children").replace(" ", "") in text
    assert "".join(rate.council.publication.split()) in text


def test_word_section_table_and_chart(reports: dict[str, Path], section: BenchmarkSection) -> None:
    doc = Document(str(reports["docx"]))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert "Appendix A: How Thurrock compares" in headings
    (table,) = [t for t in doc.tables if t.rows[0].cells[0].text == "Indicator"]
    assert [c.text for c in table.rows[0].cells][1:3] == ["Thurrock", "England"]
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in table.rows[1:]}
    for measure in ("cla_number", "cla_rate_per_10k"):
        label, council, england = _expected(section, measure)
        assert rows[label][:2] == [council, england]
    label, council, england = _expected(section, "cla_rate_per_10k")
    alts = [el.get("descr") for el in doc.element.body.iter() if el.tag.endswith("}docPr")]
    assert any(f"Thurrock {council}" in (a or "") for a in alts)


def test_council_outside_the_national_data_gets_a_sentence_not_a_section(tmp_path: Path) -> None:
    pf = register_of(2)
    summary = simulate_by_hand(pf, iterations=500)
    html = write_report(pf, summary, challenge_by_hand(pf, summary), "html", tmp_path)
    tree = lxml_html.fromstring(html.read_text("utf-8"))
    assert not tree.xpath('//section[@id="comparison"]')
    assert not_compared("Synthshire") in tree.text_content()


def test_a_missing_figure_is_printed_and_drawn_as_missing_never_zero(
    section: BenchmarkSection,
) -> None:
    rate = section.benchmark.row("cla_rate_per_10k")
    blank = Figure(None, rate.council.year, rate.council.period, "", "", missing="suppressed")
    rows = [
        dataclasses.replace(r, council=blank) if r.indicator.measure == "cla_rate_per_10k" else r
        for r in section.benchmark.rows
    ]
    bench = dataclasses.replace(section.benchmark, rows=rows)
    charts_ = [
        dataclasses.replace(c, bars=[dataclasses.replace(c.bars[0], value=None), *c.bars[1:]])
        for c in section.charts
    ]
    key = [r for r in section.rows if r.indicator.measure != "cla_rate_per_10k"]
    view = build_comparison(
        dataclasses.replace(
            section, benchmark=bench, rows=[bench.row("cla_rate_per_10k"), *key], charts=charts_
        )
    )
    row = next(r for r in view.rows if r.label == rate.indicator.label)
    assert row.council == "missing (suppressed)"
    assert view.chart is not None
    assert "Thurrock missing" in view.chart.alt
    assert view.chart.values("missing")[0] == 1.0
    assert "missing" in charts.svg(view.chart)


def test_each_chart_is_drawn_once_for_both_formats(section: BenchmarkSection) -> None:
    chart = build_comparison(section).chart
    assert chart is not None
    charts.clear_caches()
    charts.svg(chart)
    before = charts._drawn.cache_info()
    png = charts.png(chart)
    after = charts._drawn.cache_info()
    assert png.startswith(b"\x89PNG")
    assert after.misses == before.misses and after.hits == before.hits + 1
