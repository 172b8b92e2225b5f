"""Reads parameter files into a ParameterSet (an edge: called by workflows, never by the core).

A tree: every ``*.yaml`` below the folder is one parameter named by its path
(``unit_costs/ifa_weekly.yaml`` → ``unit_costs.ifa_weekly``). An override file
(``--parameters FILE``) holds several under a ``parameters:`` mapping keyed by dotted name,
each with the same fields, so a council's own figure carries its own source.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from scrutiny import yaml_files
from scrutiny.domain.proposal_file import field_path
from scrutiny.errors import InvalidInput, ParameterError
from scrutiny.parameters.schema import Parameter, ParameterSet


def read_yaml(path: Path) -> Any:
    """Load a parameter file; syntax errors and duplicate keys name the file and the line."""
    try:
        return yaml_files.read(path)
    except InvalidInput as exc:
        problem = exc.problems[0]
        raise ParameterError(str(path), problem.path, problem.message) from None


def parse_parameter(data: Any, name: str, source: str) -> Parameter:
    if not isinstance(data, dict):
        raise ParameterError(source, name, "expected a mapping with description, unit, values")
    try:
        return Parameter.model_validate({**data, "name": name})
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(x for x in (name, field_path(err["loc"])) if x)
        message = (
            "required (every value needs a unit and a source)"
            if err["type"] == "missing"
            else err["msg"]
        )
        if err["type"] == "extra_forbidden":
            message = "unknown key"
        if err["type"] == "enum":
            message = f"unknown unit {err.get('input')!r}"
        raise ParameterError(source, key, message) from None


def load_tree(root: Path) -> ParameterSet:
    """Every parameter file below `root`."""
    params = {}
    for path in sorted(root.rglob("*.yaml")):
        name = ".".join(path.relative_to(root).with_suffix("").parts)
        params[name] = parse_parameter(read_yaml(path), name, str(path))
    return ParameterSet(params)


def load_overrides(path: Path) -> dict[str, Parameter]:
    """A council's own parameters (``--parameters FILE``)."""
    data = read_yaml(path)
    if (
        not isinstance(data, dict)
        or set(data) != {"parameters"}
        or not isinstance(data["parameters"], dict)
    ):
        raise ParameterError(
            str(path), "", "expected one top-level key 'parameters:' with a mapping"
        )
    return {
        name: parse_parameter(body, name, str(path)) for name, body in data["parameters"].items()
    }


def default_data_dir() -> Path:
    return Path(str(resources.files("scrutiny.parameters") / "data"))


def load_defaults(overrides: Path | None = None) -> ParameterSet:
    """The shipped defaults, with a council's overrides applied when given."""
    params = load_tree(default_data_dir())
    if overrides is not None:
        extra = load_overrides(overrides)
        unknown = sorted(set(extra) - set(params))
        if unknown:
            raise ParameterError(str(overrides), unknown[0], "no default parameter has this name")
        params = params.with_overrides(extra)
    return params
