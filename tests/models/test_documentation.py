"""docs/models.md holds exactly the tables generated from the models and the parameters.

To bring the file up to date after changing a model or a parameter:
``uv run python tests/models/test_documentation.py``.
"""

from __future__ import annotations

from pathlib import Path

from scrutiny.models import registry
from scrutiny.models.documentation import (
    generated_block,
    model_parameters,
    parameters_table,
    replace_blocks,
    replace_parameters,
)
from scrutiny.parameters.loader import load_defaults

DOC = Path(__file__).resolve().parents[2] / "docs" / "models.md"


def expected(text: str) -> str:
    params, models = load_defaults(), registry.all_models()
    names = model_parameters(models)
    return replace_parameters(replace_blocks(text, models, params), params, names)


def test_models_doc_holds_the_generated_tables() -> None:
    text = DOC.read_text(encoding="utf-8")
    params = load_defaults()
    for model in registry.all_models():
        assert generated_block(model, params) in text, (
            f"docs/models.md: the tables for {model.name} are out of date; run "
            "`uv run python tests/models/test_documentation.py`"
        )
    assert parameters_table(params, model_parameters(registry.all_models())) in text
    assert expected(text) == text


def test_every_model_has_a_section_with_a_worked_example() -> None:
    text = DOC.read_text(encoding="utf-8")
    for model in registry.all_models():
        heading = f"## {model.name}"
        assert heading in text, heading
        section = text.split(heading, 1)[1].split("\n## ", 1)[0]
        assert "Worked example" in section, model.name
        assert "£" in section, model.name


if __name__ == "__main__":
    DOC.write_text(expected(DOC.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"updated {DOC.name}")
