"""How the engine writes a proposal's figures in findings and conclusions (committee style).

>>> percent(0.314)
'31%'
>>> percent(0.9985)
'more than 99%'
>>> profile({"2022/23": 300000, "2023/24": 300000})
'£0.3m in 2022/23 and £0.3m in 2023/24 (£0.6m in all)'
"""

from __future__ import annotations

from collections.abc import Mapping

from scrutiny.domain.input_words import describe_input as _describe
from scrutiny.domain.input_words import describe_mixture, mixture_words, number
from scrutiny.domain.money import format_gbp_short
from scrutiny.domain.percent import percent as _percent
from scrutiny.domain.proposal import Proposal
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.years import sort_labels

gbp = format_gbp_short
__all__ = ["describe_mixture", "mixture_words", "number"]  # the engine's figures, from one place


def percent(share: float) -> str:
    """A share [0–1] as the engine writes it (`scrutiny.domain.percent`, committee style)."""
    return _percent(share, "committee")


def describe_input(value: object, unit: str | None = None) -> str:
    """A model input as the papers would say it (`scrutiny.domain.input_words`, committee
    style): a number, or the range assumed; `unit` lets a mixture say "on time"."""
    return _describe(value, unit, "committee")


def profile(savings: Mapping[str, float]) -> str:
    """`£0.3m in 2022/23 and £0.3m in 2023/24 (£0.6m in all)`; `no figures` when empty."""
    years = sort_labels(savings)
    if not years:
        return "no figures"
    parts = [f"{gbp(savings[y])} in {y}" for y in years]
    text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    if len(parts) > 1:
        text += f" ({gbp(sum(savings.values()))} in all)"
    return text


def clause(text: str) -> str:
    """Text to follow a colon: a sentence's capital lowered, a ref or an acronym kept.

    >>> clause("The equality impact assessment")
    'the equality impact assessment'
    >>> clause("THR-CSC-01 has")
    'THR-CSC-01 has'
    """
    text = text.strip()
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def users(p: Proposal) -> str:
    """Who the proposal affects, to sit inside a sentence (`service users` when not said)."""
    return clause(p.service_users_affected or "service users")


def executive_of(pf: ProposalFile) -> str:
    """Who decides and answers recommendations: the file's `executive`, else the Executive."""
    return pf.executive or "the Executive"


def named(p: Proposal) -> str:
    """`Review of Children Looked After Placements (2024-28 SAV CYPE 003)`."""
    return f"{p.title} ({p.ref})"


def listing(items: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


REMOVAL_WORDS = ("removed", "not be included", "withdrawn", "unacceptable", "no longer")
"""Words of the papers that give the reason a proposal was removed from the plan."""


def removal_reason(p: Proposal) -> tuple[str, str | None] | None:
    """Why the papers say `p` was removed: the first quoted passage that speaks of its removal,
    with where it is, else the proposal's own description; None when the papers give none."""
    for e in p.evidence:
        if e.quote and any(w in e.quote.lower() for w in REMOVAL_WORDS):
            where = ", ".join(x for x in (e.source, e.locator) if x)
            return " ".join(e.quote.split()), where
    if p.description:
        return " ".join(p.description.split()), None
    return None
