"""The parameter loader, property-based: any sourced value with a known unit loads as written;
any unit outside the closed list is refused, naming the file and the key."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrutiny import yaml_files
from scrutiny.domain.vocab import Unit
from scrutiny.errors import ParameterError
from scrutiny.parameters.loader import load_tree

years = st.integers(min_value=2000, max_value=2040).map(lambda y: f"{y}/{(y + 1) % 100:02d}")
values = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
text = st.text(
    alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FFF, exclude_characters="\x7f"),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() == s and s.strip())


def document(unit: str, entries: dict[str, float], publisher: str) -> str:
    return yaml_files.dump(
        {
            "description": "A figure",
            "unit": unit,
            "as_of": "2026-11-23",
            "values": {
                year: {"value": value, "source": {"title": "A table", "publisher": publisher}}
                for year, value in entries.items()
            },
        }
    )


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(list(Unit)), st.dictionaries(years, values, min_size=1, max_size=4), text)
def test_sourced_values_load_as_written(
    unit: Unit, entries: dict[str, float], publisher: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "topic").mkdir()
        (root / "topic" / "figure.yaml").write_text(
            document(unit.value, entries, publisher), "utf-8"
        )
        parameter = load_tree(root)["topic.figure"]
    assert parameter.unit == unit
    assert {y: v.value for y, v in parameter.values.items()} == pytest.approx(entries)
    assert all(v.source.publisher == publisher for v in parameter.values.values())
    latest = max(entries, key=lambda y: int(y[:4]))
    assert parameter.value() == pytest.approx(entries[latest])


@settings(max_examples=40, deadline=None)
@given(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=20).filter(
        lambda u: u not in {known.value for known in Unit}
    )
)
def test_unknown_units_are_refused(unit: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path = root / "figure.yaml"
        path.write_text(document(unit, {"2024/25": 1.0}, "A department"), "utf-8")
        with pytest.raises(ParameterError) as caught:
            load_tree(root)
    assert caught.value.source == str(path)
    assert caught.value.key == "figure.unit"
    assert caught.value.message == f"unknown unit {unit!r}"
