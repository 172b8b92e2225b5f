"""Drawing from the distributions of contracts.md §2, vectorised.

Two ways in, for every distribution:

- `draw(spec, rng, size)` uses the Generator's own methods (``beta`` for PERT, ``triangular``,
  ``normal``, ``lognormal``, ``uniform``), the fastest way to independent draws;
- `ppf(spec, u)` is the inverse distribution function, used for correlated drivers: the Gaussian
  copula turns correlated standard normals into uniforms `u`, and `ppf` turns those into draws
  (models.md, "Monte Carlo rules").

Both return float64 arrays of the requested shape, in the input's own unit.

A `mixture`: one uniform per draw picks the component; independent draws then come from each
component's own method, correlated ones from the component's inverse distribution function at
the place within its band (`mixture_ppf`). Both give each component exactly its weight and its
own distribution.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

import numpy as np
import numpy.typing as npt
from scipy import special

from scrutiny.domain.distributions import (
    Bernoulli,
    Discrete,
    InputValue,
    Lognormal,
    Mixture,
    Normal,
    Pert,
    Spec,
    Triangular,
    Uniform,
    is_point,
)

Array = npt.NDArray[np.float64]
Shape = int | tuple[int, ...]

PERT_SHAPE = 4.0
"""Weight of the mode in beta-PERT (contracts.md §2: "beta-PERT, shape 4")."""


def pert_alpha_beta(spec: Pert) -> tuple[float, float]:
    """Beta shape parameters (α, β) of a PERT on [min, max]: 1 + 4·(mode − min)/(max − min), …"""
    span = spec.max - spec.min
    alpha = 1.0 + PERT_SHAPE * (spec.mode - spec.min) / span
    beta = 1.0 + PERT_SHAPE * (spec.max - spec.mode) / span
    return alpha, beta


PERT_TABLE_CELLS = 1 << 14
"""Cells of the tabulated beta inverse CDF [count]; linear interpolation within a cell."""

PERT_EXACT_TAIL_CELLS = 32
"""Cells at each end where the inverse CDF is steep and is computed exactly instead [count]."""


@functools.lru_cache(maxsize=256)
def _beta_table(alpha: float, beta: float) -> Array:
    """The beta(α, β) inverse CDF at u = k / PERT_TABLE_CELLS, k = 0..cells."""
    u = np.linspace(0.0, 1.0, PERT_TABLE_CELLS + 1)
    table = np.asarray(special.betaincinv(alpha, beta, u), dtype=np.float64)
    table.setflags(write=False)
    return table


@functools.lru_cache(maxsize=256)
def _beta_steps(alpha: float, beta: float) -> Array:
    """table[k + 1] − table[k] for each cell k of `_beta_table`."""
    table = _beta_table(alpha, beta)
    steps = table[1:] - table[:-1]
    steps.setflags(write=False)
    return steps


def beta_ppf(alpha: float, beta: float, u: Array) -> Array:
    """Inverse CDF of beta(α, β) on [0, 1].

    `scipy.special.betaincinv` is exact but costs microseconds a value, too slow for millions of
    correlated draws, so the bulk is interpolated in a table of its values (error below 1e-5 of
    the range, tested) and only the steep tails are computed exactly.
    """
    table = _beta_table(alpha, beta)
    cells = PERT_TABLE_CELLS
    t = u * cells
    i = np.minimum(t.astype(np.int64), cells - 1)
    t -= i
    t *= _beta_steps(alpha, beta)[i]
    x = table[i]
    x += t
    tail = (i < PERT_EXACT_TAIL_CELLS) | (i >= cells - PERT_EXACT_TAIL_CELLS)
    if tail.any():
        x[tail] = special.betaincinv(alpha, beta, u[tail])
    return x


def normal_bounds(spec: Normal) -> tuple[float, float]:
    """The truncation bounds as standard-normal cumulative probabilities (Φ(a), Φ(b))."""
    lo = 0.0 if spec.min is None else float(special.ndtr((spec.min - spec.mean) / spec.sd))
    hi = 1.0 if spec.max is None else float(special.ndtr((spec.max - spec.mean) / spec.sd))
    return lo, hi


def _truncated_normal_ppf(spec: Normal, u: Array) -> Array:
    """Inverse CDF of a normal truncated to [min, max] at probabilities `u` ∈ [0, 1]."""
    low, high = spec.support()
    if spec.sd == 0:
        return np.full(np.shape(u), min(max(spec.mean, low), high))
    lo, hi = normal_bounds(spec)
    if lo > 0.5:
        # Far in the upper tail Φ loses precision near 1: work with the mirror image instead.
        mirrored = Normal(
            dist="normal",
            mean=-spec.mean,
            sd=spec.sd,
            min=None if spec.max is None else -spec.max,
            max=None if spec.min is None else -spec.min,
        )
        return -_truncated_normal_ppf(mirrored, 1.0 - u)
    z = special.ndtri(lo + u * (hi - lo))
    return np.clip(spec.mean + spec.sd * z, low, high)


REJECTION_FROM = 0.5
"""Truncated normals keeping at least this share of the untruncated mass [probability] are
drawn by redrawing the values outside the bounds (on average under one extra round), faster
than the inverse distribution function; below it, by the inverse distribution function."""


def _truncated_normal_by_rejection(spec: Normal, rng: np.random.Generator, size: Shape) -> Array:
    low, high = spec.support()

    def outside(values: Array) -> npt.NDArray[np.bool_]:
        if spec.max is None:
            return values < low
        if spec.min is None:
            return values > high
        return (values < low) | (values > high)

    def any_outside(values: Array) -> bool:
        # One pass without a mask: the bounds are usually far out and nothing is redrawn.
        below = spec.min is not None and float(values.min()) < low
        return below or (spec.max is not None and float(values.max()) > high)

    x = rng.normal(spec.mean, spec.sd, size)
    while x.size and any_outside(x):
        bad = outside(x)
        x[bad] = rng.normal(spec.mean, spec.sd, int(bad.sum()))
    return x


def ppf(spec: Spec, u: Array) -> Array:
    """The value of `spec` at cumulative probability `u` (any shape, values in [0, 1])."""
    u = np.asarray(u, dtype=np.float64)
    if is_point(spec):
        return np.full(u.shape, spec.analytic_mean())
    if isinstance(spec, Uniform):
        return spec.low + u * (spec.high - spec.low)
    if isinstance(spec, Triangular):
        a, c, b = spec.min, spec.mode, spec.max
        if b == a:
            return np.full(u.shape, a)
        cut = (c - a) / (b - a)
        left = a + np.sqrt(u * (b - a) * (c - a))
        right = b - np.sqrt((1.0 - u) * (b - a) * (b - c))
        return np.where(u < cut, left, right)
    if isinstance(spec, Pert):
        if spec.max == spec.min:
            return np.full(u.shape, spec.min)
        alpha, beta = pert_alpha_beta(spec)
        return spec.min + (spec.max - spec.min) * beta_ppf(alpha, beta, u)
    if isinstance(spec, Normal):
        if spec.min is None and spec.max is None:
            return spec.mean + spec.sd * special.ndtri(u)
        return _truncated_normal_ppf(spec, u)
    if isinstance(spec, Lognormal):
        return np.exp(spec.mu + spec.sigma * special.ndtri(u))
    if isinstance(spec, Bernoulli):
        # The top `p` of the unit interval is "1", so a larger u means a larger draw.
        return (u > 1.0 - spec.p).astype(np.float64)
    if isinstance(spec, Discrete):
        return _discrete_from_uniform(spec, u)
    if isinstance(spec, Mixture):
        return mixture_ppf(spec, u)
    raise TypeError(f"not a distribution: {spec!r}")


def _bands(spec: Mixture, u: Array) -> Iterator[tuple[float, float, Spec, npt.NDArray[np.bool_]]]:
    """(low, weight, component, where u falls in its band) for each component of
    `spec.ordered()`: component i takes u in [c, c + wᵢ), the last one up to 1 inclusive."""
    parts = spec.ordered()
    low = 0.0
    for i, (weight, component) in enumerate(parts):
        high = low + weight
        if len(parts) == 1:
            inside = np.ones(u.shape, dtype=bool)
        elif i == len(parts) - 1:
            inside = u >= low
        elif i == 0:
            inside = u < high
        else:
            inside = (u >= low) & (u < high)
        yield low, weight, component, inside
        low = high


def _mixture_by_component(spec: Mixture, rng: np.random.Generator, size: Shape) -> Array:
    """Independent mixture draws: one uniform each picks the component (the bands of
    `mixture_ppf`), then each random component draws its own values with the Generator's
    methods, in component order, only as many as fell to it. The array starts filled with the
    heaviest single value, if there is one, whose draws then cost nothing more."""
    u = rng.random(size)
    points = [(w, c.analytic_mean()) for w, c in spec.ordered() if is_point(c)]
    base = max(points)[1] if points else None
    out = np.empty(u.shape, dtype=np.float64) if base is None else np.full(u.shape, base)
    for _, _, component, inside in _bands(spec, u):
        if is_point(component):
            if component.analytic_mean() != base:
                out[inside] = component.analytic_mean()
            continue
        count = int(np.count_nonzero(inside))
        if count:
            out[inside] = draw(component, rng, count)
    return out


def mixture_ppf(spec: Mixture, u: Array) -> Array:
    """A mixture's value at cumulative probability `u`.

    The components are laid along [0, 1] in order of their lowest value (then their mean), each
    over a band as wide as its weight; a `u` in component i's band [c, c + wᵢ) is that
    component's value at (u − c) / wᵢ. Every component is then drawn with its own weight and its
    own distribution exactly. When the components' ranges do not overlap (the usual "on time,
    otherwise a delay") this is the mixture's inverse distribution function itself, so a
    correlated mixture keeps the rank correlation asked for; where the ranges overlap, the
    values still follow the mixture exactly and the rank correlation comes out somewhat weaker.
    """
    out = np.empty(u.shape, dtype=np.float64)
    for low, weight, component, inside in _bands(spec, u):
        if is_point(component):
            out[inside] = component.analytic_mean()
        elif inside.any():
            out[inside] = ppf(component, np.clip((u[inside] - low) / weight, 0.0, 1.0))
    return out


def from_normal_scores(spec: Spec, z: Array) -> Array:
    """The value of `spec` whose standard-normal score is `z`: ppf(Φ(z)), with Φ skipped where
    it cancels (an untruncated normal is mean + sd·z, a lognormal exp(μ + σ·z))."""
    if isinstance(spec, Normal) and spec.min is None and spec.max is None:
        return spec.mean + spec.sd * z
    if isinstance(spec, Lognormal):
        return np.exp(spec.mu + spec.sigma * z)
    return ppf(spec, special.ndtr(z))


DISCRETE_COMPARE_UP_TO = 16
"""Discrete distributions with at most this many values [count] find each draw's value by
comparisons with the cumulative probabilities instead of a binary search."""


def _discrete_from_uniform(spec: Discrete, u: Array) -> Array:
    order = np.argsort(np.asarray(spec.values), kind="stable")
    values = np.asarray(spec.values, dtype=np.float64)[order]
    probs = np.asarray(spec.probabilities(), dtype=np.float64)[order]
    cumulative = np.cumsum(probs)
    cumulative[-1] = 1.0
    if len(values) <= DISCRETE_COMPARE_UP_TO:
        # The count of cumulative probabilities at or below u, as searchsorted(side="right")
        # gives it, by comparisons: much faster than a search for a handful of values.
        index = np.zeros(u.shape, dtype=np.intp)
        for edge in cumulative[:-1]:
            index += u >= edge
    else:
        index = np.searchsorted(cumulative, u, side="right")
    return values[np.minimum(index, len(values) - 1)]


def draw(spec: InputValue, rng: np.random.Generator, size: Shape) -> Array:
    """Independent draws of `spec` with the Generator's own methods.

    A number (or a `fixed` or `constant` distribution) comes back as a read-only broadcast view
    of one value: no memory, no time; models never write into their inputs."""
    if isinstance(spec, int | float):
        return np.broadcast_to(np.float64(spec), size)
    if is_point(spec):
        return np.broadcast_to(np.float64(spec.analytic_mean()), size)
    if isinstance(spec, Uniform):
        return rng.uniform(spec.low, spec.high, size)
    if isinstance(spec, Triangular):
        if spec.max == spec.min:
            return np.full(size, spec.min)
        return rng.triangular(spec.min, spec.mode, spec.max, size)
    if isinstance(spec, Pert):
        if spec.max == spec.min:
            return np.full(size, spec.min)
        alpha, beta = pert_alpha_beta(spec)
        # min + (max − min)·x, scaled in place: the same arithmetic without two temporaries.
        x = rng.beta(alpha, beta, size)
        x *= spec.max - spec.min
        x += spec.min
        return x
    if isinstance(spec, Normal):
        if spec.min is None and spec.max is None:
            return rng.normal(spec.mean, spec.sd, size)
        if spec.sd > 0:
            lo, hi = normal_bounds(spec)
            if hi - lo >= REJECTION_FROM:
                return _truncated_normal_by_rejection(spec, rng, size)
        return _truncated_normal_ppf(spec, rng.random(size))
    if isinstance(spec, Lognormal):
        return rng.lognormal(spec.mu, spec.sigma, size)
    if isinstance(spec, Bernoulli):
        return (rng.random(size) < spec.p).astype(np.float64)
    if isinstance(spec, Discrete):
        return _discrete_from_uniform(spec, rng.random(size))
    if isinstance(spec, Mixture):
        return _mixture_by_component(spec, rng, size)
    raise TypeError(f"not a distribution: {spec!r}")


def point_value(spec: InputValue) -> float:
    """A single representative value: the number itself, or the distribution's mean."""
    if isinstance(spec, int | float):
        return float(spec)
    return spec.analytic_mean()
