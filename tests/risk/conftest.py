"""Registers the test models (per module) and builds validated proposal files for the engine's tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import engine_models
import pytest

from scrutiny.models import registry


@pytest.fixture(autouse=True, scope="module")
def _test_models() -> Iterator[None]:
    """The engine's test models, registered for this module only so no other test sees them."""
    for model in engine_models.TEST_MODELS:
        registry.register(model)
    yield
    for model in engine_models.TEST_MODELS:
        registry.unregister(model.name)


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
