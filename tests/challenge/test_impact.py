"""Rules I1–I5: each one triggered by a minimal proposal, and just not triggered."""

from __future__ import annotations

from types import ModuleType

import pytest

from scrutiny.domain.vocab import Question, Verdict

IMPACT = Question.impact


def test_a_clean_proposal_is_assured_on_impact(kit: ModuleType) -> None:
    report = kit.run(kit.pf_of(kit.proposal()))
    assert kit.severities(report, "I1") == ["info"]
    assert kit.verdict(report, IMPACT) == Verdict.assured


@pytest.mark.parametrize(
    ("status", "severity"),
    [("complete", "info"), ("draft", "low"), ("planned", "medium"), ("not_started", "high")],
)
def test_i1_eqia_status(kit: ModuleType, status: str, severity: str) -> None:
    report = kit.run(kit.pf_of(kit.proposal(eqia={"status": status})))
    (f,) = kit.findings(report, "I1")
    assert f.severity.value == severity
    assert f.evidence[0].path == "proposals[0].eqia.status"


def test_i1_missing_eqia_high_with_redundancies_or_users_else_medium(kit: ModuleType) -> None:
    users = kit.proposal(eqia=None)
    assert kit.severities(kit.run(kit.pf_of(users)), "I1") == ["high"]
    cuts = kit.proposal(
        eqia=None, service_users_affected=None, staffing={"redundancies_max": 1}, consultation=None
    )
    assert kit.severities(kit.run(kit.pf_of(cuts)), "I1") == ["high"]
    neither = kit.proposal(eqia=None, service_users_affected=None, staffing={"posts": 3})
    assert kit.severities(kit.run(kit.pf_of(neither)), "I1") == ["medium"]


def test_i2_staff_consultation_where_there_are_redundancies(kit: ModuleType) -> None:
    cuts = {"redundancies_max": 13}
    planned = kit.proposal(
        staffing=cuts, consultation={"staff": "planned", "service_users": "complete"}
    )
    (f,) = kit.findings(kit.run(kit.pf_of(planned)), "I2")
    assert (
        f.severity.value == "medium" and "13 redundancies" in f.message and "planned" in f.message
    )
    done = kit.proposal(staffing=cuts)
    assert kit.findings(kit.run(kit.pf_of(done)), "I2") == []
    no_cuts = kit.proposal(
        staffing={"redundancies_max": 0},
        consultation={"staff": "planned", "service_users": "complete"},
    )
    assert kit.findings(kit.run(kit.pf_of(no_cuts)), "I2") == []


def test_i2_service_user_consultation(kit: ModuleType) -> None:
    asked = {"staff": "complete", "service_users": "draft"}
    (f,) = kit.findings(kit.run(kit.pf_of(kit.proposal(consultation=asked))), "I2")
    assert "families receiving early help" in f.message and "draft" in f.message
    nobody = kit.proposal(consultation=asked, service_users_affected=None)
    assert kit.findings(kit.run(kit.pf_of(nobody)), "I2") == []


@pytest.mark.parametrize(
    ("category", "duties", "fires"),
    [
        ("placements", [], True),
        ("service_redesign", [], True),
        ("staffing", ["Children Act 1989 s17"], True),
        ("staffing", [], False),
        ("commissioning", [], False),
    ],
)
def test_i3_who_is_affected(kit: ModuleType, category: str, duties: list, fires: bool) -> None:
    p = kit.proposal(category=category, statutory_duties=duties, service_users_affected=None)
    assert kit.severities(kit.run(kit.pf_of(p)), "I3") == (["medium"] if fires else [])
    said = kit.proposal(category=category, statutory_duties=duties)
    assert kit.findings(kit.run(kit.pf_of(said)), "I3") == []


def test_i4_statutory_duties_without_a_complete_eqia(kit: ModuleType) -> None:
    duties = ["Children Act 1989 s22C"]
    draft = kit.proposal(statutory_duties=duties, eqia={"status": "draft"})
    (f,) = kit.findings(kit.run(kit.pf_of(draft)), "I4")
    assert f.severity.value == "medium" and "s22C" in f.message
    complete = kit.proposal(statutory_duties=duties)
    assert kit.findings(kit.run(kit.pf_of(complete)), "I4") == []


def test_i5_cumulative_impact_names_the_proposals_and_the_people(kit: ModuleType) -> None:
    # Different service names, the same families: the people affected decide, not the service.
    other = kit.proposal(
        ref="P-2", service="Business Support", service_users_affected="Early help families"
    )
    (f,) = kit.findings(kit.run(kit.pf_of(kit.proposal(), other)), "I5")
    assert f.severity.value == "low" and "P-1" in f.message and "P-2" in f.message
    assert "families receiving early help" in f.message


def test_i5_not_for_other_people_or_removed_proposals(kit: ModuleType) -> None:
    # The same service name, different people: no cumulative impact.
    looked_after = kit.proposal(
        ref="P-2", service="Early Help", service_users_affected="children looked after"
    )
    other = kit.pf_of(kit.proposal(), looked_after)
    assert kit.findings(kit.run(other), "I5") == []
    gone = kit.pf_of(kit.proposal(), kit.proposal(ref="P-2", status="removed"))
    assert kit.findings(kit.run(gone), "I5") == []


def test_no_impact_fields_at_all_is_an_information_gap(kit: ModuleType) -> None:
    bare = kit.proposal(eqia=None, consultation=None, service_users_affected=None)
    report = kit.run(kit.pf_of(bare))
    assert kit.severities(report, "I1") == ["medium"]
    assert kit.verdict(report, IMPACT) == Verdict.insufficient_information
