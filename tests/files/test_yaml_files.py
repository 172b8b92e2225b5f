"""Strict YAML reading and writing: what is written loads back unchanged; bad files name the line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrutiny import yaml_files
from scrutiny.errors import InvalidInput

scalars = st.one_of(
    st.text(),  # any unicode, including NEL and the line/paragraph separators YAML folds
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
)
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(min_size=1), inner, max_size=4)
    ),
    max_leaves=12,
)


@given(documents)
def test_dump_then_parse_gives_back_the_same_data(data: object) -> None:
    assert yaml_files.parse_text(yaml_files.dump(data), "x.yaml") == data


@pytest.mark.parametrize("text", ["a\x85b", "x\u2028y", "p\u2029q"])
def test_yaml_line_breaks_inside_text_survive(text: str) -> None:
    assert yaml_files.parse_text(yaml_files.dump({"k": text}), "x.yaml") == {"k": text}


def test_a_duplicate_key_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("council: A\nproposals: []\ncouncil: B\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        yaml_files.read(path)
    assert caught.value.lines() == [f"{path} line 3: duplicate key 'council'"]


def test_text_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"council: \xff\n")
    with pytest.raises(InvalidInput, match="is not UTF-8 text"):
        yaml_files.read(path)
