"""How a finance team measures the delivery of a saving: expected delivery, £ at risk, the
chance of delivering at least the target less a materiality margin, and a RAG rating.

The thresholds are policy parameters (``policy.materiality``, ``policy.rag_green_p_meet``,
``policy.rag_red_expected_share``, each with unit, source and rationale in
``parameters/data/policy``); a council changes them with ``--policy FILE``. The defaults below are
the same numbers, for callers that run without a parameter set (tests, benchmarks).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal, Protocol

from scrutiny.errors import ParameterError


class Parameters(Protocol):
    """What the measure needs of a ParameterSet."""

    def __contains__(self, name: object) -> bool: ...

    def value(self, name: str, year: str | None = None) -> float: ...


Rag = Literal["green", "amber", "red"]
RAGS: tuple[Rag, ...] = ("green", "amber", "red")
RAG_WORDS: dict[Rag, str] = {"green": "Green", "amber": "Amber", "red": "Red"}
"""The rating in words, so it never relies on colour alone."""


class Measured(Protocol):
    """What ranks a year of delivery: expected and at-risk money against the target [GBP]."""

    mean: float
    cumulative_target: float
    at_risk: float


def hardness(rag: Rag, stats: Measured) -> tuple[int, float, float]:
    """Sort key of a rated year, hardest last: the worse rating, then the lower expected share
    of the target, then more money at risk."""
    share = stats.mean / stats.cumulative_target if stats.cumulative_target > 0 else 1.0
    return RAGS.index(rag), -share, stats.at_risk


@dataclass(frozen=True)
class DeliveryPolicy:
    """The measure's thresholds."""

    materiality: float = 0.05
    """A shortfall up to this share of the cumulative target still counts as delivered [share]."""
    green_p_meet: float = 0.8
    """Green when the chance of delivering at least (1 − materiality) of the target is at least
    this [probability]."""
    red_expected_share: float = 0.5
    """Red when the expected delivery is below this share of the cumulative target [share]."""

    NAMES: ClassVar[dict[str, str]] = {
        "materiality": "policy.materiality",
        "green_p_meet": "policy.rag_green_p_meet",
        "red_expected_share": "policy.rag_red_expected_share",
    }

    def __post_init__(self) -> None:
        for attr, name in self.NAMES.items():
            value = getattr(self, attr)
            if not 0.0 <= value <= 1.0:
                raise ParameterError("policy", name, f"must be between 0 and 1 (got {value})")
        if self.materiality >= 1.0:
            raise ParameterError("policy", self.NAMES["materiality"], "must be below 1")

    @classmethod
    def from_parameters(cls, params: Parameters, year: str | None = None) -> DeliveryPolicy:
        """The thresholds in force (latest when `year` is None); shipped defaults when the set
        has none of them."""
        values = {a: params.value(n, year) for a, n in cls.NAMES.items() if n in params}
        return cls(**values)

    def threshold(self, cumulative_target: float) -> float:
        """The delivered saving [GBP] that counts as meeting `cumulative_target` [GBP]."""
        return cumulative_target * (1.0 - self.materiality)

    def rag(self, expected_share: float | None, p_meet: float | None) -> Rag | None:
        """Green, amber or red; None when there is no target to measure against."""
        if expected_share is None or p_meet is None:
            return None
        if expected_share < self.red_expected_share:
            return "red"
        if p_meet >= self.green_p_meet:
            return "green"
        return "amber"


DEFAULT = DeliveryPolicy()
