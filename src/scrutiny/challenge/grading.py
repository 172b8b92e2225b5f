"""Evidence grades and the meeting's answers, applied to findings (challenge.md, "Evidence
grades" and "The session").

A finding that rests on a figure the papers do not give (an *assumed* input) says so and counts
one step less severe; so does a finding whose line of enquiry the meeting answered.
"""

from __future__ import annotations

import re

from scrutiny.challenge.subject import Subject
from scrutiny.domain.evidence import FieldEvidence, Finding, OutputEvidence
from scrutiny.domain.vocab import Answered, Grade, Question

NUMBER_FIELDS = ("savings", "one_off_costs", "stated_total", "model.inputs.")


def own_field(s: Subject, path: str) -> str | None:
    """``proposals[2].model.inputs.x`` → ``model.inputs.x`` for this proposal's own numbers."""
    prefix = s.path("") + "."
    if not path.startswith(prefix):
        return None
    field = path[len(prefix) :]
    return field if field.startswith(NUMBER_FIELDS) else None


def assumed_inputs(s: Subject, f: Finding) -> list[str]:
    """The assumed figures a finding rests on, by field: those it cites, and for a simulation
    result every assumed model input and an assumed savings profile."""
    p = s.proposal
    given = p.grades()
    fields: list[str] = []
    for e in f.evidence:
        if isinstance(e, FieldEvidence):
            field = own_field(s, e.path)
            if field and field in given and given[field] == Grade.assumed:
                fields.append(field)
        elif isinstance(e, OutputEvidence):
            fields.extend(k for k, g in p.grades().items() if g == Grade.assumed)
    return list(dict.fromkeys(fields))


def status(s: Subject, f: Finding) -> Answered | None:
    """How far the meeting answered this finding's line of enquiry; None when no session is
    recorded. A question put on the finding's rule counts as it was answered; one on the same
    scrutiny question whose answers share at least two longer words with the finding counts as
    partly answered."""
    session = s.proposal.session
    if session is None:
        return None
    for sq in session.questions:
        if f.rule in sq.rules:
            return sq.status
    wanted = words(f.message)
    near = [
        sq
        for sq in session.questions
        if sq.question == f.question
        and sq.answers
        and len(wanted & words(" ".join([sq.asked, *(a.quote for a in sq.answers)]))) >= 2
    ]
    return Answered.partly_answered if near else Answered.not_answered


def words(text: str) -> set[str]:
    """The longer words of a text (six letters or more), folded: enough to tell whether an
    answer at the meeting touched a finding's subject."""
    return {w for w in re.findall(r"[a-z]+", text.casefold()) if len(w) >= 6}


def graded(s: Subject, f: Finding, question: Question) -> Finding:
    """The finding with its cited numbers graded, its severity lowered a step when it rests on an
    assumed figure, and again when the meeting answered it."""
    p = s.proposal
    evidence = [
        e.model_copy(update={"grade": p.grade(field)})
        if isinstance(e, FieldEvidence) and (field := own_field(s, e.path))
        else e
        for e in f.evidence
    ]
    tagged = f.model_copy(update={"evidence": evidence, "question": question, "ref": p.ref})
    severity = f.severity
    assumed = assumed_inputs(s, tagged)
    message = f.message
    if assumed:
        severity = severity.lowered()
        message = f"{message} This rests on a figure the papers do not give."
    answered = status(s, tagged) == Answered.answered
    if answered:
        severity = severity.lowered()
    return tagged.model_copy(
        update={
            "severity": severity,
            "message": message,
            "rests_on_assumed": bool(assumed),
            "answered": answered,
        }
    )
