"""A proposal's model inputs as its page and the scenario form list them, in words."""

from __future__ import annotations

from dataclasses import dataclass

from scrutiny.domain.proposal import Proposal
from scrutiny.domain.vocab import Unit
from scrutiny.reports.wording import describe_input, input_label, named_sources


@dataclass(frozen=True)
class InputRow:
    """A model input as the proposal page lists it, in words."""

    name: str
    label: str
    """What the input is: ``Posts deleted (FTE)``."""
    value: str
    """The value with its unit: ``0 to 6 months, most likely 0``, ``7%``."""
    unit: Unit | None
    description: str
    source: str
    assumed: bool
    fixed: float | None
    """The number when the input is a fixed value (the scenario form edits these)."""


def input_rows(p: Proposal, papers: dict[str, str] | None = None) -> list[InputRow]:
    """The proposal's model inputs in words, with the unit and label from its model, and where
    each value comes from (the proposal's assumption for it, else its first evidence), naming
    the papers by their own names (`papers`, as `ProposalPage.papers`)."""
    from scrutiny.models import registry

    if p.model is None:
        return []
    assumptions = {a.field: a for a in p.assumptions}
    evidence = p.evidence[0] if p.evidence else None
    rows = []
    for name, value in p.model.inputs.items():
        spec = registry.input_spec(p.model.type, name)
        a = assumptions.get(f"model.inputs.{name}")
        if a is not None:
            source = a.rationale + (f" ({a.source})" if a.source else "")
        elif evidence is not None:
            source = ", ".join(x for x in (evidence.source, evidence.locator) if x)
        else:
            source = "not given"
        rows.append(
            InputRow(
                name=name,
                label=input_label(spec, name),
                value=describe_input(value, spec.unit if spec else None),
                unit=spec.unit if spec else None,
                description=spec.description if spec else "",
                source=named_sources(source, papers or {}),
                assumed=a is not None,
                fixed=float(value) if isinstance(value, int | float) else None,
            )
        )
    return rows
