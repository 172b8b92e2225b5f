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
