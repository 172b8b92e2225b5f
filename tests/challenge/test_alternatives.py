"""Rules A1–A4: each one triggered by a minimal proposal, and just not triggered."""

from __future__ import annotations

from types import ModuleType

from scrutiny.domain.vocab import Question, Verdict

ALT = Question.alternatives


def test_a1_none_recorded_is_an_information_gap(kit: ModuleType) -> None:
    report = kit.run(kit.pf_of(kit.proposal(alternatives=[])))
    assert kit.severities(report, "A1") == ["medium"]
    assert kit.verdict(report, ALT) == Verdict.insufficient_information
    assert kit.findings(kit.run(kit.pf_of(kit.proposal())), "A1") == []


def test_a2_alternatives_without_reasons(kit: ModuleType) -> None:
    options = [
        {"title": "Do nothing", "cost": 0},
        {"title": "Phase it", "reason_rejected": "Too slow", "cost": 1000},
    ]
    report = kit.run(kit.pf_of(kit.proposal(alternatives=options)))
    (f,) = kit.findings(report, "A2")
    assert (
        f.severity.value == "medium" and "Do nothing" in f.message and "Phase it" not in f.message
    )
    assert f.evidence[0].path == "proposals[0].alternatives[0].reason_rejected"
    assert kit.verdict(report, ALT) == Verdict.partially_assured
    assert kit.findings(kit.run(kit.pf_of(kit.proposal())), "A2") == []


def test_a3_alternatives_without_costs(kit: ModuleType) -> None:
    options = [
        {"title": "Do nothing", "reason_rejected": "Gap remains", "cost": 0},
        {"title": "Phase it", "reason_rejected": "Too slow"},
    ]
    report = kit.run(kit.pf_of(kit.proposal(alternatives=options)))
    (f,) = kit.findings(report, "A3")
    assert f.severity.value == "low" and "Phase it" in f.message and "Do nothing" not in f.message
    assert kit.verdict(report, ALT) == Verdict.assured  # low findings alone keep it assured


def test_a4_only_one_alternative(kit: ModuleType) -> None:
    one = [{"title": "Do nothing", "reason_rejected": "Gap remains", "cost": 0}]
    (f,) = kit.findings(kit.run(kit.pf_of(kit.proposal(alternatives=one))), "A4")
    assert f.severity.value == "low" and "phasing" in f.message
    assert kit.findings(kit.run(kit.pf_of(kit.proposal())), "A4") == []
