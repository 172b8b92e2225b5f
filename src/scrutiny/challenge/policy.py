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

BORROWED = {"workforce_cost_per_fte": "workforce.social_worker_cost_per_fte"}
"""Fields read from a parameter outside ``policy.*`` (the benchmark a rule compares with)."""


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
    redundancy_cost_low: float = 8160.0
    """D13: one redundancy's one-off cost, low end, when the papers give none [GBP]."""
    redundancy_cost_high: float = 16320.0
    """D13: one redundancy's one-off cost, high end, when the papers give none [GBP]."""
    d14_cost_per_fte_margin: float = 0.25
    """D14: a saving per FTE deleted this share above `workforce_cost_per_fte` is reported
    [share]."""
    workforce_cost_per_fte: float = 45500.0
    """D14: the workforce benchmark, ``workforce.social_worker_cost_per_fte`` [GBP per FTE a
    year]."""
    response_months: float = 2.0
    """Recommendations: the executive's response is asked for this long after the meeting
    [months]."""
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
            name = BORROWED.get(f.name, f"{PREFIX}.{f.name}")
            if name not in params:
                raise ParameterError("policy", name, "missing policy threshold")
            values[f.name] = params.value(name, year)
        policy = cls(**values, delivery=DeliveryPolicy.from_parameters(params, year))
        policy.check()
        return policy

    def check(self) -> None:
        """Refuse thresholds that contradict each other, naming the pair."""
        pairs = [("d6_score_low", "d6_score_high"), ("redundancy_cost_low", "redundancy_cost_high")]
        for low, high in pairs:
            if getattr(self, low) > getattr(self, high):
                raise ParameterError(
                    "policy", f"{PREFIX}.{low}", f"must not exceed {PREFIX}.{high}"
                )
