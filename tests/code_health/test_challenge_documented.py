"""docs/challenge.md and the rule registry agree: every rule documented with its id, title,
question and severity, and every policy threshold listed with its shipped default."""

from __future__ import annotations

import re
from pathlib import Path

from scrutiny.challenge.policy import BORROWED, PREFIX, Policy
from scrutiny.challenge.registry import all_rules
from scrutiny.domain.delivery import DeliveryPolicy
from scrutiny.parameters.loader import load_defaults

DOC = Path(__file__).resolve().parents[2] / "docs" / "challenge.md"
HEADING = re.compile(
    r"^### (?P<id>[A-Z][0-9]+) — (?P<title>.+) \((?P<question>\w+), (?P<severity>\w+)\)$", re.M
)
SECTION = re.compile(r"^### .*?(?=^### |\Z)", re.M | re.S)
POLICY_ROW = re.compile(r"^\| `(?P<name>policy\.\w+)` \| (?P<value>[0-9.]+) \|", re.M)


def documented() -> dict[str, tuple[str, str, str]]:
    text = DOC.read_text(encoding="utf-8")
    return {m["id"]: (m["title"], m["question"], m["severity"]) for m in HEADING.finditer(text)}


def test_every_registered_rule_is_documented_and_nothing_else() -> None:
    registered = {r.id: (r.title, r.question.value, r.severity.value) for r in all_rules()}
    assert documented() == registered


def test_every_rule_section_says_what_it_checks_its_thresholds_and_an_example() -> None:
    text = DOC.read_text(encoding="utf-8")
    sections = [s for s in SECTION.findall(text) if HEADING.match(s)]
    assert len(sections) == len(all_rules())
    for section in sections:
        for label in ("Checks:", "Thresholds:", "Example:"):
            assert label in section, f"{section.splitlines()[0]} lacks {label}"


def test_every_policy_threshold_is_listed_with_its_default() -> None:
    text = DOC.read_text(encoding="utf-8")
    rows = {m["name"]: float(m["value"]) for m in POLICY_ROW.finditer(text)}
    params = load_defaults()
    names = {
        f"{PREFIX}.{name}"
        for name in Policy.__dataclass_fields__
        if name != "delivery" and name not in BORROWED
    }
    names |= set(DeliveryPolicy.NAMES.values())
    assert set(rows) == names == {n for n in params if n.startswith(f"{PREFIX}.")}
    for name, value in rows.items():
        assert params.value(name) == value, name
