"""Model inputs in words: one formatter, in the two styles the product writes them.

``report`` (reports, web pages, history): the value with its unit, ``7%``, ``£64,900 a year``,
``0 to 6 months, most likely 0``. ``committee`` (the engine's findings and conclusions): the
number as the papers would say it, ``between 5 and 17 (most likely 12)``, the unit left to the
sentence around it.

>>> describe_input(0.07, Unit.share)
'7%'
>>> describe_input(Pert(dist="pert", min=0, mode=0, max=6), Unit.months)
'0 to 6 months, most likely 0'
>>> describe_input(Pert(dist="pert", min=5, mode=12, max=17), style="committee")
'between 5 and 17 (most likely 12)'
>>> describe_input(Mixture.model_validate({"dist": "mixture", "components": [
...     {"weight": 0.7, "dist": "constant", "value": 0},
...     {"weight": 0.3, "dist": "pert", "min": 1, "mode": 3, "max": 6}]}), "months", "committee")
'on time with probability 70%, otherwise 1 to 6 months, most likely 3'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from scrutiny.domain import distributions as dist
from scrutiny.domain.distributions import InputValue, Mixture, Pert
from scrutiny.domain.money import MoneyStyle, money
from scrutiny.domain.percent import percent
from scrutiny.domain.vocab import Unit

InputStyle = Literal["report", "committee"]


def describe_input(
    value: object,
    unit: Unit | str | None = None,
    style: InputStyle = "report",
    money_style: MoneyStyle = "full",
) -> str:
    """A model input in words in `style`; pounds (report style) in `money_style` (``rounded``
    in the briefing: ``£64.9k a year``)."""
    if style == "committee":
        return _committee_words(value, unit)
    known = unit if unit is None or isinstance(unit, Unit) else Unit(unit)
    return _report_words(value, known, money_style)  # type: ignore[arg-type]


# How a figure in each unit is written: (before the number, scale, after the number, after a
# range or a single value). Units not listed are plain numbers followed by nothing.
UNIT_FORMS: dict[Unit, tuple[str, float, str, str]] = {
    Unit.gbp: ("£", 1, "", ""),
    Unit.gbp_per_week: ("£", 1, "", " a week"),
    Unit.gbp_per_year: ("£", 1, "", " a year"),
    Unit.gbp_per_fte_year: ("£", 1, "", " a year"),
    Unit.gbp_per_household: ("£", 1, "", " a household"),
    Unit.gbp_per_child: ("£", 1, "", " a child"),
    Unit.gbp_per_person: ("£", 1, "", " a person"),
    Unit.gbp_thousand: ("£", 1, "k", ""),
    Unit.share: ("", 100, "%", ""),
    Unit.probability: ("", 100, "%", ""),
    Unit.percent: ("", 1, "%", ""),
    Unit.fte: ("", 1, "", " FTE"),
    Unit.posts: ("", 1, "", " posts"),
    Unit.people: ("", 1, "", " people"),
    Unit.children: ("", 1, "", " children"),
    Unit.children_per_year: ("", 1, "", " children a year"),
    Unit.households: ("", 1, "", " households"),
    Unit.households_per_year: ("", 1, "", " households a year"),
    Unit.enquiries_per_year: ("", 1, "", " enquiries a year"),
    Unit.children_per_household: ("", 1, "", " children a household"),
    Unit.cases: ("", 1, "", " cases"),
    Unit.cases_per_fte: ("", 1, "", " cases for each FTE"),
    Unit.rate_per_10k: ("", 1, "", " per 10,000"),
    Unit.weeks: ("", 1, "", " weeks"),
    Unit.weeks_per_year: ("", 1, "", " weeks a year"),
    Unit.months: ("", 1, "", " months"),
    Unit.years: ("", 1, "", " years"),
    Unit.days: ("", 1, "", " days"),
    Unit.index_points: ("", 1, "", " points"),
}


def _report_words(value: InputValue, unit: Unit | None, money_style: MoneyStyle) -> str:
    """A model input in words with its unit: ``7%``, ``£64,900 a year``, ``0 to 6 months,
    most likely 0``; a plain number or range when the unit is not known. Pounds are written in
    `money_style` (``rounded`` in the briefing: ``£64.9k a year``).

    """
    before, scale, after, tail = UNIT_FORMS.get(unit, ("", 1, "", "")) if unit else ("", 1, "", "")

    def n(x: float) -> str:
        x *= scale
        if before == "£" and not after:
            return money(x, money_style)
        return f"{'−' if x < 0 else ''}{before}{plain_number(abs(x))}{after}"

    if isinstance(value, int | float):
        return n(float(value)) + tail
    if isinstance(value, dist.Fixed | dist.Constant):
        return n(value.value) + tail
    if isinstance(value, Mixture):
        return mixture_words(
            value, lambda c: _report_words(c, unit, money_style), delay=unit == Unit.months
        )
    if isinstance(value, Pert | dist.Triangular):
        return f"{n(value.min)} to {n(value.max)}{tail}, most likely {n(value.mode)}"
    if isinstance(value, dist.Uniform):
        return f"{n(value.low)} to {n(value.high)}{tail}, any value equally likely"
    if isinstance(value, dist.Normal):
        text = f"about {n(value.mean)}{tail} (give or take {n(value.sd)}"
        if value.min is not None and value.max is not None:
            text += f", kept between {n(value.min)} and {n(value.max)}"
        elif value.min is not None:
            text += f", never below {n(value.min)}"
        elif value.max is not None:
            text += f", never above {n(value.max)}"
        return text + ")"
    if isinstance(value, dist.Lognormal):
        return f"about {n(value.median)}{tail} (a 1 in 10 chance of more than {n(value.p90)})"
    if isinstance(value, dist.Bernoulli):
        return f"{n(1)}{tail} with a {percent(value.p)} chance, otherwise {n(0)}"
    if isinstance(value, dist.Discrete):
        chances = value.probabilities()
        options = [f"{n(v)} ({percent(c)})" for v, c in zip(value.values, chances, strict=True)]
        return "one of " + ", ".join(options) + tail
    return str(value)


def plain_number(x: float) -> str:
    """`1,234`, `2.5`, `0.35`: a whole number with thousands commas, else up to 2 decimals."""
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def number(value: float) -> str:
    return f"{value:,.1f}".removesuffix(".0")


UNIT_WORDS = {"months": "months", "weeks": "weeks", "years": "years", "days": "days"}
"""Units written after a range in words (others are clear from the input's name)."""


def _committee_words(value: object, unit: str | None = None) -> str:
    """A model input as the papers would say it: a number, or the range assumed. `unit` (a
    `Unit` value) lets a mixture say "on time" for no delay and "1 to 6 months"."""
    if isinstance(value, int | float):
        return number(float(value))
    if dist.is_point(value):
        return number(value.analytic_mean())  # type: ignore[attr-defined]
    if isinstance(value, Pert | dist.Triangular):
        return (
            f"between {number(value.min)} and {number(value.max)} "
            f"(most likely {number(value.mode)})"
        )
    if isinstance(value, dist.Uniform):
        return f"between {number(value.low)} and {number(value.high)}"
    if isinstance(value, dist.Normal):
        return f"about {number(value.mean)} (standard deviation {number(value.sd)})"
    if isinstance(value, dist.Lognormal):
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
        on_time = delay and dist.is_point(component) and component.analytic_mean() == 0
        parts.append((weight, "on time" if on_time else component_words(component)))
    if len(parts) == 1:
        return parts[0][1]
    said = [
        f"{text} with probability {percent(weight, 'committee')}" for weight, text in parts[:-1]
    ]
    return ", ".join(said) + f", otherwise {parts[-1][1]}"


def describe_mixture(value: Mixture, unit: str | None = None) -> str:
    """`on time with probability 70%, otherwise 1 to 6 months, most likely 3`."""
    words = UNIT_WORDS.get(unit or "")

    def component_words(component: InputValue) -> str:
        if isinstance(component, Pert | dist.Triangular):
            text = f"{number(component.min)} to {number(component.max)}"
            text += f" {words}" if words else ""
            return text + f", most likely {number(component.mode)}"
        text = _committee_words(component)
        return text + f" {words}" if words and dist.is_point(component) else text

    return mixture_words(value, component_words, delay=unit == "months")
