"""The report leads with what a finance team measures: expected delivery, money at risk, the
recommended contingency and the RAG rating, on the Thurrock example through the real simulation
and challenge; the chance of meeting the target comes second."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.results import ChallengeReport, SimulationSummary
from scrutiny.reports import charts
from scrutiny.reports.context import build_context
from scrutiny.reports.html import render_html
from scrutiny.workflows.challenge import run_challenge
from scrutiny.workflows.simulate import run_simulation

from .conftest import EXAMPLES, load

Results = tuple[ProposalFile, SimulationSummary, ChallengeReport]
MONEY = r"£\d+(?:\.\d+)?[mk]?"
"""Money as a finance officer writes it: £1.26m, £480k, £640."""


@pytest.fixture(scope="module")
def thurrock_run() -> Results:
    pf = load(EXAMPLES / "thurrock-2022.yaml")
    summary = run_simulation(pf, iterations=4000, seed=1)
    return pf, summary, run_challenge(pf, summary)


def with_contingency(summary: SimulationSummary, amount: float) -> SimulationSummary:
    years = {
        y: s.model_copy(update={"contingency": amount}) for y, s in summary.portfolio.years.items()
    }
    return summary.model_copy(
        update={"portfolio": summary.portfolio.model_copy(update={"years": years})}
    )


def summary_points(pf: ProposalFile, summary: SimulationSummary, challenge) -> list[str]:  # type: ignore[no-untyped-def]
    """The executive summary's bullet points as the rendered HTML shows them."""
    tree = lxml_html.fromstring(render_html(build_context(pf, summary, challenge)))
    section = tree.get_element_by_id("summary")
    return [" ".join(li.text_content().split()) for li in section.find("ul").iter("li")]


def test_thurrock_summary_leads_with_expected_delivery_money_at_risk_and_contingency(
    thurrock_run: Results,
) -> None:
    pf, summary, challenge = thurrock_run
    points = summary_points(pf, with_contingency(summary, 312_400), challenge)
    plan = summary.portfolio.years["2023/24"]
    first = (
        rf"^Expected delivery: ({MONEY}) of the £1\.8m the 4 proposals are to save by 2023/24 "
        rf"\((\d+)%\), with ({MONEY}) at risk of not being delivered; the plan is rated "
        rf"(red|amber|green)\.$"
    )
    match = re.match(first, points[0])
    assert match, points[0]
    assert int(match[2]) == round(100 * plan.mean / plan.cumulative_target)
    assert match[4] == plan.rag
    assert points[1].startswith("Recommended contingency: £312k for 2023/24, a reserve")
    assert "derived" in points[1]
    rag_line = next(p for p in points if p.startswith("Proposals by RAG rating"))
    assert points.index(rag_line) <= 3
    for ref in ("THR-CSC-01", "THR-CSC-02", "THR-CSC-03"):
        rag = challenge.for_ref(ref)  # each rated proposal named under its rating
        assert rag is not None and ref in rag_line
    assert "1 with no target to rate" in rag_line  # THR-CSC-04 names no figure
    chance = next(i for i, p in enumerate(points) if p.startswith("The chance that"))
    assert chance > points.index(rag_line)  # the probability is secondary
    assert not any("0% chance" in p for p in points[:chance])


def test_no_contingency_line_without_a_reference_class_view(thurrock_run: Results) -> None:
    pf, summary, challenge = thurrock_run
    bare = with_contingency(summary, 0.0)
    bare = bare.model_copy(
        update={
            "portfolio": bare.portfolio.model_copy(
                update={
                    "years": {
                        y: s.model_copy(update={"contingency": None})
                        for y, s in bare.portfolio.years.items()
                    }
                }
            )
        }
    )
    points = summary_points(pf, bare, challenge)
    assert points[0].startswith("Expected delivery: ")
    assert not any("contingency" in p.lower() for p in points)
    table = lxml_html.fromstring(render_html(build_context(pf, bare, challenge)))
    headers = [th.text_content() for th in table.iter("th")]
    assert not any("contingency" in h.lower() for h in headers)


def test_thurrock_tables_give_expected_delivery_at_risk_and_rag_in_words(
    thurrock_run: Results,
) -> None:
    pf, summary, challenge = thurrock_run
    ctx = build_context(pf, with_contingency(summary, 312_400), challenge)
    tree = lxml_html.fromstring(render_html(ctx))
    table1 = tree.get_element_by_id("summary").find("table")  # the plan by year
    header = [th.text_content() for th in table1.find("thead").iter("th")]
    assert header.index("Expected delivery (share of target)") < header.index("At risk")
    assert header.index("RAG") < header.index("Chance of at least 95% of target")
    assert "Recommended contingency (derived)" in header
    rows = [[c.text_content() for c in tr] for tr in table1.find("tbody").iter("tr")]
    for row, year in zip(rows, ("2022/23", "2023/24"), strict=True):
        stats = summary.portfolio.years[year]
        expected = row[header.index("Expected delivery (share of target)")]
        assert re.fullmatch(rf"{MONEY} \(\d+%\)", expected), expected
        assert row[header.index("RAG")] == stats.rag.capitalize()  # type: ignore[union-attr]
        assert row[header.index("Recommended contingency (derived)")] == "£312k"
    section = tree.get_element_by_id("p-thr-csc-02")
    glance = " ".join(section.find_class("glance")[0].text_content().split())
    assert re.search(rf"a saving of £200k; expected {MONEY} of the £200k target", glance)
    assert glance.index("at risk") < glance.index("chance")


def test_a_removed_proposal_appears_only_among_the_money_still_to_be_found(
    tmp_path: Path,
) -> None:
    pf = load(EXAMPLES / "croydon-2024.yaml")
    summary = run_simulation(pf, iterations=500, seed=1)
    ctx = build_context(pf, summary, run_challenge(pf, summary))
    tree = lxml_html.fromstring(render_html(ctx))
    ref = "2024-28 SAV CYPE 001"
    assert [p.ref for p in ctx.proposals] == ["2024-28 SAV CYPE 003"]
    assert ref not in tree.get_element_by_id("register").text_content()
    (removed,) = [t for t in tree.iter("table") if "removed from the plan" in t.text_content()]
    row = " ".join(removed.find("tbody").text_content().split())
    assert ref in row and "£1.1m" in row
    assert "unacceptable risk" in row  # the reason the papers give, quoted with its place
    assert "Conclusions (CYPE 001), 2" in row


def test_the_delivery_chart_puts_the_most_money_at_risk_first_with_ratings_in_words(
    thurrock_run: Results,
) -> None:
    pf, summary, challenge = thurrock_run
    ctx = build_context(pf, summary, challenge)
    (chart,) = [c for c in ctx.portfolio_charts if c.kind == "delivery"]
    rows = {r.ref: r.delivery for r in ctx.rows if r.delivery is not None}
    assert set(chart.labels) == set(rows) == {"THR-CSC-01", "THR-CSC-02", "THR-CSC-03"}
    at_risk = [rows[ref].at_risk for ref in chart.labels]  # type: ignore[union-attr]
    assert at_risk == sorted(at_risk, reverse=True)
    for ref in chart.labels:
        d = rows[ref]
        assert d is not None
        assert f"{ref} expected {d.expected_text} of" in chart.alt
        assert f"{d.at_risk_text} at risk, rated {d.rag}" in chart.alt
    drawn = charts.render(chart, "svg").decode("utf-8")
    assert all(rag in drawn for rag in {rows[r].rag for r in chart.labels})  # type: ignore[union-attr]
