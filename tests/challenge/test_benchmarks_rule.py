"""Rule D12: an assumption outside the range the council and its neighbours have achieved, and
national costs compared like with like in time.

The threshold is the achieved range itself; the tests put a vacancy rate just inside and just
outside each end of Croydon's range, from the published figures shipped in the package.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from types import ModuleType

import pytest

from scrutiny.challenge.engine import challenge
from scrutiny.challenge.registry import get
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.vocab import Question
from scrutiny.parameters.loader import load_defaults
from scrutiny.workflows.benchmark import benchmarks_for
from scrutiny.workflows.challenge import load_policy, run_challenge

D = Question.deliverable


def _croydon_range(kit: ModuleType) -> tuple[float, float]:
    (check,) = [c for c in benchmarks_for(_file(kit, 0.2)) if c.input == "vacancy_rate"]
    assert check.range_low is not None and check.range_high is not None
    return check.range_low, check.range_high


def _file(kit: ModuleType, vacancy_rate: float, council: str = "Croydon") -> ProposalFile:
    model = {
        "type": "vacancy_factor",
        "inputs": {
            "establishment_fte": 262,
            "cost_per_fte": 60000,
            "vacancy_factor": 0.07,
            "vacancy_rate": vacancy_rate,
            "agency_cover": 0.9,
            "agency_premium": 0.6,
        },
    }
    # As at a meeting in November 2024: the 30 September 2024 workforce census and the DfE
    # statistical neighbours of April 2021.
    return kit.pf_of(kit.proposal(model=model), council=council, meeting_date="2024-11-01")


def _run(kit: ModuleType, pf: ProposalFile):  # type: ignore[no-untyped-def]
    return challenge(pf, None, kit.default_policy(), benchmarks=benchmarks_for(pf))


def test_d12_is_registered_under_deliverable() -> None:
    rule = get("D12")
    assert rule.question == D and rule.severity.value == "medium" and not rule.gap


@pytest.mark.parametrize(
    ("offset_from", "offset", "found"),
    [("low", -0.001, True), ("low", 0.0, False), ("high", 0.0, False), ("high", 0.001, True)],
)
def test_d12_on_both_sides_of_each_end_of_the_range(
    kit: ModuleType, offset_from: str, offset: float, found: bool
) -> None:
    low, high = _croydon_range(kit)
    value = (low if offset_from == "low" else high) + offset
    report = _run(kit, _file(kit, value))
    d12 = kit.findings(report, "D12")
    assert bool(d12) is found
    if found:
        (f,) = d12
        assert f.severity.value == "medium"
        side = "below" if offset < 0 else "above"
        assert "P-1 assumes vacancy rate" in f.message and f"{side} the range" in f.message
        assert "Croydon" in f.message and "csww25" in f.message
        assert f.evidence[0].describe() == f"proposals[0].model.inputs.vacancy_rate = {value}"
        names = [e.describe() for e in f.evidence]
        assert any("published vacancy rate, England" in n for n in names)
        found_line = report.for_ref("P-1").lines_of_enquiry
        assert any("neither the Council nor its neighbours" in line for line in found_line)
    else:
        without = challenge(_file(kit, value), None, kit.default_policy())
        assert kit.verdict(report, D) == kit.verdict(without, D)


def test_the_issue_example_five_percent_vacancy(kit: ModuleType) -> None:
    (f,) = kit.findings(_run(kit, _file(kit, 0.05)), "D12")
    assert "assumes vacancy rate 5%, below the range" in f.message


def test_d12_is_silent_for_a_council_not_in_the_national_data(kit: ModuleType) -> None:
    pf = _file(kit, 0.01, council="Testshire")
    assert benchmarks_for(pf) == []
    assert kit.findings(_run(kit, pf), "D12") == []


def test_d12_is_silent_for_a_removed_proposal(kit: ModuleType) -> None:
    pf = _file(kit, 0.01)
    data = pf.to_data()
    data["proposals"][0]["status"] = "removed"
    removed = kit.pf_of(*data["proposals"], council="Croydon")
    assert kit.findings(_run(kit, removed), "D12") == []


def test_the_workflow_compares_the_croydon_example(kit: ModuleType, examples: Path) -> None:
    pf = kit.example("croydon-2024.yaml", examples)
    ref = "2024-28 SAV CYPE 001"
    # The seed's vacancy factor was removed from the budget: D12 says nothing about it.
    assert pf.proposal(ref).is_removed
    assert kit.findings(run_challenge(pf, None), "D12", ref=ref) == []
    data = pf.to_data()
    data["proposals"][0]["status"] = "proposed"
    kept = kit.pf_of(*data["proposals"], council="Croydon")
    # Open cases are Croydon's own published census count (3,023), inside the range Croydon has
    # achieved (2,007 to 3,575): nothing to compare against, even with the proposal kept.
    assert kit.findings(run_challenge(kept, None), "D12", ref=ref) == []
    data["proposals"][0]["model"]["inputs"]["open_cases"] = 4860
    (f,) = kit.findings(
        run_challenge(kit.pf_of(*data["proposals"], council="Croydon"), None), "D12", ref=ref
    )
    assert f.message.startswith(f"{ref} assumes cases held 4,8")
    assert "above the range Croydon has achieved (2,007 to 3,575)" in f.message


def _fostering(
    kit: ModuleType, ifa: float, year: str = "2021/22", **fields: object
) -> ProposalFile:
    model = {
        "type": "fostering_recruitment",
        "inputs": {"net_households": 10, "ifa_weekly_cost": ifa, "inhouse_weekly_cost": 600},
    }
    proposal = kit.proposal(model=model, savings={year: 1000}, stated_total=1000)
    return kit.pf_of(proposal, council="Thurrock", **fields)  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("cost", "found"), [(610.0, True), (620.0, False), (1020.0, False), (1030.0, True)]
)
def test_d12_ifa_weekly_cost_on_both_sides_of_the_policy_margin(
    kit: ModuleType, cost: float, found: bool
) -> None:
    # Savings in 2021/22: the national IFA figure for that year is £820; the default margin
    # 0.25 allows £615 to £1,025.
    pf = _fostering(kit, cost)
    report = run_challenge(pf, None)
    d12 = [
        f for f in kit.findings(report, "D12") if "ifa_weekly_cost" in str(f.evidence[0].describe())
    ]
    assert bool(d12) is found
    if found:
        assert "independent fostering agency weekly cost" in d12[0].message


def test_d12_margin_comes_from_the_policy_file(kit: ModuleType, tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        "parameters:\n"
        "  policy.d12_unit_cost_margin:\n"
        "    description: Our own margin\n"
        "    unit: share\n"
        "    as_of: 2026-11-01\n"
        "    values:\n"
        '      "2020/21":\n'
        "        value: 0.5\n"
        "        source: {title: Our own policy, publisher: Testshire Council}\n",
        encoding="utf-8",
    )
    pf = _fostering(kit, 560)
    flagged = [f for f in kit.findings(run_challenge(pf, None), "D12") if "agency" in f.message]
    assert flagged
    relaxed = run_challenge(pf, None, policy=load_policy(policy))
    assert [f for f in kit.findings(relaxed, "D12") if "agency" in f.message] == []


def test_d12_national_cost_evidence_and_enquiry(kit: ModuleType) -> None:
    report = run_challenge(_fostering(kit, 500), None)
    (f,) = [f for f in kit.findings(report, "D12") if "agency" in f.message]
    described = [e.describe() for e in f.evidence]
    assert described[0] == "proposals[0].model.inputs.ifa_weekly_cost = 500.0"
    assert described[1].startswith("national independent fostering agency weekly cost, 2021/22")
    assert described[1].endswith("= 820.0")
    assert described[-2] == "lowest national figure less the margin = 615.0"
    lines = report.for_ref(f.message.split(" assumes")[0]).lines_of_enquiry
    assert any(line.endswith("why does it differ from the national figures?") for line in lines)


def test_d12_refuses_a_national_cost_from_another_year_and_says_why(kit: ModuleType) -> None:
    # Savings in 2024/25: the national figures are for 2018/19 and 2021/22 and no sourced index
    # brings them to 2024/25, so a cost far below them is not compared (no finding).
    report = run_challenge(_fostering(kit, 100, year="2024/25"), None)
    assert [f for f in kit.findings(report, "D12") if "agency" in f.message] == []
    (check,) = [
        c
        for c in benchmarks_for(_fostering(kit, 100, year="2024/25"), parameters=load_defaults())
        if c.input == "ifa_weekly_cost"
    ]
    assert check.status == "not_comparable" and not check.outside
    assert "the national figures are for 2018/19 and 2021/22, not 2024/25" in check.message
    assert "no sourced price index" in check.message


def test_d12_leaves_out_a_national_cost_published_after_the_meeting(kit: ModuleType) -> None:
    # The CMA's 2021/22 figure was published on 22 October 2021: a meeting on 12 October 2021
    # has no national figure for 2021/22 to compare with; with hindsight it has.
    pf = _fostering(kit, 500, meeting_date="2021-10-12")
    (before,) = [
        c for c in benchmarks_for(pf, parameters=load_defaults()) if c.input == "ifa_weekly_cost"
    ]
    assert before.status == "not_comparable"
    assert "the national figures are for 2018/19, not 2021/22" in before.message
    after = [
        c
        for c in benchmarks_for(pf, parameters=load_defaults(), as_at=datetime.date(2021, 11, 1))
        if c.input == "ifa_weekly_cost"
    ]
    assert after[0].status == "below"
