"""Rule id → check, question and default severity: one list of every rule.

Built-in rules register here exactly as a council's extra rule would::

    @rule("D12", Question.deliverable, Severity.medium, "What it checks, in one line")
    def d12_my_check(s: Subject) -> list[Finding]: ...

A rule either looks at one proposal (`check`, called once per proposal with a `Subject`) or at the
whole file (`check_file`, called once with a `FileSubject`), or both; a rule with a whole-file
check registers with `register(Rule(...))`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from scrutiny.challenge.subject import FileSubject, Subject
from scrutiny.domain.evidence import Finding
from scrutiny.domain.vocab import Question, Severity

ProposalCheck = Callable[[Subject], list[Finding]]
FileCheck = Callable[[FileSubject], list[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    question: Question
    severity: Severity
    """The rule's usual (highest) severity; a finding may be lower, as the rule says."""
    title: str
    check: ProposalCheck | None = None
    check_file: FileCheck | None = None
    gap: bool = False
    """A finding of this rule is an information gap (verdict `insufficient_information`)."""


_RULES: dict[str, Rule] = {}


def register(new: Rule) -> Rule:
    """Add a rule; a second, different rule under the same id is refused."""
    old = _RULES.get(new.id)
    if old is not None and old != new:
        raise ValueError(f"a rule with id {new.id!r} is already registered")
    _RULES[new.id] = new
    return new


def rule(
    rule_id: str, question: Question, severity: Severity, title: str, *, gap: bool = False
) -> Callable[[ProposalCheck], ProposalCheck]:
    """Decorator registering a per-proposal check."""

    def wrap(check: ProposalCheck) -> ProposalCheck:
        register(Rule(rule_id, question, severity, title, check=check, gap=gap))
        return check

    return wrap


def _load_builtins() -> None:
    # Importing the modules registers their rules; done lazily so nothing happens at import.
    from scrutiny.challenge.rules import (  # noqa: F401
        alternatives,
        benchmarks,
        deliverable,
        impact,
        papers,
    )


def _order(rule_id: str) -> tuple[int, int]:
    letters = "DIA"
    head = letters.index(rule_id[0]) if rule_id[0] in letters else len(letters)
    return head, int(rule_id[1:])


def get(rule_id: str) -> Rule:
    _load_builtins()
    try:
        return _RULES[rule_id]
    except KeyError:
        raise KeyError(f"unknown rule {rule_id!r}") from None


def all_rules() -> list[Rule]:
    """Every rule in order: deliverable, impact, alternatives, then a council's own."""
    _load_builtins()
    return sorted(_RULES.values(), key=lambda r: _order(r.id))
