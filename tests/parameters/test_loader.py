"""The loader refuses a parameter without a source, with an unknown unit, an unknown key or a
duplicate key, naming the file and the key; a council's `--parameters FILE` overrides defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrutiny.errors import ParameterError
from scrutiny.parameters.loader import load_defaults, load_overrides, load_tree

GOOD = """\
description: Weekly cost of a test placement
unit: gbp_per_week
as_of: 2026-11-23
values:
  "2023/24":
    value: 1000
    source: {title: A table, publisher: A department, locator: Table 1}
"""


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_tree_loads_with_dotted_names(tmp_path: Path) -> None:
    write(tmp_path, "unit_costs/test_weekly.yaml", GOOD)
    params = load_tree(tmp_path)
    assert list(params) == ["unit_costs.test_weekly"]
    assert params.value("unit_costs.test_weekly", "2024/25") == 1000


@pytest.mark.parametrize(
    ("text", "key", "message"),
    [
        (
            GOOD.replace(
                "    source: {title: A table, publisher: A department, locator: Table 1}\n", ""
            ),
            'unit_costs.bad.values["2023/24"].source',
            "required",
        ),
        (
            GOOD.replace("unit: gbp_per_week", "unit: pounds_a_fortnight"),
            "unit_costs.bad.unit",
            "unknown unit 'pounds_a_fortnight'",
        ),
        (GOOD + "colour: blue\n", "unit_costs.bad.colour", "unknown key"),
        (GOOD.replace("as_of: 2026-11-23\n", ""), "unit_costs.bad.as_of", "required"),
        (
            GOOD.replace("publisher: A department, ", ""),
            'unit_costs.bad.values["2023/24"].source.publisher',
            "required",
        ),
    ],
)
def test_refusals_name_file_and_key(tmp_path: Path, text: str, key: str, message: str) -> None:
    path = write(tmp_path, "unit_costs/bad.yaml", text)
    with pytest.raises(ParameterError) as caught:
        load_tree(tmp_path)
    assert caught.value.source == str(path)
    assert caught.value.key == key
    assert message in caught.value.message
    assert str(caught.value).startswith(f"{path}: {key}: ")
    assert caught.value.exit_code == 2


def test_duplicate_key_is_refused_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "unit_costs/twice.yaml", GOOD + "unit: gbp\n")
    with pytest.raises(ParameterError) as caught:
        load_tree(tmp_path)
    text = str(caught.value)
    assert text.startswith(str(path))
    assert "unit" in text and "duplicate" in text.lower()
    assert "line 8" in text


OVERRIDE = """\
parameters:
  workforce.caseload_threshold:
    description: Our own caseload policy
    unit: cases_per_fte
    as_of: 2026-10-01
    values:
      "2024/25":
        value: 16
        source: {title: Caseload policy, publisher: A council, locator: para 4}
"""


def test_override_file_replaces_a_default(tmp_path: Path) -> None:
    path = write(tmp_path, "ours.yaml", OVERRIDE)
    params = load_defaults(path)
    assert params.value("workforce.caseload_threshold") == 16
    assert params["workforce.caseload_threshold"].values["2024/25"].source.publisher == "A council"
    # Everything else is still the shipped default.
    assert params.value("unit_costs.weeks_per_year") == 52
    assert load_defaults().value("workforce.caseload_threshold") == 18


def test_override_of_an_unknown_parameter_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "ours.yaml", OVERRIDE.replace("caseload_threshold", "caseload_limit"))
    with pytest.raises(ParameterError) as caught:
        load_defaults(path)
    assert str(caught.value) == (
        f"{path}: workforce.caseload_limit: no default parameter has this name"
    )


def test_override_without_a_source_is_refused(tmp_path: Path) -> None:
    text = OVERRIDE.replace(
        "        source: {title: Caseload policy, publisher: A council, locator: para 4}\n", ""
    )
    path = write(tmp_path, "ours.yaml", text)
    with pytest.raises(ParameterError) as caught:
        load_overrides(path)
    assert caught.value.key == 'workforce.caseload_threshold.values["2024/25"].source'


def test_override_file_needs_the_parameters_key(tmp_path: Path) -> None:
    path = write(tmp_path, "ours.yaml", "workforce.caseload_threshold: 16\n")
    with pytest.raises(ParameterError) as caught:
        load_overrides(path)
    assert "parameters:" in str(caught.value)
    assert str(caught.value).startswith(str(path))
