"""Distribution specifications: any model input may be a number or one of these (contracts.md §2).

A specification only describes a distribution; sampling lives in `scrutiny.risk.sampling`.
Checks that span fields (min ≤ mode ≤ max) raise errors whose context names the field at fault,
so the validation report can point at ``...inputs.net_households.min``.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator
from pydantic_core import PydanticCustomError

Finite = Annotated[float, Field(allow_inf_nan=False)]


def _order_error(low_name: str, low: float, high_name: str, high: float) -> PydanticCustomError:
    return PydanticCustomError(
        "order",
        "{low_name} ({low}) is greater than {high_name} ({high})",
        {"low_name": low_name, "low": low, "high_name": high_name, "high": high, "field": low_name},
    )


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def support(self) -> tuple[float, float]:
        """The smallest and largest value a draw can take (±inf when unbounded)."""
        raise NotImplementedError  # every concrete spec overrides this

    def analytic_mean(self) -> float:
        raise NotImplementedError  # every concrete spec overrides this


class _Point(_Spec):
    """One value, every time."""

    value: Finite

    def support(self) -> tuple[float, float]:
        return (self.value, self.value)

    def analytic_mean(self) -> float:
        return self.value


class Fixed(_Point):
    dist: Literal["fixed"]


class Constant(_Point):
    """The same as `fixed`; the name reads better as a component of a mixture ("on time")."""

    dist: Literal["constant"]


class Uniform(_Spec):
    dist: Literal["uniform"]
    low: Finite
    high: Finite

    @model_validator(mode="after")
    def _ordered(self) -> Uniform:
        if self.low > self.high:
            raise _order_error("low", self.low, "high", self.high)
        return self

    def support(self) -> tuple[float, float]:
        return (self.low, self.high)

    def analytic_mean(self) -> float:
        return (self.low + self.high) / 2


class _ThreePoint(_Spec):
    min: Finite
    mode: Finite
    max: Finite

    @model_validator(mode="after")
    def _ordered(self) -> Any:
        if self.min > self.max:
            raise _order_error("min", self.min, "max", self.max)
        if self.min > self.mode:
            raise _order_error("min", self.min, "mode", self.mode)
        if self.mode > self.max:
            raise _order_error("mode", self.mode, "max", self.max)
        return self

    def support(self) -> tuple[float, float]:
        return (self.min, self.max)


class Triangular(_ThreePoint):
    dist: Literal["triangular"]

    def analytic_mean(self) -> float:
        return (self.min + self.mode + self.max) / 3


class Pert(_ThreePoint):
    """Beta-PERT with shape 4: mean (min + 4·mode + max) / 6."""

    dist: Literal["pert"]

    def analytic_mean(self) -> float:
        return (self.min + 4 * self.mode + self.max) / 6


class Normal(_Spec):
    """Normal, truncated to [min, max] when either bound is given."""

    dist: Literal["normal"]
    mean: Finite
    sd: Annotated[float, Field(ge=0, allow_inf_nan=False)]
    min: Finite | None = None
    max: Finite | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Normal:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise _order_error("min", self.min, "max", self.max)
        return self

    def support(self) -> tuple[float, float]:
        return (
            -math.inf if self.min is None else self.min,
            math.inf if self.max is None else self.max,
        )

    def analytic_mean(self) -> float:
        lo, hi = self.support()
        if self.sd == 0 or (math.isinf(lo) and math.isinf(hi)):
            return min(max(self.mean, lo), hi)
        a, b = (lo - self.mean) / self.sd, (hi - self.mean) / self.sd
        pdf = lambda x: 0.0 if math.isinf(x) else math.exp(-x * x / 2) / math.sqrt(2 * math.pi)  # noqa: E731
        cdf = lambda x: 0.5 * (1 + math.erf(x / math.sqrt(2)))  # noqa: E731
        z = cdf(b) - cdf(a)
        return self.mean + self.sd * (pdf(a) - pdf(b)) / z


class Lognormal(_Spec):
    """Lognormal given by its median and 90th percentile."""

    dist: Literal["lognormal"]
    median: Annotated[float, Field(gt=0, allow_inf_nan=False)]
    p90: Annotated[float, Field(gt=0, allow_inf_nan=False)]

    @model_validator(mode="after")
    def _ordered(self) -> Lognormal:
        if self.median >= self.p90:
            raise PydanticCustomError(
                "order",
                "median ({median}) must be below p90 ({p90})",
                {"median": self.median, "p90": self.p90, "field": "median"},
            )
        return self

    @property
    def mu(self) -> float:
        return math.log(self.median)

    @property
    def sigma(self) -> float:
        z90 = 1.2815515655446004
        return (math.log(self.p90) - math.log(self.median)) / z90

    def support(self) -> tuple[float, float]:
        return (0.0, math.inf)

    def analytic_mean(self) -> float:
        return math.exp(self.mu + self.sigma**2 / 2)


class Bernoulli(_Spec):
    dist: Literal["bernoulli"]
    p: Annotated[float, Field(ge=0, le=1)]

    def support(self) -> tuple[float, float]:
        return (0.0, 1.0)

    def analytic_mean(self) -> float:
        return self.p


class Discrete(_Spec):
    dist: Literal["discrete"]
    values: Annotated[list[Finite], Field(min_length=1, max_length=10_000)]
    weights: (
        Annotated[
            list[Annotated[float, Field(ge=0, allow_inf_nan=False)]], Field(max_length=10_000)
        ]
        | None
    ) = None

    @model_validator(mode="after")
    def _weights(self) -> Discrete:
        if self.weights is not None:
            if len(self.weights) != len(self.values):
                raise PydanticCustomError(
                    "length",
                    "{n} weights for {m} values",
                    {"n": len(self.weights), "m": len(self.values), "field": "weights"},
                )
            if sum(self.weights) <= 0:
                raise PydanticCustomError(
                    "weights", "the weights add up to zero", {"field": "weights"}
                )
        return self

    def probabilities(self) -> list[float]:
        weights = self.weights or [1.0] * len(self.values)
        total = sum(weights)
        return [w / total for w in weights]

    def support(self) -> tuple[float, float]:
        return (min(self.values), max(self.values))

    def analytic_mean(self) -> float:
        return sum(v * p for v, p in zip(self.values, self.probabilities(), strict=True))


def _tag(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return NUMBER_TAG
    if isinstance(value, dict):
        dist = value.get("dist")
        return dist if isinstance(dist, str) else None
    if isinstance(value, _Spec):
        return str(getattr(value, "dist"))  # noqa: B009
    return None


MIXTURE_WEIGHT_TOLERANCE = 1e-9
"""How far a mixture's weights may add up away from 1 [probability]."""


