"""The bounds every stored value keeps: money below £10bn, shares within 0–1, counts
non-negative, finite numbers only, text of limited length; each refusal names the field."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrutiny.domain.limits import MAX_MONEY, MAX_NAME, MAX_TEXT, UNIT_BOUNDS
from scrutiny.domain.proposal_file import parse_proposal
from scrutiny.domain.vocab import Unit
from scrutiny.errors import InvalidInput
from scrutiny.models import registry
from scrutiny.workflows.validate import parse

ANY_FLOAT = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [0.0, MAX_MONEY, MAX_MONEY - 1, 1e300, 1e308, -1.0, 1e6, 1e6 + 1]
)


def _file(**proposal: Any) -> dict[str, Any]:
    return {"council": "Testshire", "proposals": [{"ref": "T-1", "title": "T", **proposal}]}


def _problems(data: dict[str, Any]) -> list[str]:
    try:
        parse(data, "t.yaml")
    except InvalidInput as exc:
        return [p.path for p in exc.problems]
    return []


def test_every_unit_has_bounds() -> None:
    assert set(UNIT_BOUNDS) == set(Unit)
    assert all(lo < hi for lo, hi in UNIT_BOUNDS.values())
    assert UNIT_BOUNDS[Unit.share] == (0.0, 1.0) == UNIT_BOUNDS[Unit.probability]


def test_every_model_input_has_finite_bounds_within_the_domain() -> None:
    for model in registry.all_models():
        for spec in model.inputs:
            lo, hi = spec.bounds()
            assert math.isfinite(lo) and math.isfinite(hi), (model.name, spec.name)
            assert UNIT_BOUNDS[spec.unit][0] <= lo <= hi <= UNIT_BOUNDS[spec.unit][1]


@settings(max_examples=200, deadline=None)
@given(ANY_FLOAT)
def test_a_saving_is_accepted_only_when_finite_and_within_10bn_either_way(x: float) -> None:
    """An increment may be negative (a reversal), but a profile that is all cost is refused."""
    problems = _problems(_file(savings={"2024/25": x}))
    if not (math.isfinite(x) and -MAX_MONEY < x < MAX_MONEY):
        assert problems == ['proposals[0].savings["2024/25"]']
    elif x < 0:
        assert problems == ["proposals[0].savings"]  # a cost: a pressure, not a saving
    else:
        assert problems == []
    if math.isfinite(x) and -MAX_MONEY < x <= 0:
        reversal = {"2024/25": 1_000_000.0, "2025/26": max(x, -999_999.0)}
        assert _problems(_file(savings=reversal)) == []


@settings(max_examples=200, deadline=None)
@given(ANY_FLOAT)
def test_a_model_count_is_accepted_only_within_its_bounds(x: float) -> None:
    inputs = {"fte_deleted": x, "cost_per_fte": 50_000}
    problems = _problems(_file(model={"type": "restructure", "inputs": inputs}))
    ok = math.isfinite(x) and 0 <= x <= 1e6
    assert problems == ([] if ok else ["proposals[0].model.inputs.fte_deleted"])


@settings(max_examples=100, deadline=None)
@given(st.floats(min_value=0, max_value=1e11), st.floats(min_value=0, max_value=1e11))
def test_a_cost_with_no_maximum_is_held_to_10bn_four_standard_deviations_up(
    mean: float, sd: float
) -> None:
    inputs = {
        "establishment_fte": 10,
        "open_cases": 100,
        "cost_per_fte": {"dist": "normal", "mean": mean, "sd": sd, "min": 0},
    }
    problems = _problems(_file(model={"type": "vacancy_factor", "inputs": inputs}))
    # The unit (GBP) bounds it below £10bn; with no maximum its tail 4 sd up is what is checked.
    refused = mean + 4 * sd > MAX_MONEY
    assert problems == (["proposals[0].model.inputs.cost_per_fte"] if refused else [])


def test_a_model_bound_holds_for_every_value_a_draw_can_take() -> None:
    inputs = {
        "establishment_fte": 10,
        "cost_per_fte": 50_000,
        "open_cases": 100,
        "vacancy_rate": {"dist": "normal", "mean": 0.2, "sd": 0.01, "min": 0},
    }
    with pytest.raises(InvalidInput, match=r"vacancy_rate: can rise above 1 \[share\] \(got inf\)"):
        parse(_file(model={"type": "vacancy_factor", "inputs": inputs}), "t.yaml")


@pytest.mark.parametrize(
    ("field", "limit"),
    [("title", MAX_NAME), ("description", MAX_TEXT), ("service", MAX_NAME)],
)
def test_text_is_limited_and_the_refusal_does_not_echo_it(field: str, limit: int) -> None:
    parse_proposal({"ref": "T-1", "title": "T", field: "x" * limit}, "api")
    with pytest.raises(InvalidInput) as caught:
        parse_proposal({"ref": "T-1", "title": "T", field: "x" * (limit + 1)}, "api")
    line = caught.value.one_line()
    assert field in line and f"{limit} characters" in line and len(line) < 200


def test_a_huge_ref_is_not_echoed_in_the_refusal() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_proposal({"ref": "R" * 100_000, "title": "T"}, "api")
    assert len(caught.value.one_line()) < 200
