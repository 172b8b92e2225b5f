"""Evidence grades, the recorded session and the committee's stance (challenge.md, "Evidence
grades" and "The session"), on small files and on the Croydon minutes."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrutiny.domain.proposal import Assumption, Risk
from scrutiny.domain.vocab import Answered, Grade, Question, Severity, Verdict
from scrutiny.errors import InvalidInput

CYPE1 = "2024-28 SAV CYPE 001"
CYPE3 = "2024-28 SAV CYPE 003"

SUB_COMMITTEE_CONCLUSIONS = {
    CYPE1: [
        "grateful for the information and responses provided by officers",
        "holding a 7% vacancy would present an unacceptable risk",
        "removing this saving from the MTFS was the correct decision",
        "£1.1 million saving would need to be achieved",
        "unable to comment on whether the £1.1 million saving",
        "peer challenge work being undertaken with other local authorities",
    ],
    CYPE3: [
        "gratitude to social workers and foster carers",
        "added to the Work Programme for 2024/25",
        "optimistic that the savings targeted from the review of children looked after",
        "understood the potential impact upon service users and the wider community",
        "new Children's Home supported by Department for Education funding",
        "possible ‘preferred provider’ agreements",
        "CYPE Strategic Transformation Partner seemed well targeted",
    ],
}
"""Each conclusion the Sub-Committee recorded (seed 000), in a phrase from its text."""


@pytest.fixture
def croydon(kit: ModuleType, examples: Path):
    return kit.example("croydon-2024.yaml", examples)


def test_croydon_conclusions_include_each_the_sub_committee_recorded(
    kit: ModuleType, croydon
) -> None:
    report = kit.run(croydon)
    for ref, phrases in SUB_COMMITTEE_CONCLUSIONS.items():
        text = " ".join(report.for_ref(ref).conclusions)
        missing = [p for p in phrases if p not in text]
        assert missing == [], ref
    # ... and its recommendation to the budget meeting of 12 February 2024.
    assert any("12 February 2024" in r for r in report.for_ref(CYPE1).recommendations)


def test_croydon_001_has_no_verdicts(kit: ModuleType, croydon) -> None:
    found = kit.run(croydon).for_ref(CYPE1)
    assert found.questions == {} and found.lines_of_enquiry == []


def test_croydon_003_follows_the_minutes(kit: ModuleType, croydon) -> None:
    """Not judged "not assured" on impact for want of an equality status the minutes never
    give; never asked why preferred-provider arrangements were rejected (members backed them);
    the committee's stances lead, the engine's view set beside where it differs."""
    report = kit.run(croydon)
    found = report.for_ref(CYPE3)
    impact = found.questions[Question.impact]
    assert impact.verdict != Verdict.not_assured
    assert impact.committee == Verdict.assured
    (i1,) = [f for f in impact.findings if f.rule == "I1"]
    assert i1.severity == Severity.medium and "do not say whether" in i1.message
    words = " ".join(found.lines_of_enquiry + found.recommendations).lower()
    assert "why were" not in words or "preferred" not in words
    assert all("rejected" not in line or "Preferred" not in line for line in found.lines_of_enquiry)
    assert not [f for f in found.questions[Question.alternatives].findings if f.rule == "A2"]
    # The engine's own view beside the committee's where they differ, never replacing it.
    beside = [c for c in found.conclusions if "Beside the committee's recorded view" in c]
    differ = [q for q, r in found.questions.items() if r.committee and r.committee != r.verdict]
    assert len(beside) == len(differ) >= 1
    # Each line of enquiry marked answered, partly answered or not answered.
    assert len(found.enquiry_status) == len(found.lines_of_enquiry)


def test_a_finding_on_an_assumed_input_counts_a_step_less_and_asks_where_it_comes_from(
    kit: ModuleType,
) -> None:
    """A 20% vacancy factor is high (D4 medium) whether the rate is quoted or not; the question
    changes with the grade: an assumed figure is never put to officers to justify."""
    model = {
        "type": "vacancy_factor",
        "inputs": {"establishment_fte": 100, "cost_per_fte": 50000, "vacancy_factor": 0.05},
    }
    quoted = kit.proposal(model=model, category="staffing")
    assumed = kit.proposal(
        model=model,
        category="staffing",
        assumptions=[{"field": "model.inputs.vacancy_factor", "rationale": "Not given."}],
    )
    grades = kit.run(kit.pf_of(assumed)).for_ref("P-1").grades
    assert grades["model.inputs.vacancy_factor"] == Grade.assumed
    assert grades["model.inputs.establishment_fte"] == Grade.quoted
    (as_quoted,) = kit.findings(kit.run(kit.pf_of(quoted)), "D4")
    (as_assumed,) = kit.findings(kit.run(kit.pf_of(assumed)), "D4")
    assert not as_quoted.rests_on_assumed and as_assumed.rests_on_assumed
    assert as_assumed.severity.rank == as_quoted.severity.rank - 1
    assert as_assumed.message.endswith("This rests on a figure the papers do not give.")
    graded = [e for e in as_assumed.evidence if e.kind == "field" and e.grade is not None]
    assert graded and graded[0].grade == Grade.assumed
    lines = kit.run(kit.pf_of(assumed)).for_ref("P-1").lines_of_enquiry
    assert any(x.startswith("The papers give no figure for") for x in lines)
    assert not any(
        x.startswith("The papers give no figure for")
        for x in kit.run(kit.pf_of(quoted)).for_ref("P-1").lines_of_enquiry
    )


def test_an_answered_line_of_enquiry_is_marked_and_counts_a_step_less(kit: ModuleType) -> None:
    alternatives = [{"title": "Outsourcing"}]
    asked = {
        "asked": "Members asked why outsourcing was rejected.",
        "question": "alternatives",
        "rules": ["A2"],
        "answers": [{"quote": "It would cost more.", "by": "The Director"}],
    }
    before = kit.run(kit.pf_of(kit.proposal(alternatives=alternatives))).for_ref("P-1")
    after = kit.run(
        kit.pf_of(kit.proposal(alternatives=alternatives, session={"questions": [asked]}))
    ).for_ref("P-1")
    (a2_before,) = [f for f in before.questions[Question.alternatives].findings if f.rule == "A2"]
    (a2_after,) = [f for f in after.questions[Question.alternatives].findings if f.rule == "A2"]
    assert a2_after.answered and a2_after.severity.rank == a2_before.severity.rank - 1
    assert before.enquiry_status == []
    unanswered = {**asked, "answers": []}
    open_ = kit.run(
        kit.pf_of(kit.proposal(alternatives=alternatives, session={"questions": [unanswered]}))
    ).for_ref("P-1")
    assert Answered.not_answered in open_.enquiry_status


def test_a_supported_alternative_is_not_asked_why_it_was_rejected(kit: ModuleType) -> None:
    options = [{"title": "Preferred providers", "outcome": "supported"}]
    report = kit.run(kit.pf_of(kit.proposal(alternatives=options)))
    assert kit.findings(report, "A2") == []
    rejected = [{"title": "Preferred providers"}]
    assert kit.findings(kit.run(kit.pf_of(kit.proposal(alternatives=rejected))), "A2")


def test_a_risk_in_words_is_listed_without_a_score_and_read() -> None:
    assert Risk(description="Placements are extremely volatile").score is None
    with pytest.raises(ValueError, match="both likelihood and impact"):
        Risk(description="x", likelihood=3)


@pytest.mark.parametrize(
    ("description", "mitigation", "severity"),
    [
        ("Placement costs are extremely volatile", None, "medium"),
        ("Placement costs are extremely volatile", "Monthly review", "low"),
        ("Carers may retire", None, "low"),
    ],
)
def test_d6_reads_the_words_of_an_unscored_risk(
    kit: ModuleType, description: str, mitigation: str | None, severity: str
) -> None:
    risk = {"description": description, **({"mitigation": mitigation} if mitigation else {})}
    (d6,) = kit.findings(kit.run(kit.pf_of(kit.proposal(risks=[risk]))), "D6")
    assert d6.severity.value == severity and "the papers give no score" in d6.message


def test_an_unscored_mitigated_ordinary_risk_raises_nothing(kit: ModuleType) -> None:
    risk = {"description": "Carers may retire", "mitigation": "Recruitment campaign"}
    assert kit.findings(kit.run(kit.pf_of(kit.proposal(risks=[risk]))), "D6") == []


def test_a_derived_figure_needs_its_formula_and_a_default_its_source(kit: ModuleType) -> None:
    with pytest.raises(ValueError, match="formula"):
        Assumption(field="x", rationale="r", grade=Grade.derived)
    with pytest.raises(ValueError, match="source"):
        Assumption(field="x", rationale="r", grade=Grade.default)
    bad = kit.proposal(assumptions=[{"field": "x", "rationale": "r", "grade": "derived"}])
    with pytest.raises(InvalidInput) as err:
        kit.pf_of(bad)
    assert "assumptions[0]" in str(err.value) and "formula" in str(err.value)


@given(
    field=st.sampled_from(["savings", "model.inputs.a", "model.inputs.b", "stated_total"]),
    grade=st.sampled_from([Grade.assumed, Grade.derived, Grade.default]),
)
def test_a_numbers_grade_is_its_assumptions_grade_else_quoted(field: str, grade: Grade) -> None:
    from scrutiny.domain.proposal import Proposal

    extra = {"formula": "a ÷ b"} if grade == Grade.derived else {}
    extra |= {"source": "A publication"} if grade == Grade.default else {}
    p = Proposal(
        ref="P",
        title="T",
        savings={"2024/25": 1.0},
        stated_total=1.0,
        model={"type": "fixed", "inputs": {"a": 1, "b": 2}},
        assumptions=[Assumption(field=field, rationale="r", grade=grade, **extra)],
    )
    grades = p.grades()
    assert grades[field] == grade
    assert all(g == Grade.quoted for f, g in grades.items() if f != field)