class _Weight(BaseModel):
    weight: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
    """Probability that a draw comes from this component [probability]."""


class FixedComponent(_Weight, Fixed):
    pass


class ConstantComponent(_Weight, Constant):
    pass


class UniformComponent(_Weight, Uniform):
    pass


class TriangularComponent(_Weight, Triangular):
    pass


class PertComponent(_Weight, Pert):
    pass


class NormalComponent(_Weight, Normal):
    pass


class LognormalComponent(_Weight, Lognormal):
    pass


class BernoulliComponent(_Weight, Bernoulli):
    pass


class DiscreteComponent(_Weight, Discrete):
    pass


COMPONENT_TAGS = (
    "fixed",
    "constant",
    "uniform",
    "triangular",
    "pert",
    "normal",
    "lognormal",
    "bernoulli",
    "discrete",
)
"""Every distribution but a mixture: what a mixture's components may be."""

Component = Annotated[
    Annotated[ConstantComponent, Tag("constant")]
    | Annotated[FixedComponent, Tag("fixed")]
    | Annotated[UniformComponent, Tag("uniform")]
    | Annotated[TriangularComponent, Tag("triangular")]
    | Annotated[PertComponent, Tag("pert")]
    | Annotated[NormalComponent, Tag("normal")]
    | Annotated[LognormalComponent, Tag("lognormal")]
    | Annotated[BernoulliComponent, Tag("bernoulli")]
    | Annotated[DiscreteComponent, Tag("discrete")],
    Discriminator(
        _tag,
        custom_error_type="component",
        custom_error_message=(
            "expected a weight and a distribution with dist: "
            + " | ".join(COMPONENT_TAGS)
            + " (a mixture cannot hold another mixture)"
        ),
    ),
]
"""One weighted part of a mixture: any distribution but a mixture, with its `weight`."""


