"""A well-prepared proposal is assured on all three questions; members' overrides sit beside."""

from __future__ import annotations

import datetime
from types import ModuleType

import pytest

from scrutiny.domain.evidence import Override
from scrutiny.domain.vocab import Question, Verdict

COMPLETE = {
    "ref": "P-1",
    "title": "Restructure the business support team",
    "service": "Business Support",
    "category": "staffing",
    "savings": {"2024/25": 300000, "2025/26": 100000},
    "stated_total": 400000,
    "staffing": {"posts": 10, "fte": 8.5, "redundancies_max": 0},
    "service_users_affected": "social workers supported by the team",
    "statutory_duties": ["Children Act 1989 s17"],
    "eqia": {"status": "complete"},
    "consultation": {"staff": "complete", "service_users": "complete"},
    "alternatives": [
        {"title": "Do nothing", "reason_rejected": "The gap remains", "cost": 0},
        {"title": "Outsource", "reason_rejected": "Dearer over 3 years", "cost": 120000},
    ],
    "risks": [
        {
            "description": "Slower case recording",
            "likelihood": 3,
            "impact": 4,
            "mitigation": "Digital forms",
        }
    ],
}


@pytest.mark.parametrize("p_meet", [0.8, 0.93])
def test_complete_proposal_is_assured_on_every_question(kit: ModuleType, p_meet: float) -> None:
    summary = kit.summary_for("P-1", {"2024/25": 0.97, "2025/26": p_meet}, target=300000)
    report = kit.run(kit.pf_of(COMPLETE), summary)
    found = report.for_ref("P-1")
    assert {q: r.verdict for q, r in found.questions.items()} == {
        q: Verdict.assured for q in Question
    }
    assert "were assured that the £0.4m saving" in found.conclusions[0]
    assert (
        "with £540k (90% of its target) expected to be delivered by 2025/26"
        in (found.conclusions[0])
    )
    assert len(found.conclusions) >= 3 and found.lines_of_enquiry == []


def test_just_below_eighty_percent_is_no_longer_assured(kit: ModuleType) -> None:
    summary = kit.summary_for("P-1", {"2024/25": 0.97, "2025/26": 0.79}, target=300000)
    report = kit.run(kit.pf_of(COMPLETE), summary)
    assert kit.verdict(report, Question.deliverable) == Verdict.partially_assured
    assert kit.verdict(report, Question.impact) == Verdict.assured


def test_members_override_is_shown_beside_the_engines_verdict(kit: ModuleType) -> None:
    pf = kit.pf_of(COMPLETE)
    at = datetime.datetime(2024, 1, 17, 19, 30, tzinfo=datetime.UTC)
    override = Override(
        verdict=Verdict.partially_assured, reason="Caseloads already high", by="Cllr Ali", at=at
    )
    report = kit.challenge(pf, None, kit.default_policy(), {("P-1", Question.impact): override})
    result = report.for_ref("P-1").questions[Question.impact]
    assert result.verdict == Verdict.assured
    assert result.effective_verdict == Verdict.partially_assured
    data = report.to_json()["proposals"][0]["questions"]["impact"]
    assert data["verdict"] == "assured"
    assert (
        data["override"]["verdict"] == "partially_assured" and data["override"]["by"] == "Cllr Ali"
    )
    (line,) = [c for c in report.for_ref("P-1").conclusions if "Members recorded" in c]
    assert "Caseloads already high" in line and "17 January 2024" in line


def test_override_for_an_unknown_ref_is_refused(kit: ModuleType) -> None:
    at = datetime.datetime(2024, 1, 17, tzinfo=datetime.UTC)
    override = Override(verdict=Verdict.assured, reason="r", by="b", at=at)
    with pytest.raises(KeyError, match="P-9"):
        kit.challenge(
            kit.pf_of(COMPLETE), None, kit.default_policy(), {("P-9", Question.impact): override}
        )
