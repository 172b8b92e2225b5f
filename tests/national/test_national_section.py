"""The report's benchmarking section: key figures with sources, charts with gaps, D12's list."""

from __future__ import annotations

from pathlib import Path

from scrutiny.national.section import CHART_MEASURES, KEY_MEASURES
from scrutiny.workflows.benchmark import report_section
from scrutiny.workflows.validate import load


def test_croydon_section(examples: Path) -> None:
    section = report_section(load(examples / "croydon-2024.yaml"), year=2024)
    assert section is not None
    assert [r.indicator.measure for r in section.rows] == list(KEY_MEASURES)
    vacancy = section.rows[KEY_MEASURES.index("vacancy_rate_fte")]
    assert (vacancy.council.value, vacancy.england.value, vacancy.council.source) == (
        32.4,
        17.3,
        "csww25",
    )
    assert [c.measure for c in section.charts] == list(CHART_MEASURES)
    chart = section.charts[0]
    assert chart.title == "Vacancy rate, 30 September 2024"
    assert [b.kind for b in chart.bars[:3]] == ["council", "england", "region"]
    assert len(chart.bars) == 13
    assert [c.input for c in section.outside] == []  # open cases are Croydon's published count
    assert "Department for Education" in section.similar_method
    assert section.neighbours_name == "DfE statistical neighbours (April 2021 grouping)"


def test_thurrock_section_keeps_missing_spend_as_a_gap(examples: Path) -> None:
    section = report_section(load(examples / "thurrock-2022.yaml"), year=2024)
    assert section is not None
    spend = section.rows[KEY_MEASURES.index("cla_net_expenditure_per_child_looked_after")]
    assert spend.council.value is None and spend.council.missing
    # The fostering costs have no national figure for the savings' year: not compared.
    assert section.outside == []


def test_thurrock_section_is_as_at_the_meeting(examples: Path) -> None:
    section = report_section(load(examples / "thurrock-2022.yaml"))
    assert section is not None
    b = section.benchmark
    assert b.as_at is not None and b.as_at.isoformat() == "2021-10-12"
    assert b.periods["cla"] == "31 March 2021"
    assert b.periods["workforce"] == "30 September 2021"
    assert b.neighbour_set.in_force_from is not None
    assert b.neighbour_set.in_force_from.isoformat() == "2021-04-01"
    assert "as at 12 October 2021" in section.similar_method


def test_no_section_for_a_council_outside_the_data(examples: Path) -> None:
    pf = load(examples / "croydon-2024.yaml").model_copy(update={"council": "Testshire"})
    assert report_section(pf) is None