class Mixture(_Spec):
    """A draw comes from component i with probability weight_i (the weights add up to 1).

    "On time with probability 0.7, otherwise a PERT delay of 1 to 6 months" is
    ``{dist: mixture, components: [{weight: 0.7, dist: constant, value: 0},
    {weight: 0.3, dist: pert, min: 1, mode: 3, max: 6}]}``.
    """

    dist: Literal["mixture"]
    components: Annotated[list[Component], Field(min_length=1)]

    @model_validator(mode="after")
    def _weights(self) -> Mixture:
        total = math.fsum(c.weight for c in self.components)
        if abs(total - 1.0) > MIXTURE_WEIGHT_TOLERANCE:
            raise PydanticCustomError(
                "weights",
                "the weights of the components add up to {total}, not 1",
                {"total": round(total, 12), "field": "components"},
            )
        return self

    def support(self) -> tuple[float, float]:
        ranges = [c.support() for c in self.components if c.weight > 0]
        return (min(lo for lo, _ in ranges), max(hi for _, hi in ranges))

    def analytic_mean(self) -> float:
        return math.fsum(c.weight * c.analytic_mean() for c in self.components if c.weight > 0)

    def ordered(self) -> list[tuple[float, Spec]]:
        """(weight, component) with weight above 0, in order of (lowest value, mean): the
        order in which the inverse distribution function lays them along [0, 1]."""
        parts = [c for c in self.components if c.weight > 0]
        parts.sort(key=lambda c: (c.support()[0], c.analytic_mean(), c.support()[1]))
        return [(c.weight, c) for c in parts]


DIST_TAGS = (*COMPONENT_TAGS, "mixture")
NUMBER_TAG = "number"


Distribution = Annotated[
    Annotated[Fixed, Tag("fixed")]
    | Annotated[Constant, Tag("constant")]
    | Annotated[Uniform, Tag("uniform")]
    | Annotated[Triangular, Tag("triangular")]
    | Annotated[Pert, Tag("pert")]
    | Annotated[Normal, Tag("normal")]
    | Annotated[Lognormal, Tag("lognormal")]
    | Annotated[Bernoulli, Tag("bernoulli")]
    | Annotated[Discrete, Tag("discrete")]
    | Annotated[Mixture, Tag("mixture")],
    Discriminator(
        _tag,
        custom_error_type="distribution",
        custom_error_message=(
            "expected a number or a distribution with dist: " + " | ".join(DIST_TAGS)
        ),
    ),
]

InputValue = Annotated[
    Annotated[Finite, Tag(NUMBER_TAG)]
    | Annotated[Fixed, Tag("fixed")]
    | Annotated[Constant, Tag("constant")]
    | Annotated[Uniform, Tag("uniform")]
    | Annotated[Triangular, Tag("triangular")]
    | Annotated[Pert, Tag("pert")]
    | Annotated[Normal, Tag("normal")]
    | Annotated[Lognormal, Tag("lognormal")]
    | Annotated[Bernoulli, Tag("bernoulli")]
    | Annotated[Discrete, Tag("discrete")]
    | Annotated[Mixture, Tag("mixture")],
    Discriminator(
        _tag,
        custom_error_type="input_value",
        custom_error_message=(
            "expected a number or a distribution with dist: " + " | ".join(DIST_TAGS)
        ),
    ),
]
"""A model input: a plain number, or a distribution."""

Spec = (
    Fixed
    | Constant
    | Uniform
    | Triangular
    | Pert
    | Normal
    | Lognormal
    | Bernoulli
    | Discrete
    | Mixture
)


def is_point(value: object) -> bool:
    """True for `fixed` and `constant`: one value, stated as a distribution."""
    return isinstance(value, _Point)


def is_random(value: object) -> bool:
    """True for a distribution that can take more than one value."""
    if isinstance(value, _Point) or not isinstance(value, _Spec):
        return False
    lo, hi = value.support()
    return lo != hi
