"""The inputs and outputs tables of docs/models.md, generated from each model's declarations.

Pure: it receives the ParameterSet (for the value and source of a default taken from a
parameter) and returns Markdown. The documentation test checks the file holds exactly these
tables, so the documentation cannot drift from the code.
"""

from __future__ import annotations

from scrutiny.models.base import InputSpec, ServiceModel
from scrutiny.parameters.schema import ParameterSet

BEGIN = "<!-- BEGIN generated tables: {name} -->"
END = "<!-- END generated tables: {name} -->"


def _number(value: float) -> str:
    if value == int(value):
        return f"{value:,.0f}"
    return f"{value:,.4f}".rstrip("0")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _default(spec: InputSpec, parameters: ParameterSet) -> tuple[str, str]:
    """(default, where it comes from) for one input."""
    if spec.parameter is not None:
        year, value = parameters[spec.parameter].entry()
        return (
            f"{_number(value.value)} ({year})",
            f"parameter `{spec.parameter}`: {value.source.cite()}",
        )
    if spec.default is not None:
        return _number(spec.default), spec.rationale or ""
    return "—", "no default: from the papers or an assumption"


def inputs_table(model: ServiceModel, parameters: ParameterSet) -> str:
    """Markdown table: input, unit, required or optional, default, where the default comes from."""
    lines = [
        "| input | unit | status | default | where the default comes from | description |",
        "|---|---|---|---|---|---|",
    ]
    for spec in model.inputs:
        default, origin = _default(spec, parameters)
        description = spec.description + (" (drawn every year)" if spec.per_year else "")
        lines.append(
            f"| `{spec.name}` | {spec.unit.value} | {spec.status} | {default} | "
            f"{_cell(origin)} | {_cell(description)} |"
        )
    return "\n".join(lines)


def outputs_table(model: ServiceModel) -> str:
    """Markdown table of the side outputs reported per year."""
    if not model.outputs:
        return "No side outputs."
    lines = ["| output | unit | description |", "|---|---|---|"]
    lines += [f"| `{o.key}` | {o.unit.value} | {_cell(o.description)} |" for o in model.outputs]
    return "\n".join(lines)


def generated_block(model: ServiceModel, parameters: ParameterSet) -> str:
    """The block between the markers of one model's section, markers included."""
    return "\n".join(
        [
            BEGIN.format(name=model.name),
            "",
            "Inputs:",
            "",
            inputs_table(model, parameters),
            "",
            "Side outputs per year:",
            "",
            outputs_table(model),
            "",
            END.format(name=model.name),
        ]
    )


def replace_blocks(text: str, models: list[ServiceModel], parameters: ParameterSet) -> str:
    """`text` with every model's generated block brought up to date (the markers must exist)."""
    for model in models:
        begin, end = BEGIN.format(name=model.name), END.format(name=model.name)
        start, stop = text.find(begin), text.find(end)
        if start < 0 or stop < start:
            raise ValueError(f"no generated block for {model.name} (add the markers {begin!r})")
        text = text[:start] + generated_block(model, parameters) + text[stop + len(end) :]
    return text


PARAMETERS_BEGIN = "<!-- BEGIN generated tables: parameters -->"
PARAMETERS_END = "<!-- END generated tables: parameters -->"


def model_parameters(models: list[ServiceModel]) -> list[str]:
    """The parameters the models take defaults from, sorted."""
    return sorted({s.parameter for m in models for s in m.inputs if s.parameter is not None})


def parameters_table(parameters: ParameterSet, names: list[str]) -> str:
    """The named parameters: latest value, unit, year, source and the date last checked."""
    lines = [
        PARAMETERS_BEGIN,
        "",
        "| parameter | value | unit | year | source | checked |",
        "|---|---|---|---|---|---|",
    ]
    for name in names:
        parameter = parameters[name]
        year, value = parameter.entry()
        lines.append(
            f"| `{name}` | {_number(value.value)} | {parameter.unit.value} | {year} | "
            f"{_cell(value.source.cite())} | {parameter.as_of.isoformat()} |"
        )
    lines += ["", PARAMETERS_END]
    return "\n".join(lines)


def replace_parameters(text: str, parameters: ParameterSet, names: list[str]) -> str:
    """`text` with the parameters table brought up to date (the markers must exist)."""
    start, stop = text.find(PARAMETERS_BEGIN), text.find(PARAMETERS_END)
    if start < 0 or stop < start:
        raise ValueError(f"no generated parameters table (add the markers {PARAMETERS_BEGIN!r})")
    return text[:start] + parameters_table(parameters, names) + text[stop + len(PARAMETERS_END) :]
