"""How the engine writes a proposal's figures in findings and conclusions (committee style).

>>> percent(0.314)
'31%'
>>> percent(0.9985)
'more than 99%'
>>> describe_input(Pert(dist="pert", min=5, mode=12, max=17))
'between 5 and 17 (most likely 12)'
>>> describe_input(Mixture.model_validate({"dist": "mixture", "components": [
...     {"weight": 0.7, "dist": "constant", "value": 0},
...     {"weight": 0.3, "dist": "pert", "min": 1, "mode": 3, "max": 6}]}), unit="months")
'on time with probability 70%, otherwise 1 to 6 months, most likely 3'
>>> profile({"2022/23": 300000, "2023/24": 300000})
'£0.3m in 2022/23 and £0.3m in 2023/24 (£0.6m in all)'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from scrutiny.domain.distributions import (
    InputValue,
    Lognormal,
    Mixture,
    Normal,
    Pert,
    Triangular,
    Uniform,
    is_point,
)
from scrutiny.domain.money import format_gbp_short
from scrutiny.domain.proposal import Proposal
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.years import sort_labels

gbp = format_gbp_short


def percent(share: float) -> str:
    """A share [0–1] as a whole percentage, or to one decimal place below 10%."""
    value = share * 100
    if 99.5 <= value < 100:
        return "more than 99%"
    if 0 < value < 10 and abs(value - round(value)) > 1e-9:
        return f"{value:.1f}%"
    return f"{value:.0f}%"


def number(value: float) -> str:
    return f"{value:,.1f}".removesuffix(".0")


UNIT_WORDS = {"months": "months", "weeks": "weeks", "years": "years", "days": "days"}
"""Units written after a range in words (others are clear from the input's name)."""


def describe_input(value: object, unit: str | None = None) -> str:
    """A model input as the papers would say it: a number, or the range assumed. `unit` (a
    `Unit` value) lets a mixture say "on time" for no delay and "1 to 6 months"."""
    if isinstance(value, int | float):
        return number(float(value))
    if is_point(value):
        return number(value.analytic_mean())  # type: ignore[attr-defined]
    if isinstance(value, Pert | Triangular):
        return (
            f"between {number(value.min)} and {number(value.max)} "
            f"(most likely {number(value.mode)})"
        )
    if isinstance(value, Uniform):
        return f"between {number(value.low)} and {number(value.high)}"
    if isinstance(value, Normal):
        return f"about {number(value.mean)} (standard deviation {number(value.sd)})"
    if isinstance(value, Lognormal):
        return f"about {number(value.median)} (1 in 10 chance above {number(value.p90)})"
    if isinstance(value, Mixture):
        return describe_mixture(value, unit)
    return str(value)


def mixture_words(
    value: Mixture, component_words: Callable[[InputValue], str], *, delay: bool = False
) -> str:
    """Each component in `component_words` with its chance, the last one as "otherwise"; with
    `delay`, a component of no delay reads "on time"."""
    parts = []
    for weight, component in value.ordered():
        on_time = delay and is_point(component) and component.analytic_mean() == 0
        parts.append((weight, "on time" if on_time else component_words(component)))
    if len(parts) == 1:
        return parts[0][1]
    said = [f"{text} with probability {percent(weight)}" for weight, text in parts[:-1]]
    return ", ".join(said) + f", otherwise {parts[-1][1]}"


def describe_mixture(value: Mixture, unit: str | None = None) -> str:
    """`on time with probability 70%, otherwise 1 to 6 months, most likely 3`."""
    words = UNIT_WORDS.get(unit or "")

    def component_words(component: InputValue) -> str:
        if isinstance(component, Pert | Triangular):
            text = f"{number(component.min)} to {number(component.max)}"
            text += f" {words}" if words else ""
            return text + f", most likely {number(component.mode)}"
        text = describe_input(component)
        return text + f" {words}" if words and is_point(component) else text

    return mixture_words(value, component_words, delay=unit == "months")


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
