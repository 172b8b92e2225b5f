"""Committee wording: the committee, its executive and budget meeting from the file; one
recommendation per theme, shared themes once for the file, each addressed and dated; at most
eight key questions; and the sharper rules D13–D15, I6 and A5 just not triggered."""

from __future__ import annotations

import dataclasses
import datetime
import json
import re
from pathlib import Path
from types import ModuleType

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrutiny.challenge.conclusions import response_date
from scrutiny.challenge.policy import Policy
from scrutiny.domain.proposal_file import parse_proposal_file
from scrutiny.parameters.loader import load_defaults
from scrutiny.workflows.simulate import run_simulation

ROOT = Path(__file__).resolve().parents[2]
ONE_DAY = datetime.timedelta(days=1)
USERS = [
    "families receiving early help",
    "children looked after",
    "care leavers",
    "disabled children",
    "foster carers",
    "children needing help out of hours",
]
SCHEMA = json.loads((ROOT / "docs" / "schemas" / "challenge.schema.json").read_text("utf-8"))


@pytest.fixture
def thurrock_report(kit: ModuleType, examples: Path):
    pf = kit.example("thurrock-2022.yaml", examples)
    summary = run_simulation(pf, iterations=2000, seed=1, parameters=load_defaults())
    return pf, kit.run(pf, summary)


def every_recommendation(report) -> list[str]:
    return [r for p in report.proposals for r in p.recommendations] + report.file_recommendations


def test_thurrock_recommendations_are_its_own_few_and_not_repeated(thurrock_report) -> None:
    pf, report = thurrock_report
    every = every_recommendation(report)
    assert 0 < len(every) <= 12
    assert len(set(every)) == len(every)
    others = ["Croydon", "Scrutiny & Overview", "Sub-Committee"]
    assert not [r for r in every for name in others if name in r]
    # No two say the same thing: at most one per theme and proposal, the shared ones once.
    starts = [re.sub(r"\(?[A-Z]{3}-[A-Z]{3}-\d\d\)?|THR\S*", "", r)[:40] for r in every]
    assert len(set(starts)) == len(starts), starts
    equality = [r for r in every if "equality impact assessment" in r]
    assert len(equality) == 1 and all(p.ref in equality[0] for p in pf.proposals)
    for r in every:
        assert ("Addressed to " in r or "For " in r) and "12 December 2021" in r, r


def test_thurrock_asks_for_the_one_off_cost_of_the_13_redundancies(thurrock_report) -> None:
    _, report = thurrock_report
    found = report.for_ref("THR-CSC-01")
    (d13,) = [f for r in found.questions.values() for f in r.findings if f.rule == "D13"]
    assert "13 redundancies" in d13.message and "£106k to £212k" in d13.message
    assert any("one-off cost of the 13 redundancies" in q for q in found.lines_of_enquiry)
    (d14,) = [f for r in found.questions.values() for f in r.findings if f.rule == "D14"]
    assert "£1.0m ÷ 15.4 FTE implies £65k" in d14.message and "THR-CSC-02" in d14.message


def test_thurrock_key_questions_are_ranked_and_few(thurrock_report) -> None:
    _, report = thurrock_report
    keys = report.key_questions
    assert 1 <= len(keys) <= 8
    assert [k.rank for k in keys] == list(range(1, len(keys) + 1))
    assert len({k.rule for k in keys}) == len(keys)
    assert all(k.why and k.question.endswith("?") for k in keys)
    assert any("13 redundancies" in k.question for k in keys)


def test_the_json_validates_against_the_schema(thurrock_report) -> None:
    _, report = thurrock_report
    jsonschema.validate(report.to_json(), SCHEMA)


