"""Registers the test models and builds validated proposal files for the engine's tests."""

from __future__ import annotations

from typing import Any

import engine_models  # noqa: F401  (registers the test models)
import pytest


@pytest.fixture
def make_file() -> Any:
    """Build and validate a proposal file from proposals (and correlations)."""
    from scrutiny.workflows.validate import parse

    def build(*proposals: dict[str, Any], correlations: list[Any] | None = None) -> Any:
        data: dict[str, Any] = {"council": "Testshire", "proposals": list(proposals)}
        if correlations:
            data["correlations"] = correlations
        return parse(data, "test.yaml")

    return build
