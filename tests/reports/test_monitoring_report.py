"""The monitoring report in HTML, PDF and Word, read back with real readers, with the
recommendations and the work programme passed in directly: overdue rows say "Overdue" in words,
the chart has its text alternative, illustrative figures say so."""

from __future__ import annotations

import datetime
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from docx import Document
from lxml import html as lxml_html

from scrutiny.domain.monitoring import MonitoringReturn, Period
from scrutiny.reports.monitoring_report import (
    write_monitoring_docx,
    write_monitoring_html,
    write_monitoring_pdf,
)
from scrutiny.reports.monitoring_view import (
    ILLUSTRATIVE_NOTE,
    MonitoringView,
    ProgrammeRow,
    RecommendationRow,
    monitoring_view,
)
from scrutiny.risk.forecast import forecast_year
from scrutiny.workflows.monitoring import year_targets
from scrutiny.workflows.validate import load

ON = datetime.date(2022, 10, 12)
RECOMMENDATIONS = [
    RecommendationRow("Publish the fostering recruitment plan", "Director of Children's Services",
                      "15 September 2022", "No response yet", overdue=True),
    RecommendationRow("Report agency spend quarterly", "Head of Finance", "15 January 2023",
                      "Accepted"),
]  # fmt: skip
PROGRAMME = [ProgrammeRow("In-house fostering", "8 March 2023", ("THR-CSC-03",))]


@pytest.fixture(scope="module")
def view(examples: Path) -> MonitoringView:
    pf = load(examples / "thurrock-2022.yaml")
    targets = year_targets(pf, "2022/23")
    rng = np.random.default_rng(0)
    shares = {ref: rng.beta(8, 2, 1000) for ref in targets}
    q = Period.parse("2022/23 Q2")
    returns = {
        "THR-CSC-01": MonitoringReturn("THR-CSC-01", q, 500_000, 1_000_000, "green", "J. Okafor",
                                       ON, evidence="Ledger to 30 September"),
        "THR-CSC-03": MonitoringReturn("THR-CSC-03", q, 0, 0, "red", "J. Okafor", ON,
                                       commentary="No new carers approved", evidence="Panel"),
    }  # fmt: skip
    forecast = forecast_year("2022/23", targets, shares, [(q, returns)])
    return monitoring_view("Thurrock", forecast, pf, recommendations=RECOMMENDATIONS,
                           programme=PROGRAMME, illustrative=True, today=ON)  # fmt: skip


def test_the_html_report_has_the_rag_table_movement_chart_and_overdue_rows(
    view: MonitoringView, tmp_path: Path
) -> None:
    tree = lxml_html.parse(str(write_monitoring_html(view, tmp_path / "m.html")))
    headings = [h.text_content() for h in tree.iter("h2")]
    assert headings[:4] == ["Summary", "The savings by RAG rating",
                            "Movement since the last quarter", "The year-end forecast"]  # fmt: skip
    first = tree.xpath("//tr[@data-ref]")[0]
    assert first.get("data-ref") == "THR-CSC-03" and "Red" in first.text_content()
    overdue = tree.xpath("//tr[@data-overdue]")
    assert len(overdue) == 1 and "Overdue: No response yet" in overdue[0].text_content()
    assert "Publish the fostering recruitment plan" in overdue[0].text_content()
    assert "Overdue" not in tree.xpath("//tr[td='Report agency spend quarterly']")[0].text_content()
    [img] = tree.xpath("//figure/img")
    assert "THR-CSC-03 forecast £0 of £300k, rated Red" in img.get("alt")
    assert ILLUSTRATIVE_NOTE in tree.xpath("//p[@data-illustrative]")[0].text_content()
    assert "In-house fostering" in tree.getroot().text_content()
    assert "written on 12 October 2022" in tree.getroot().text_content()


def test_the_word_report_says_overdue_in_words(view: MonitoringView, tmp_path: Path) -> None:
    doc = Document(str(write_monitoring_docx(view, tmp_path / "m.docx")))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert ILLUSTRATIVE_NOTE in text and "Movement since the last quarter" in text
    cells = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    assert ["Publish the fostering recruitment plan", "Director of Children's Services",
            "15 September 2022", "Overdue: No response yet"] in cells  # fmt: skip
    assert ["Report agency spend quarterly", "Head of Finance", "15 January 2023",
            "Accepted"] in cells  # fmt: skip
    assert any(row[0] == "THR-CSC-03" and row[2] != "no change" for row in cells)
    assert any(s._inline.docPr.get("descr", "").startswith("Bar chart")
               for s in doc.inline_shapes)  # fmt: skip


def test_the_pdf_report_reads_back(view: MonitoringView, tmp_path: Path) -> None:
    pdf = pdfium.PdfDocument(write_monitoring_pdf(view, tmp_path / "m.pdf"))
    text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    text = " ".join(text.split())
    assert "Overdue: No response yet" in text and "Illustrative" in text
    assert "Thurrock: savings monitoring, 2022/23" in text
