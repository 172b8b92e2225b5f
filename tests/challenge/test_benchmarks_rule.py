"""Rule D12: an assumption outside the range the council and its similar councils have achieved.

The threshold is the achieved range itself; the tests put a vacancy rate just inside and just
outside each end of Croydon's range, from the published figures shipped in the package.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from scrutiny.challenge.engine import challenge
from scrutiny.challenge.registry import get
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.vocab import Question
from scrutiny.national.lookup import find_council
from scrutiny.reference.shipped import shipped
from scrutiny.workflows.benchmark import benchmarks_for
from scrutiny.workflows.challenge import run_challenge

D = Question.deliverable


def _croydon_range() -> tuple[float, float]:
    from scrutiny.national.assumptions import check_input

    data = shipped()
    area = find_council(data, "Croydon")
    assert area is not None
    years = data.years("vacancy_rate_fte")
    check = check_input(
        data, area, years[-1], ref="P-1", model="vacancy_factor", name="vacancy_rate", raw=0.2
    )
    assert check is not None and check.range_low is not None and check.range_high is not None
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
    return kit.pf_of(kit.proposal(model=model), council=council)


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
    low, high = _croydon_range()
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
        assert any("neither the Council nor similar councils" in line for line in found_line)
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
    (f,) = kit.findings(run_challenge(kept, None), "D12", ref=ref)
    # About 4,860 open cases assumed; the census counted 2,007 to 3,575 cases held in Croydon.
    assert f.message.startswith(f"{ref} assumes cases held 4,8")
    assert "above the range Croydon has achieved (2,007 to 3,575)" in f.message


@pytest.mark.parametrize(
    ("cost", "found"), [(560.0, True), (580.0, False), (1020.0, False), (1030.0, True)]
)
def test_d12_ifa_weekly_cost_on_both_sides_of_the_policy_margin(
    kit: ModuleType, cost: float, found: bool
) -> None:
    # National IFA figures £759 to £820; the default margin 0.25 allows £569.25 to £1,025.
    model = {
        "type": "fostering_recruitment",
        "inputs": {"net_households": 10, "ifa_weekly_cost": cost, "inhouse_weekly_cost": 600},
    }
    pf = kit.pf_of(kit.proposal(model=model), council="Thurrock")
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
    model = {
        "type": "fostering_recruitment",
        "inputs": {"net_households": 10, "ifa_weekly_cost": 560, "inhouse_weekly_cost": 600},
    }
    pf = kit.pf_of(kit.proposal(model=model), council="Thurrock")
    flagged = [f for f in kit.findings(run_challenge(pf, None), "D12") if "agency" in f.message]
    assert flagged
    relaxed = run_challenge(pf, None, policy_file=policy)
    assert [f for f in kit.findings(relaxed, "D12") if "agency" in f.message] == []


def test_d12_national_cost_evidence_and_enquiry(kit: ModuleType, examples: Path) -> None:
    report = run_challenge(kit.example("thurrock-2022.yaml", examples), None)
    (f,) = kit.findings(report, "D12", ref="THR-CSC-03")
    described = [e.describe() for e in f.evidence]
    assert described[0] == "proposals[2].model.inputs.inhouse_weekly_cost = 435.38"
    assert described[1].startswith("national in-house foster care weekly cost, 2017/18 (")
    assert "PSSRU" in described[1] and described[1].endswith("= 646.0")
    assert described[2].startswith("net spend per child looked after per week, Thurrock, 2024-25")
    assert described[3] == "lowest national figure less the margin = 484.5"
    lines = report.for_ref("THR-CSC-03").lines_of_enquiry
    assert any(line.endswith("why does it differ from the national figures?") for line in lines)
