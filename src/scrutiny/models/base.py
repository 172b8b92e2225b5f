"""The contract every service model keeps (built-in or a council's own).

A model declares its inputs (name, unit, default or default parameter, description) and its
side outputs, and computes **delivered cumulative saving** per financial year for a whole batch
of iterations at once. It never draws random numbers itself: the risk engine samples every input
(and every Bernoulli event an input declares) and hands the model numpy arrays, so results do not
depend on how iterations are split into chunks.

Shapes: ``n`` iterations, ``H`` years in the file's horizon. A scalar input arrives as ``(n,)``;
an input declared ``per_year`` arrives as ``(n, H)`` (drawn independently every year).
`delivered` is ``(n, H)``, zero before the proposal's first target year.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar, Literal

import numpy as np
import numpy.typing as npt

from scrutiny.domain.distributions import InputValue
from scrutiny.domain.limits import unit_bounds
from scrutiny.domain.proposal import ModelSpec
from scrutiny.domain.vocab import Unit

Array = npt.NDArray[np.float64]


@dataclass(frozen=True)
class InputSpec:
    """One model input: its unit, where its default comes from, and whether it is required.

    `parameter` names a default in the ParameterSet (dotted name); `default` is a plain default
    with its `rationale`. `event` names a 0/1 array the engine draws as Bernoulli(this input)
    and passes under that name (e.g. ``p_blocked`` → ``blocked``).
    """

    name: str
    unit: Unit
    description: str
    required: bool = False
    default: float | None = None
    parameter: str | None = None
    rationale: str | None = None
    per_year: bool = False
    lower: float | None = None
    upper: float | None = None
    event: str | None = None
    label: str = ""
    """What the input is in plain words, for people: ``Posts deleted (FTE)`` (the name in words
    when a model gives none)."""

    @property
    def words(self) -> str:
        """The label, or the name in words: ``net_households`` → ``Net households``."""
        if self.label:
            return self.label
        text = self.name.replace("_", " ")
        return text[:1].upper() + text[1:]

    @property
    def status(self) -> Literal["required", "optional"]:
        return "required" if self.required else "optional"

    def bounds(self) -> tuple[float, float]:
        """The values this input may take: the model's own bounds within the domain's bounds
        for its unit (shares within 0–1, counts non-negative, money below £10bn...)."""
        lo, hi = unit_bounds(self.unit)
        if self.lower is not None:
            lo = max(lo, self.lower)
        if self.upper is not None:
            hi = min(hi, self.upper)
        return lo, hi


@dataclass(frozen=True)
class OutputSpec:
    """A side output reported per year: `stat` of the raw array `source` (contracts.md §4)."""

    key: str
    unit: Unit
    description: str
    source: str
    stat: Literal["mean", "p90", "p10", "p50"] = "mean"


@dataclass(frozen=True)
class ModelContext:
    """What a model needs to know about the proposal besides its inputs.

    years: the file's horizon (labels); start: index in `years` of the proposal's first target
    year (0 when it has no savings); targets: incremental target per horizon year [GBP], shape (H,).
    """

    years: tuple[str, ...]
    start: int
    targets: Array

    @property
    def horizon(self) -> int:
        return len(self.years)

    def index(self) -> npt.NDArray[np.int64]:
        """Year index i relative to the proposal's first target year, per horizon year (H,)."""
        return np.arange(self.horizon, dtype=np.int64) - self.start


@dataclass
class ModelRun:
    """A model's answer for one batch: delivered (n, H) [GBP] and raw side arrays."""

    delivered: Array
    side: dict[str, Array] = field(default_factory=dict)


class ServiceModel(ABC):
    """Subclass, fill in the class attributes and `run`, then `registry.register(Model())`."""

    name: ClassVar[str]
    title: ClassVar[str]
    summary: ClassVar[str]
    inputs: ClassVar[tuple[InputSpec, ...]]
    outputs: ClassVar[tuple[OutputSpec, ...]] = ()

    def input(self, name: str) -> InputSpec:
        for spec in self.inputs:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def derive(self, spec: ModelSpec) -> dict[str, InputValue]:
        """Numeric inputs from the proposal's model spec; override to expand structured inputs.

        A `posts` list is refused here: only a model that overrides `derive` can read it.
        """
        if spec.posts is not None:
            raise ValueError(f"{self.name} takes no posts list; give its inputs instead")
        return dict(spec.inputs)

    def default_targets(self, point: Mapping[str, float], ctx: ModelContext) -> Array | None:
        """Targets implied by the inputs when the proposal gives no `savings` (None: no view)."""
        return None

    @abstractmethod
    def run(self, inputs: Mapping[str, Array], ctx: ModelContext) -> ModelRun:
        """Delivered cumulative saving for every iteration and year."""


CASELOAD_THRESHOLD = InputSpec(
    "caseload_threshold",
    Unit.cases_per_fte,
    "Caseload T per FTE above which caseloads are unsafe",
    label="Cases for each FTE above which caseloads are unsafe",
    parameter="workforce.caseload_threshold",
    lower=0.0,
)
"""The caseload threshold input of every model that reports caseloads."""


def running_total(x: Array) -> Array:
    """Σ_{j≤i} x_j along the years of `x` (n, H): the same sums, in the same order, as
    ``np.cumsum(x, axis=1)``, added a column at a time, which is several times faster for the
    few years of a plan (numpy's cumulative sum along short rows is slow)."""
    out = np.array(x, dtype=np.float64)
    for j in range(1, out.shape[1]):
        column = out[:, j]
        column += out[:, j - 1]
    return out


def clamp01(x: Array) -> Array:
    """`clamp(x, 0, 1)` of models.md."""
    return np.clip(x, 0.0, 1.0)


def year_fraction(index: Array, delay_months: Array) -> Array:
    """Share of year `index` (0 = first target year) after a delay: clamp(((i+1)·12 − m)/12, 0, 1)."""
    return clamp01(((index + 1) * 12.0 - delay_months) / 12.0)


def per_fte(cases: Array, fte: Array) -> Array:
    """Cases per FTE: infinite when nobody is in post and there are cases, 0 with no cases."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        load = np.divide(cases, fte)
    empty = fte <= 0
    if empty.any():
        load = np.where(empty, np.where(cases <= 0, 0.0, np.inf), load)
    return load


def caseload_change(with_it: Array, without: Array) -> Array:
    """with − without [cases per FTE], 0 where both are the same (both infinite included)."""
    with np.errstate(invalid="ignore"):
        change = np.subtract(with_it, without)
    if not np.isfinite(with_it).all():
        change[with_it == without] = 0.0
    return change


def every_year(values: Array, horizon: int) -> Array:
    """A per-iteration array (n,) as the same value in every year (n, H), without copying."""
    return np.broadcast_to(values[:, None], (values.shape[0], horizon))


WEEKS_PER_YEAR = InputSpec(
    "weeks_per_year",
    Unit.weeks_per_year,
    "Weeks W in a year",
    label="Weeks in a year",
    parameter="unit_costs.weeks_per_year",
    lower=0.0,
)
"""The weeks in a year that turn a weekly placement price into a yearly one, shared by the
placement models."""

CHILDREN_PER_HOUSEHOLD = InputSpec(
    "children_per_household",
    Unit.children_per_household,
    "Children h placed with each new household",
    label="Children placed with each new household",
    default=1.0,
    rationale="One child per household, as in the papers' own arithmetic (seed 004)",
    lower=0.0,
)
"""Children placed with each new foster household, shared by the fostering models."""
