"""Aggregate projection of children looked after from published yearly figures (pure).

The published figures for a council give, for each year to 31 March, the children looked after
on the day (the stock), the children who started to be looked after during the year (entries),
the population aged 0 to 17 and the placement mix on the day. From them this module projects the
stock on each later 31 March as a stock and flow:

    stock(t) = stock(t-1) + entries(t) - exits(t),
    exits(t) ~ exit rate x (stock(t-1) + entries(t) / 2)

The exit rate is the one the published stocks and entries imply (so the model reproduces the
published history exactly); entries are a rate per 10,000 children with a damped trend, times a
projected population. Both rates carry their uncertainty (how well the reference window pins
them down) and year-to-year process noise, drawn as simulated paths; entries are Poisson and
exits binomial on each path, so no path goes below zero. Each council's year-to-year variation is
shrunk towards the pooled variation of all councils (`Spread`), because three or four years say
little on their own; for the same reason the centre of the paths keeps only a share of the
council's own projected change and takes the rest from all councils' together
(`Settings.own_drift`, `pooled_drift`). Placement categories are the projected total times the
projected mix.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

# Years of history the year-to-year variation and the entry trend are measured over.
VARIATION_YEARS = 4
QUANTILES = (0.025, 0.10, 0.50, 0.90, 0.975)
# Placement categories of the published mix, in the order they are shown.
CATEGORIES = (
    "foster",
    "residential",
    "supported_accommodation",
    "placed_with_parents",
    "placed_for_adoption",
    "other",
)
CATEGORY_LABELS: Mapping[str, str] = {
    "foster": "Foster care",
    "residential": "Children's homes and other residential",
    "supported_accommodation": "Independent and supported accommodation",
    "placed_with_parents": "Placed with parents",
    "placed_for_adoption": "Placed for adoption",
    "other": "Other placements",
}


SERIES_LABELS: Mapping[str, str] = {
    "looked_after": "children looked after",
    "started": "children starting to be looked after",
    "population": "population aged 0 to 17",
}


class ProjectionInputError(ValueError):
    """The history cannot support a projection (too short, gaps, impossible figures)."""


@dataclass(frozen=True, slots=True)
class History:
    """One area's published yearly figures, consecutive years to 31 March, oldest first.

    `started` and `population` have one value per year; `mix` gives, for the years it is
    published, each category's share of the stock (shares of one year sum to 1).
    """

    years: tuple[int, ...]
    looked_after: tuple[float, ...]
    started: tuple[float, ...]
    population: tuple[float, ...]
    mix: Mapping[int, Mapping[str, float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n = len(self.years)
        if n < 3:
            raise ProjectionInputError(
                f"a projection needs at least three consecutive years of figures, not {n}"
            )
        if any(b - a != 1 for a, b in zip(self.years, self.years[1:], strict=False)):
            raise ProjectionInputError("the years of figures are not consecutive")
        for name in ("looked_after", "started", "population"):
            values = getattr(self, name)
            if len(values) != n:
                raise ProjectionInputError(
                    f"{SERIES_LABELS[name]}: {len(values)} figures for {n} years"
                )
            if any(not np.isfinite(v) or v < 0 for v in values):
                raise ProjectionInputError(f"{SERIES_LABELS[name]}: a negative or missing figure")
        if any(p <= 0 for p in self.population):
            raise ProjectionInputError("population aged 0 to 17: a year with no children")
        for name in ("looked_after", "started"):
            if any(v > p for v, p in zip(getattr(self, name), self.population, strict=True)):
                raise ProjectionInputError(
                    f"{SERIES_LABELS[name]}: more than the population aged 0 to 17"
                )


@dataclass(frozen=True, slots=True)
class Spread:
    """Year-to-year variation pooled across councils, the prior each council is shrunk to.

    `exit_rate_sd`: standard deviation of a council's exit rate between years (proportion a
    year); `entry_log_sd`: of the log of its entry rate; `weight`: how many years of a council's
    own history the pooled figure counts as.
    """

    exit_rate_sd: float = 0.035
    entry_log_sd: float = 0.10
    weight: float = 3.0


@dataclass(frozen=True, slots=True)
class Settings:
    """How the projection is made. `window`: years of rates the projection rests on;
    `damping`: how much of the entry trend carries into each further year (0 none, 1 all);
    `pooled_drift`: the change in the log of all councils' stock together 1, 2, ... years
    ahead, as the same model projects it (`pooled_drift()`; empty: none known);
    `own_drift`: the share of the council's own projected change kept, the rest taken from
    `pooled_drift` (1 keeps the council's own wholly)."""

    window: int = 2
    damping: float = 0.0
    paths: int = 2000
    seed: int = 20260331
    spread: Spread = Spread()
    pooled_drift: tuple[float, ...] = ()
    own_drift: float = 0.3


@dataclass(frozen=True, slots=True)
class Rates:
    """The rates the projection rests on, for the record."""

    exit_rate: float  # share of children looked after (stock plus half the entries) leaving a year
    exit_rate_sd: float  # year-to-year, after shrinkage
    entry_rate_per_10k: float  # entries per 10,000 children aged 0-17 in the last year's level
    entry_trend: float  # change in the log of the entry rate a year (before damping)
    entry_log_sd: float  # year-to-year, after shrinkage
    window: tuple[int, int]  # first and last year (to 31 March) of the reference window
    own_drift: float = 1.0  # share of the council's own projected change kept (1: all of it)


@dataclass(frozen=True, slots=True)
class Projection:
    """Simulated paths of the stock on each future 31 March (`totals[path, year]`) and of each
    placement category (`by_category[name][path, year]`)."""

    years: tuple[int, ...]
    start_year: int
    start_stock: float
    totals: np.ndarray
    by_category: Mapping[str, np.ndarray]
    rates: Rates
    exit_rates: np.ndarray  # [paths] each path's exit rate (its draw of the rate's uncertainty)
    expected_entries: np.ndarray  # [years] entries each year at the fitted rates, no noise

    def fan(self, index: int) -> tuple[float, ...]:
        """2.5, 10, 50, 90 and 97.5 percentiles of the total in one forecast year."""
        return tuple(float(v) for v in np.quantile(self.totals[:, index], QUANTILES))

    def category_band(self, name: str, index: int) -> tuple[float, float, float]:
        low, mid, high = np.quantile(self.by_category[name][:, index], (0.10, 0.50, 0.90))
        return float(low), float(mid), float(high)

    def year_average(self) -> np.ndarray:
        """Average children looked after through each financial year ending 31 March of a
        forecast year (midpoint of the stock at its start and end), per path."""
        start = np.concatenate(
            [np.full((self.totals.shape[0], 1), self.start_stock), self.totals[:, :-1]], axis=1
        )
        return (start + self.totals) / 2.0


def implied_exit_rates(history: History) -> np.ndarray:
    """Exit rate each year (from the second) implied by the published stocks and entries."""
    n = np.asarray(history.looked_after, dtype=float)
    s = np.asarray(history.started, dtype=float)
    exposure = n[:-1] + s[1:] / 2.0
    exits = n[:-1] + s[1:] - n[1:]
    with np.errstate(over="ignore"):  # a vanishing exposure gives +inf, clipped to 1 below
        rate = np.divide(exits, exposure, out=np.zeros_like(exits), where=exposure > 0)
    return np.clip(rate, 0.0, 1.0)


def entry_rates(history: History) -> np.ndarray:
    """Entries per 10,000 children aged 0-17, each year."""
    return np.asarray(history.started, float) / np.asarray(history.population, float) * 1e4


def _shrunk_sd(local: np.ndarray, prior_sd: float, weight: float) -> float:
    dof = max(len(local) - 1, 0)
    local_var = float(np.var(local, ddof=1)) if dof > 0 else 0.0
    return float(np.sqrt((dof * local_var + weight * prior_sd**2) / (dof + weight)))


def _slope(values: np.ndarray) -> float:
    if len(values) < 2:
        return 0.0
    x = np.arange(len(values), dtype=float)
    return float(np.polyfit(x, values, 1)[0])


def fit_rates(history: History, settings: Settings) -> Rates:
    """The exit and entry rates the projection rests on.

    Levels are the means over the last `window` years (the reference window); the year-to-year
    variation and the entry trend use every year given, up to `VARIATION_YEARS`, because two or
    three points say too little about either.
    """
    w = max(1, min(settings.window, len(history.years) - 1))
    all_exits = implied_exit_rates(history)
    log_entry = np.log(np.maximum(entry_rates(history), 1e-6))[-VARIATION_YEARS:]
    trend = _slope(log_entry)
    detrended = log_entry - trend * np.arange(len(log_entry))
    spread = settings.spread
    return Rates(
        exit_rate=float(np.mean(all_exits[-w:])),
        exit_rate_sd=_shrunk_sd(all_exits[-VARIATION_YEARS:], spread.exit_rate_sd, spread.weight),
        entry_rate_per_10k=float(np.exp(np.mean(log_entry[-w:]))),
        entry_trend=trend,
        entry_log_sd=_shrunk_sd(detrended, spread.entry_log_sd, spread.weight),
        window=(history.years[-w], history.years[-1]),
    )


def _population(history: History, horizon: int) -> np.ndarray:
    pop = np.asarray(history.population, float)[-4:]
    growth = _slope(np.log(pop))
    return pop[-1] * np.exp(growth * np.arange(1, horizon + 1))


def _mix_paths(
    history: History, totals: np.ndarray, settings: Settings, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    years = sorted(y for y in history.mix if y <= history.years[-1])
    if not years:
        return {}
    shares = np.array(
        [[max(history.mix[y].get(c, 0.0), 0.0) for c in CATEGORIES] for y in years], float
    )
    shares = shares / np.maximum(shares.sum(axis=1, keepdims=True), 1e-12)
    recent = shares[-settings.window - 1 :]
    last = recent[-1]
    trend = (
        np.array([_slope(recent[:, j]) for j in range(len(CATEGORIES))])
        if len(recent) > 1
        else np.zeros(len(CATEGORIES))
    )
    wobble = (
        np.std(np.diff(recent, axis=0), axis=0)
        if len(recent) > 2
        else np.full(len(CATEGORIES), 0.01)
    )
    wobble = np.maximum(wobble, 0.005)
    paths, horizon = totals.shape
    out = {c: np.empty_like(totals) for c in CATEGORIES}
    for h in range(horizon):
        carried = sum(settings.damping**k for k in range(1, h + 2))
        mean = np.clip(last + trend * carried, 0.0, None)
        noise = rng.normal(0.0, 1.0, (paths, len(CATEGORIES))) * wobble * np.sqrt(h + 1)
        share = np.clip(mean + noise, 0.0, None)
        share = share / np.maximum(share.sum(axis=1, keepdims=True), 1e-12)
        for j, c in enumerate(CATEGORIES):
            out[c][:, h] = totals[:, h] * share[:, j]
    return out


def _expected_entries(
    history: History, horizon: int, rates: Rates, settings: Settings
) -> np.ndarray:
    """Entries in each of the next `horizon` years at the fitted rates, without noise."""
    carried = np.cumsum(rates.entry_trend * settings.damping ** np.arange(1, horizon + 1))
    return rates.entry_rate_per_10k * np.exp(carried) * _population(history, horizon) / 1e4


def central_path(history: History, horizon: int, settings: Settings) -> np.ndarray:
    """The stock on each of the next `horizon` 31 Marchs at the fitted rates, without noise."""
    rates = fit_rates(history, settings)
    stock = float(history.looked_after[-1])
    out = np.empty(horizon)
    for h, entries in enumerate(_expected_entries(history, horizon, rates, settings)):
        stock = max(stock + entries - rates.exit_rate * (stock + entries / 2.0), 0.0)
        out[h] = stock
    return out


def all_councils(histories: Sequence[History]) -> History:
    """The figures of the councils with the longest run of years, added together (councils
    with a shorter run, such as new unitary councils, are left out)."""
    if not histories:
        raise ProjectionInputError("no councils' figures to add together")
    span = max((h.years for h in histories), key=len)
    full = [h for h in histories if h.years == span]

    def total(name: str) -> tuple[float, ...]:
        return tuple(float(v) for v in np.sum([getattr(h, name) for h in full], axis=0))

    return History(
        years=span,
        looked_after=total("looked_after"),
        started=total("started"),
        population=total("population"),
    )


def pooled_drift(
    histories: Sequence[History], settings: Settings = Settings(), horizon: int = 10
) -> tuple[float, ...]:
    """Change in the log of all councils' stock together, 1 to `horizon` years ahead, as the
    model projects it from their added-up figures (the drift each council is pulled towards)."""
    together = all_councils(histories)
    start = together.looked_after[-1]
    path = central_path(together, horizon, settings)
    if start <= 0 or np.any(path <= 0):
        return ()
    return tuple(float(v) for v in np.log(path / start))


def project(history: History, horizon: int, settings: Settings = Settings()) -> Projection:
    """Simulated stock on each of the next `horizon` 31 Marchs (1 to 10).

    With `settings.pooled_drift`, the paths are moved (by a factor each year, the same on every
    path) so their centre keeps `own_drift` of the council's own projected change and takes the
    rest from the change projected for all councils together: one council's few yearly figures
    say little about where its own numbers are heading.
    """
    if not 1 <= horizon <= 10:
        raise ProjectionInputError(f"years ahead must be 1 to 10, not {horizon}")
    rates = fit_rates(history, settings)
    rng = np.random.default_rng(settings.seed)
    paths = settings.paths
    window = rates.window[1] - rates.window[0] + 1
    # Parameter uncertainty: how well the window pins the rates down.
    exit_mean = rates.exit_rate + rng.normal(0.0, rates.exit_rate_sd / np.sqrt(window), paths)
    log_level = np.log(rates.entry_rate_per_10k) + rng.normal(
        0.0, rates.entry_log_sd / np.sqrt(window), paths
    )
    trend_sd = rates.entry_log_sd / np.sqrt(max(window, 1) * 2.0)
    trend = rates.entry_trend + rng.normal(0.0, trend_sd, paths)
    population = _population(history, horizon)
    stock = np.full(paths, float(history.looked_after[-1]))
    totals = np.empty((paths, horizon))
    carried = np.zeros(paths)
    for h in range(horizon):
        carried = carried + trend * settings.damping ** (h + 1)
        # Process noise: this year's own departure from the rates.
        log_rate = log_level + carried + rng.normal(0.0, rates.entry_log_sd, paths)
        # At most every child in the population starts to be looked after.
        expected_entries = np.exp(np.minimum(log_rate, np.log(1e4))) * population[h] / 1e4
        entries = rng.poisson(np.maximum(expected_entries, 0.0)).astype(float)
        exit_rate = np.clip(exit_mean + rng.normal(0.0, rates.exit_rate_sd, paths), 0.0, 1.0)
        at_risk = stock + entries
        leave_share = np.where(
            at_risk > 0, exit_rate * (stock + entries / 2.0) / np.maximum(at_risk, 1.0), 0.0
        )
        exits = rng.binomial(np.round(at_risk).astype(np.int64), np.clip(leave_share, 0.0, 1.0))
        stock = np.maximum(at_risk - exits, 0.0)
        totals[:, h] = stock
    pooled = settings.pooled_drift[:horizon]
    start = float(history.looked_after[-1])
    if len(pooled) == horizon and start > 0 and settings.own_drift < 1.0:
        own = central_path(history, horizon, settings)
        if np.all(own > 0):
            shift = (1.0 - settings.own_drift) * (np.asarray(pooled) - np.log(own / start))
            totals = totals * np.exp(shift)
            rates = replace(rates, own_drift=settings.own_drift)
    years = tuple(history.years[-1] + k for k in range(1, horizon + 1))
    return Projection(
        years=years,
        start_year=history.years[-1],
        start_stock=start,
        totals=totals,
        by_category=_mix_paths(history, totals, settings, rng),
        rates=rates,
        exit_rates=np.clip(exit_mean, 0.0, 1.0),
        expected_entries=_expected_entries(history, horizon, rates, settings),
    )


def pooled_spread(histories: Sequence[History], weight: float = 3.0) -> Spread:
    """The median year-to-year variation of many councils' rates, as a shrinkage prior."""
    exit_sds, entry_sds = [], []
    for h in histories:
        exits = implied_exit_rates(h)
        if len(exits) > 2:
            exit_sds.append(float(np.std(exits, ddof=1)))
        log_entry = np.log(np.maximum(entry_rates(h), 1e-6))
        if len(log_entry) > 2:
            detrended = log_entry - _slope(log_entry) * np.arange(len(log_entry))
            entry_sds.append(float(np.std(detrended, ddof=1)))
    default = Spread()
    return Spread(
        exit_rate_sd=float(np.median(exit_sds)) if exit_sds else default.exit_rate_sd,
        entry_log_sd=float(np.median(entry_sds)) if entry_sds else default.entry_log_sd,
        weight=weight,
    )
