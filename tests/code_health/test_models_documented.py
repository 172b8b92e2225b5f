"""Every model input and side output is named in docs/models.md."""

from __future__ import annotations

from pathlib import Path

from scrutiny.models import registry

DOC = Path(__file__).resolve().parents[2] / "docs" / "models.md"


def test_every_model_input_and_output_appears_in_the_docs() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [
        f"{model.name}.{name}"
        for model in registry.all_models()
        for name in [s.name for s in model.inputs] + [o.key for o in model.outputs]
        if f"`{name}`" not in text
    ]
    assert missing == []
