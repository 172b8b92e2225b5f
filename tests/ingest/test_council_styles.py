"""Extraction on papers written in different councils' habits.

Each text is a short paper in one style (ModernGov minutes, officer reports with numbered
paragraphs, budget tables flattened to text, decision notices); the expected figures are what a
reader of the paper would record. A field left as None is not checked for that paper.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from scrutiny.ingest.document import AnchoredText
from scrutiny.ingest.extract.facts import Extraction, extract


@dataclass(frozen=True)
class Paper:
    name: str
    text: str
    money: list[tuple[str, str]] | None = None  # (text, kind) in order
    references: list[str] | None = None
    workforce: list[tuple[str, str]] | None = None  # (text, what) in order
    proposals: list[tuple[str | None, str]] | None = None  # (ref, title)
    recommendations: int | None = None


PAPERS = [
    Paper(
        "cabinet report with proposal lines",
        "Cabinet, 3 March 2025 - Budget 2025/26\n"
        "4. Proposal CYP-SAV-02: Reduce home to school transport spend by £320k per annum "
        "through independent travel training.\n"
        "5. Proposal CYP-SAV-03: Review of short breaks commissioning, saving £0.15m in "
        "2025/26.\n",
        money=[("£320k", "saving"), ("£0.15m", "saving")],
        references=["CYP-SAV-02", "CYP-SAV-03"],
        proposals=[
            ("CYP-SAV-02", "Reduce home to school transport spend"),
            ("CYP-SAV-03", "Review of short breaks commissioning"),
        ],
    ),
    Paper(
        "budget table flattened to text",
        "Appendix B - Savings proposals 2025/26\n"
        "Ref Description 2025/26\n"
        "CHS01 Step-down from residential care £0.40m\n"
        "CHS02 Edge of care service redesign £0.22m\n"
        "CHS03 Review of management structure £0.10m\n",
        references=["CHS01", "CHS02", "CHS03"],
        proposals=[
            ("CHS01", "Step-down from residential care"),
            ("CHS02", "Edge of care service redesign"),
            ("CHS03", "Review of management structure"),
        ],
    ),
    Paper(
        "slashed codes in a savings list",
        "The savings proposals for Children's Social Care are CSC/SAV/01 (placement "
        "sufficiency) and CSC/SAV/02 (contract renegotiation), together worth £1.1m.",
        money=[("£1.1m", "saving")],
        references=["CSC/SAV/01", "CSC/SAV/02"],
    ),
    Paper(
        "report numbers and decision numbers are not savings codes",
        "Report of the Director of Children's Services (Report No. CS/24/17). This report "
        "follows report ED19042 and decision CAB/2024/31 on the savings programme.",
        references=[],
    ),
    Paper(
        "spaced service codes heading proposals",
        "CYP 04 - Reduction in the use of independent fostering agencies\n"
        "A saving of £200,000 is expected in 2025/26.\n"
        "CYP 05 - Integrated front door\n"
        "A saving of £90,000 is expected in 2026/27.\n",
        money=[("£200,000", "saving"), ("£90,000", "saving")],
        references=["CYP 04", "CYP 05"],
        proposals=[
            ("CYP 04", "Reduction in the use of independent fostering agencies"),
            ("CYP 05", "Integrated front door"),
        ],
    ),
    Paper(
        "ampersand codes in minutes",
        "Members asked about savings proposal C&F 4, which would save £75,000 by ending "
        "the spot purchase of supported lodgings, and C&F 5 on transport.",
        money=[("£75,000", "saving")],
        references=["C&F 4", "C&F 5"],
    ),
    Paper(
        "year-led and service-led codes",
        "2025/26-CS-03 - Commissioning review\n"
        "SAV-CS-2025-01 - Reshaping early help\n"
        "The two savings together deliver £600k.",
        references=["2025/26-CS-03", "SAV-CS-2025-01"],
    ),
    Paper(
        "a labelled reference",
        "Ref: SP-11 Review of staffing in the Family Support service. The saving is £60k.",
        references=["SP-11"],
        money=[("£60k", "saving")],
    ),
    Paper(
        "legislation, paragraphs and programmes are not references",
        "3.2 Under s17 and Section 20 of the Children Act 1989, and as part of the "
        "Transformation 2021 (T21) programme, the savings in paragraph 3.4 remain deliverable.",
        references=[],
    ),
    Paper(
        "growth codes are not savings",
        "G1 Growth in placement demand £1.2m\nG2 Pressure from inflation £0.8m\n",
        references=[],
        proposals=[],
    ),
    Paper(
        "rates named by their own clause",
        "The service has a vacancy rate of 21% and agency staff make up 17% of the "
        "workforce, while 9% of posts are filled by secondees.",
        workforce=[("21%", "vacancy_rate"), ("17%", "agency_rate")],
    ),
    Paper(
        "rate written before its measure",
        "Officers reported an 11% agency rate and a 15% vacancy rate across social work teams.",
        workforce=[("11%", "agency_rate"), ("15%", "vacancy_rate")],
    ),
    Paper(
        "grant allocations and settlement",
        "The provisional settlement confirms grant allocations of £4.6m for children's social "
        "care, and the Council's revenue budget is £210m.",
        money=[("£4.6m", "grant"), ("£210m", "budget")],
    ),
    Paper(
        "a proposed reduction in spending is a saving",
        "It is proposed to reduce the external placements budget by £1.3m over two years, "
        "while the cost of an agency social worker is £1,100 per week.",
        money=[("£1.3m", "saving"), ("£1,100", "cost")],
    ),
    Paper(
        "decision notice with lettered recommendations",
        "DECISION NOTICE\n"
        "Decision: Cabinet RESOLVED to:\n"
        "(a) approve savings of £2.4m for 2025/26;\n"
        "(b) note the forecast overspend of £0.9m; and\n"
        "(c) note that reserves of £5m remain.\n"
        "Reasons for decision\n"
        "To set a balanced budget.\n",
        money=[("£2.4m", "saving"), ("£0.9m", "overspend"), ("£5m", "reserve")],
        recommendations=3,
    ),
    Paper(
        "ModernGov minute with a numbered resolution",
        "47 Budget Monitoring Quarter 2\n"
        "The Committee considered the report. Children's services reported a budget gap of "
        "£6.5m and 14 agency posts.\n"
        "RESOLVED:\n"
        "1. That the report be noted.\n"
        "2. That a further report be brought in January.\n",
        money=[("£6.5m", "funding_gap")],
        workforce=[("14 agency posts", "posts")],
        recommendations=2,
    ),
    Paper(
        "officer report with FTE and deleted posts",
        "5.1 The restructure (ref ASC-12) deletes 4.5 FTE, of which two posts are vacant, "
        "and saves £140,000 a year.",
        money=[("£140,000", "saving")],
        references=["ASC-12"],
        workforce=[("4.5 FTE", "fte"), ("two posts", "posts")],
    ),
    Paper(
        "monitoring periods in a savings tracker are not savings codes",
        "Savings tracker 2025/26\nP6 forecast shortfall against savings £0.4m\n"
        "M9 variance on savings delivery £0.3m\n",
        references=[],
        proposals=[],
    ),
    Paper(
        "a code named in a recommendation is a reference but not a draft",
        "Cabinet is recommended to:\n"
        "(a) approve proposal CSC/SAV/03 as set out in Appendix 2, saving £0.3m;\n"
        "(b) note the risks to delivery.\n",
        money=[("£0.3m", "saving")],
        references=["CSC/SAV/03"],
        proposals=[],
        recommendations=2,
    ),
    Paper(
        "headings with the amount in brackets",
        "E1 – Early Help restructure (£120,000)\nE2 – Youth service review (£80,000)\n",
        money=[("£120,000", "saving"), ("£80,000", "saving")],
        references=["E1", "E2"],
        proposals=[("E1", "Early Help restructure"), ("E2", "Youth service review")],
    ),
    Paper(
        "a table with cell separators",
        "Ref | Proposal | 2025/26 | 2026/27\n"
        "FAM01 | Reunification programme | £250k | £150k\n"
        "FAM02 | Residential commissioning | £0.5m | £0.3m\n",
        references=["FAM01", "FAM02"],
        proposals=[("FAM01", "Reunification programme"), ("FAM02", "Residential commissioning")],
    ),
    Paper(
        "a numbered proposal with its code in brackets",
        "Proposal 4 (CYPS/E/04) - Commissioning efficiencies: £95k in 2025/26\n",
        money=[("£95k", "saving")],
        references=["CYPS/E/04"],
        proposals=[("CYPS/E/04", "Commissioning efficiencies")],
    ),
    Paper(
        "a savings reference label before a spaced code",
        "Savings Ref: CSF 12 – Reduce spend on external placements £650,000 2025/26\n",
        money=[("£650,000", "saving")],
        references=["CSF 12"],
        proposals=[("CSF 12", "Reduce spend on external placements")],
    ),
    Paper(
        "rates stated as shares and levels",
        "Agency social workers account for 28% of qualified posts. Vacancies are running at "
        "24% in the Children in Care teams, with 11 agency workers covering.",
        workforce=[("28%", "agency_rate"), ("24%", "vacancy_rate"), ("11 agency workers", "posts")],
    ),
    Paper(
        "monitoring report kinds",
        "A contribution of £250k from the ICB has been agreed, and a drawdown of £1m from "
        "earmarked reserves. An underspend of £0.3m on staffing offsets the overspend of £1.2m "
        "on placements.",
        money=[("£250k", "income"), ("£1m", "reserve"), ("£0.3m", "other"), ("£1.2m", "overspend")],
    ),
    Paper(
        "table, annex, decision and assessment labels are not savings codes",
        "The proposal saves £40k (see Appendix A-3 and Table B-2). Savings were reported to "
        "Cabinet under reference CAB/123 and Key Decision KD-2025-014; EIA-04 was published "
        "with saving proposal CYPS-04.",
        references=["CYPS-04"],
    ),
    Paper(
        "a sum still to find is a funding gap; spending power is government funding",
        "The Council must find £14.5m to balance the budget in 2025/26. Core Spending Power "
        "increases by £9.8m.",
        money=[("£14.5m", "funding_gap"), ("£9.8m", "grant")],
    ),
    Paper(
        "short codes mid-sentence without a savings cue are not references",
        "Room E2 on level B1 hosts the meeting; bus route A12 stops outside.",
        references=[],
    ),
]


def _run(paper: Paper) -> Extraction:
    return extract(AnchoredText.plain("paper.txt", paper.text))


@pytest.mark.parametrize("paper", PAPERS, ids=[p.name for p in PAPERS])
def test_paper(paper: Paper) -> None:
    got = _run(paper)
    if paper.money is not None:
        assert [(m.text, m.kind) for m in got.money] == paper.money
    if paper.references is not None:
        assert list(got.references) == paper.references
    if paper.workforce is not None:
        assert [(w.text, w.what) for w in got.workforce] == paper.workforce
    if paper.proposals is not None:
        assert [(p.ref, p.title) for p in got.proposals] == paper.proposals
    if paper.recommendations is not None:
        assert got.recommendations == paper.recommendations


def test_proposal_line_keeps_amounts_and_years() -> None:
    text = (
        "Proposal CS-SAV-09: Family hubs realignment, saving £0.2m in 2025/26 and £0.3m in 2026/27."
    )
    (proposal,) = _run(Paper("x", text)).proposals
    assert proposal.savings == {"2025/26": 200_000.0, "2026/27": 300_000.0}
    assert proposal.amounts == (200_000.0, 300_000.0)


def test_a_code_is_drafted_once_even_when_mentioned_again() -> None:
    text = (
        "CHS07 Reduce agency spend £0.3m\n"
        "CHS07 Reduce agency spend £0.3m (repeated in the summary table)\n"
    )
    assert [p.ref for p in _run(Paper("x", text)).proposals] == ["CHS07"]
