"""Thresholds of the challenge rules, typed, built from the `policy.*` parameters.

The numbers live in ``parameters/data/policy/*.yaml`` (each with unit, source and rationale); a
council's own file (``--policy FILE``, the parameter override format) replaces any of them. The
core never reads the files: a workflow loads the ParameterSet and calls `Policy.from_parameters`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from scrutiny.domain.delivery import DEFAULT, DeliveryPolicy
from scrutiny.errors import ParameterError
from scrutiny.parameters.schema import ParameterSet

PREFIX = "policy"


@dataclass(frozen=True)
class Policy:
    """Each field is the parameter ``policy.<field name>``."""

    d3_p_caseload_above: float
    """D3: p_caseload_above_threshold above this → high [probability]."""
    d3_caseload_threshold: float
    """D3: mean caseload above this → high, unless the model gives its own [cases_per_fte]."""
    d3_caseload_change: float
    """D3: the saving adds at least this to the mean caseload → its own effect is material
    [cases_per_fte]."""
    d6_score_high: float
    """D6: likelihood × impact at or above this → high, medium if mitigated [count]."""
    d6_score_low: float
    """D6: likelihood × impact at or above this → low [count]."""
    d7_payback_months: float
    """D7: payback longer than this → medium [months]."""
    d10_tolerance: float
    """D10: differences larger than this are reported [GBP]."""
    d12_unit_cost_margin: float
    """D12: a fostering weekly cost this share beyond the national figures is reported [share]."""
    i5_min_proposals: float
    """I5: this many proposals on one service or more → low [count]."""
    a4_min_alternatives: float
    """A4: fewer alternatives than this (at least one) → low [count]."""
    delivery: DeliveryPolicy = field(default=DEFAULT)
    """The delivery measure: materiality and the RAG thresholds (``policy.materiality``,
    ``policy.rag_*``); D2's severity follows the RAG rating."""

    @classmethod
    def from_parameters(cls, params: ParameterSet, year: str | None = None) -> Policy:
        """The thresholds in force in `year` (latest when None) from ``policy.*`` parameters."""
        values: dict[str, float] = {}
        for f in fields(cls):
            if f.name == "delivery":
                continue
            name = f"{PREFIX}.{f.name}"
            if name not in params:
                raise ParameterError("policy", name, "missing policy threshold")
            values[f.name] = params.value(name, year)
        policy = cls(**values, delivery=DeliveryPolicy.from_parameters(params, year))
        policy.check()
        return policy

    def check(self) -> None:
        """Refuse thresholds that contradict each other, naming the pair."""
        pairs = [("d6_score_low", "d6_score_high")]
        for low, high in pairs:
            if getattr(self, low) > getattr(self, high):
                raise ParameterError(
                    "policy", f"{PREFIX}.{low}", f"must not exceed {PREFIX}.{high}"
                )
