"""The inputs tables drive validation: registry, either/or inputs, posts, bounds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scrutiny.domain.proposal import ModelSpec, Post
from scrutiny.errors import InvalidInput
from scrutiny.models import registry
from scrutiny.workflows.validate import load, parse

SCHEMAS = Path(__file__).resolve().parents[2] / "docs" / "schemas"

BUILT_IN = [
    "cla_projection",
    "fixed",
    "fostering_recruitment",
    "placement_shift",
    "restructure",
    "vacancy_factor",
]


def test_every_model_of_the_contract_is_registered() -> None:
    assert registry.names() == BUILT_IN
    schema = json.loads((SCHEMAS / "simulate.schema.json").read_text(encoding="utf-8"))
    enum = schema["properties"]["proposals"]["items"]["properties"]["model"]["enum"]
    assert sorted(enum) == BUILT_IN


def test_a_council_model_registers_like_a_built_in() -> None:
    model = registry.get("placement_shift")
    assert registry.register(model) is model  # the same model again is accepted
    with pytest.raises(KeyError, match="unknown model 'nope'; known: cla_projection, fixed"):
        registry.get("nope")


@pytest.mark.parametrize("name", ["thurrock-2022.yaml", "croydon-2024.yaml"])
def test_examples_validate(examples: Path, name: str) -> None:
    pf = load(examples / name)
    types = {p.model_type for p in pf.proposals}
    assert types & {"vacancy_factor", "fostering_recruitment", "restructure", "placement_shift"}


def one(model: dict[str, Any]) -> dict[str, Any]:
    return {
        "council": "Testshire",
        "proposals": [
            {"ref": "T-1", "title": "A saving", "savings": {"2024/25": 100_000}, "model": model}
        ],
    }


def problems(model: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(InvalidInput) as caught:
        parse(one(model), "test.yaml")
    return [(p.path, p.message) for p in caught.value.problems]


def valid(model: dict[str, Any]) -> None:
    pf = parse(one(model), "test.yaml")
    assert pf.proposals[0].model is not None


def test_fostering_needs_households_one_way() -> None:
    neither = problems({"type": "fostering_recruitment", "inputs": {}})
    assert neither == [
        (
            "proposals[0].model.inputs",
            "net_households required [households per year], or the pipeline "
            "(enquiries, deregistrations)",
        )
    ]
    both = problems(
        {"type": "fostering_recruitment", "inputs": {"net_households": 5, "enquiries": 100}}
    )
    assert (
        both[0][1] == "give net_households or the pipeline (enquiries, deregistrations), not both"
    )
    half = problems({"type": "fostering_recruitment", "inputs": {"enquiries": 100}})
    assert half[0][1] == "deregistrations required for the recruitment pipeline"
    valid({"type": "fostering_recruitment", "inputs": {"net_households": 5}})
    valid({"type": "fostering_recruitment", "inputs": {"enquiries": 100, "deregistrations": 3}})


def test_required_inputs_and_bounds_come_from_the_table() -> None:
    missing = problems({"type": "vacancy_factor", "inputs": {"establishment_fte": 100}})
    assert missing == [
        ("proposals[0].model.inputs.open_cases", "required by vacancy_factor [cases]")
    ]
    out_of_range = problems(
        {
            "type": "vacancy_factor",
            "inputs": {
                "establishment_fte": 100,
                "open_cases": 1500,
                "vacancy_rate": {"dist": "uniform", "low": 0.1, "high": 1.2},
            },
        }
    )
    assert out_of_range == [
        ("proposals[0].model.inputs.vacancy_rate", "can rise above 1 [share] (got 1.2)")
    ]
    unknown = problems({"type": "placement_shift", "inputs": {"children_per_year": 3, "kids": 2}})
    assert unknown[0][0] == "proposals[0].model.inputs.kids"


def test_restructure_posts_expand_into_inputs() -> None:
    spec = ModelSpec(
        type="restructure",
        posts=[
            Post(fte=1.0, annual_cost=40_000),
            Post(fte=0.5, annual_cost=30_000, vacant=True),
            Post(fte=2.0, annual_cost=35_000),
        ],
    )
    derived = registry.get("restructure").derive(spec)
    assert derived["fte_deleted"] == 3.5
    # F·c = 40,000 + 15,000 + 70,000
    assert derived["fte_deleted"] * derived["cost_per_fte"] == pytest.approx(125_000)  # type: ignore[operator]
    assert derived["redundancies"] == 2.0  # the filled posts
    given = spec.model_copy(update={"inputs": {"redundancies": 1}})
    assert registry.get("restructure").derive(given)["redundancies"] == 1


def test_restructure_posts_are_checked() -> None:
    posts = [{"fte": 1.0, "annual_cost": 40_000}]
    valid({"type": "restructure", "posts": posts})
    clash = problems({"type": "restructure", "posts": posts, "inputs": {"fte_deleted": 2}})
    assert clash == [("proposals[0].model.inputs", "give posts or fte_deleted, not both")]
    empty = problems({"type": "restructure", "posts": [{"fte": 0, "annual_cost": 1}]})
    assert empty[0][1] == "posts: the posts listed add up to no FTE"
    elsewhere = problems(
        {"type": "fostering_recruitment", "posts": posts, "inputs": {"net_households": 2}}
    )
    assert elsewhere[0][1] == "fostering_recruitment takes no posts list; give its inputs instead"
    negative = problems({"type": "restructure", "posts": [{"fte": -1, "annual_cost": 1}]})
    assert negative[0][0].startswith("proposals[0].model.posts[0].fte")


def test_every_built_in_input_has_a_label_in_plain_words() -> None:
    """People see the label, never the input's name (`fte_deleted`) or its symbol (`F`)."""
    for model in registry.all_models():
        for spec in model.inputs:
            assert spec.label, f"{model.name}.{spec.name} has no label"
            assert "_" not in spec.label and spec.label != spec.name
            assert spec.label[0].isupper()
    assert registry.input_spec("restructure", "fte_deleted").words == "Posts deleted (FTE)"  # type: ignore[union-attr]
    assert registry.input_spec("restructure", "colour") is None
    assert registry.input_spec("no_such_model", "fte_deleted") is None


def test_restructure_caseloads_need_open_cases_and_the_case_holding_fte_together() -> None:
    base = {"fte_deleted": 2, "cost_per_fte": 40_000}
    valid({"type": "restructure", "inputs": {**base, "open_cases": 300, "case_holding_fte": 20}})
    for name in ("open_cases", "case_holding_fte"):
        (problem,) = problems({"type": "restructure", "inputs": {**base, name: 20}})
        assert problem == (
            "proposals[0].model.inputs",
            "give open_cases and case_holding_fte together, or neither",
        )
