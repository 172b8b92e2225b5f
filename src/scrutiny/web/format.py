"""Jinja filters: money, probabilities and labels as a committee paper would print them."""

from __future__ import annotations

from typing import Any

from scrutiny.domain.money import money as format_money
from scrutiny.domain.percent import percent as format_percent
from scrutiny.domain.vocab import QUESTION_TEXT, Question
from scrutiny.reports.wording import ACTION_WORDS, changes


def money(value: Any) -> str:
    """£1,234,567 (negative as −£1,234); a dash for None [GBP]."""
    return format_money(None if value is None else float(value), missing="–")


def percent(value: Any) -> str:
    """A probability or share [0–1] as a whole percentage (a negative share with a real minus)."""
    return format_percent(None if value is None else float(value), "signed", missing="–")


def rounded(value: Any) -> str:
    """Money as a finance officer writes a delivery figure: £1.26m, £480k [GBP]."""
    return format_money(None if value is None else float(value), "rounded", missing="–")


def label(value: Any) -> str:
    """`partially_assured` → `Partially assured`."""
    if value is None:
        return "–"
    text = str(getattr(value, "value", value)).replace("_", " ")
    return text[:1].upper() + text[1:]


def action(value: str) -> str:
    """What a history entry did: `update` → `Changed`."""
    return ACTION_WORDS.get(value, label(value))


def note(entry: Any) -> str:
    """A history entry's note in words (a member's verdict names its question)."""
    text = entry.note or ""
    if entry.action == "override" and text.startswith("question "):
        key = text.removeprefix("question ")
        if key in Question.__members__:
            return QUESTION_TEXT[Question(key)]
    return text


def choices(values: Any, anything: str | None = None) -> list[tuple[str, str]]:
    """Options of a filter's select, each value its own words, led by `anything` (the empty
    choice: "Any service") when given."""
    return ([("", anything)] if anything is not None else []) + [(str(v), str(v)) for v in values]


def install(env: Any) -> None:
    env.filters["choices"] = choices
    env.filters["money"] = money
    env.filters["percent"] = percent
    env.filters["label"] = label
    env.filters["action"] = action
    env.filters["note"] = note
    env.filters["changes"] = lambda e: changes(e.before, e.after, first=e.action == "override")
    env.filters["rounded"] = rounded