def test_addressee_budget_meeting_and_date_come_from_the_file(kit: ModuleType) -> None:
    p = kit.proposal(savings=None, eqia={"status": "planned"})
    named = kit.run(
        kit.pf_of(
            p,
            meeting_date="2025-12-31",
            executive="the Mayor",
            budget_meeting="the Budget Panel",
            committee="People Scrutiny Panel",
        )
    )
    (profile, equality) = named.for_ref("P-1").recommendations
    assert "refer it to the Budget Panel" in profile and "Addressed to the Budget Panel" in profile
    # Two months after 31 December is the end of February.
    assert profile.endswith("response by 28 February 2026.")
    assert "before the Mayor decides" in equality and "Addressed to the Mayor" in equality
    plain = kit.run(kit.pf_of(p))
    (profile, _) = plain.for_ref("P-1").recommendations
    assert "the Council meeting that sets the budget" in profile
    assert "response within 2 months of the meeting" in profile
    sooner = dataclasses.replace(kit.default_policy(), response_months=1)
    (profile, _) = (
        kit.run(kit.pf_of(p, meeting_date="2025-12-31"), policy=sooner)
        .for_ref("P-1")
        .recommendations
    )
    assert profile.endswith("response by 31 January 2026.")


def test_a_theme_shared_by_proposals_is_put_once_for_the_file(kit: ModuleType) -> None:
    planned = {"eqia": {"status": "planned"}}
    report = kit.run(kit.pf_of(kit.proposal(**planned), kit.proposal(ref="P-2", **planned)))
    assert all(not p.recommendations for p in report.proposals)
    (equality,) = report.file_recommendations
    assert "equality impact assessments for P-1 and P-2" in equality
    other = kit.proposal(ref="P-2", service_users_affected="care leavers")
    alone = kit.run(kit.pf_of(kit.proposal(**planned), other))
    assert alone.file_recommendations == []
    assert len(alone.for_ref("P-1").recommendations) == 1


def test_no_council_name_in_the_code() -> None:
    names = {"Croydon", "Thurrock", "Scrutiny & Overview"}
    code = ROOT / "src" / "scrutiny" / "challenge"
    hits = [
        (path.name, name)
        for path in code.rglob("*.py")
        for name in names
        if name in path.read_text("utf-8")
    ]
    assert hits == []


STAFFING = {
    "category": "staffing",
    "savings": {"2024/25": 400000},
    "staffing": {"posts": 10, "fte": 8, "redundancies_max": 3},
}


def test_d13_redundancies_without_a_cost_and_just_priced(kit: ModuleType) -> None:
    (f,) = kit.findings(kit.run(kit.pf_of(kit.proposal(**STAFFING))), "D13")
    assert f.severity.value == "medium" and "3 redundancies" in f.message
    assert "£24k to £49k" in f.message and "(assumed)" in f.message
    priced = kit.proposal(**STAFFING, one_off_costs={"2024/25": 40000})
    assert kit.findings(kit.run(kit.pf_of(priced)), "D13") == []
    none = kit.proposal(**{**STAFFING, "staffing": {"posts": 10, "fte": 8}})
    assert kit.findings(kit.run(kit.pf_of(none)), "D13") == []


def test_d14_saving_per_fte_above_the_benchmark_and_just_within(kit: ModuleType) -> None:
    benchmark = kit.default_policy().workforce_cost_per_fte
    margin = kit.default_policy().d14_cost_per_fte_margin
    within = benchmark * (1 + margin) * 8  # exactly at the margin: not reported
    at = kit.proposal(**{**STAFFING, "savings": {"2024/25": within}})
    assert kit.findings(kit.run(kit.pf_of(at)), "D14") == []
    above = kit.proposal(**{**STAFFING, "savings": {"2024/25": within + 8000}})
    (f,) = kit.findings(kit.run(kit.pf_of(above)), "D14")
    assert "÷ 8 FTE implies" in f.message and "(derived)" in f.message


PRESSURE = {
    "source": "report.pdf",
    "locator": "para 3",
    "quote": "The placement budget is extremely volatile.",
}


def test_d15_prevention_cut_under_demand_pressure_and_without(kit: ModuleType) -> None:
    edge = kit.proposal(service_users_affected="families on the edge of care", evidence=[PRESSURE])
    (f,) = kit.findings(kit.run(kit.pf_of(edge)), "D15")
    assert "edge-of-care" in f.message and "extremely volatile" in f.message
    calm = kit.proposal(service_users_affected="families on the edge of care")
    assert kit.findings(kit.run(kit.pf_of(calm)), "D15") == []
    looked_after = kit.proposal(service_users_affected="children looked after", evidence=[PRESSURE])
    assert kit.findings(kit.run(kit.pf_of(looked_after)), "D15") == []


CLAIM = {"source": "report.pdf", "locator": "para 6.1", "quote": "This should not have an impact."}
RISK = {"description": "Waiting times rise", "likelihood": 2, "impact": 2}


def test_i6_no_impact_claim_against_the_papers_own_risks(kit: ModuleType) -> None:
    (f,) = kit.findings(kit.run(kit.pf_of(kit.proposal(evidence=[CLAIM], risks=[RISK]))), "I6")
    assert "“This should not have an impact” (para 6.1)" in f.message
    assert "waiting times rise" in f.message
    unclaimed = kit.proposal(risks=[RISK])
    assert kit.findings(kit.run(kit.pf_of(unclaimed)), "I6") == []
    nobody = kit.proposal(evidence=[CLAIM], service_users_affected=None)
    assert kit.findings(kit.run(kit.pf_of(nobody)), "I6") == []


EXPLORED = {"source": "report.pdf", "locator": "para 2", "quote": "Other options were considered."}


def test_a5_alternatives_said_to_be_explored_but_not_shown(kit: ModuleType) -> None:
    hidden = kit.proposal(alternatives=None, evidence=[EXPLORED])
    (f,) = kit.findings(kit.run(kit.pf_of(hidden)), "A5")
    assert "“Other options were considered” (para 2)" in f.message
    shown = kit.proposal(evidence=[EXPLORED])
    assert kit.findings(kit.run(kit.pf_of(shown)), "A5") == []
    unclaimed = kit.proposal(alternatives=None)
    assert kit.findings(kit.run(kit.pf_of(unclaimed)), "A5") == []


@settings(max_examples=200, deadline=None)
@given(
    meeting=st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2090, 12, 31)),
    months=st.integers(min_value=1, max_value=12),
)
def test_the_response_date_is_that_many_months_after_the_meeting(
    meeting: datetime.date, months: int
) -> None:
    pf = parse_proposal_file({"council": "Testshire", "meeting_date": meeting.isoformat()}, "t")
    policy = dataclasses.replace(Policy.from_parameters(load_defaults()), response_months=months)
    due = datetime.datetime.strptime(response_date(pf, policy), "by %d %B %Y").date()
    # Calendar months: the same day, or the month's last day when it is shorter.
    assert (due.year * 12 + due.month) - (meeting.year * 12 + meeting.month) == months
    assert due.day == meeting.day or (due.day < meeting.day and (due + ONE_DAY).day == 1)


@settings(
    max_examples=50,
    deadline=None,
    # The `kit` fixture is a module of helpers with no state to reset between examples.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(planned=st.lists(st.booleans(), min_size=1, max_size=len(USERS)))
def test_a_shared_theme_names_exactly_the_proposals_it_is_about(
    kit: ModuleType, planned: list[bool]
) -> None:
    # Each proposal affects a different group (no cumulative impact); those with an equality
    # impact assessment only planned are asked for it.
    proposals = [
        kit.proposal(
            ref=f"P-{i}",
            eqia={"status": "planned" if late else "complete"},
            service_users_affected=USERS[i - 1],
        )
        for i, late in enumerate(planned, start=1)
    ]
    report = kit.run(kit.pf_of(*proposals))
    every = every_recommendation(report)
    assert len(every) == len(set(every))
    wanted = {f"P-{i}" for i, late in enumerate(planned, start=1) if late}
    own = {p.ref for p in report.proposals for r in p.recommendations if "equality impact" in r}
    shared = [r for r in report.file_recommendations if "equality impact" in r]
    if len(wanted) >= 2:
        (line,) = shared
        assert set(re.findall(r"P-\d+", line)) == wanted and own == set()
    else:
        assert shared == [] and own == wanted
