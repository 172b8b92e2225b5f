"""Individual-level projection of children looked after from care records (pure).

Each child looked after is in a cell: single year of age (0 to 17), placement state (`STATES`)
and band of time in care (under 6 months, 6 to 24 months, 2 years or more). Over a reference
window before the origin, the model counts, for every cell, the days children spent in it
(exposure) and the moves to each other state and the exits from care (occurrences); their ratio
is the rate. Cells with little exposure borrow from the rate of their state and time-in-care
band pooled over ages, which in turn borrows from the state's rate (shrinkage with a prior of
`prior_days` days at the pooled rate). Entries are a monthly rate with a log-linear trend over
the entry window, arriving in the cells entries arrived in during the reference window.

The projection runs month by month on counts: in each cell the children staying, moving to
each state and leaving are a multinomial draw; a twelfth of each age turns a year older (at 18
they leave care); a share moves on to the next time-in-care band; new entries are Poisson.
Each simulated path first draws its own rates from their gamma posteriors (rate uncertainty), so
the fan combines that with the month-to-month chance (process noise). Nothing can go negative.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from scrutiny.projection.episodes import STATES, Episode
from scrutiny.projection.levers import Flows, Levers, monthly_flows

AGES = 18
BAND_EDGES_DAYS = (183, 730)  # under 6 months, 6 to 24 months, 2 years and more
BANDS = len(BAND_EDGES_DAYS) + 1
N_STATES = len(STATES)
CELLS = AGES * N_STATES * BANDS
EXIT = N_STATES  # destination index of leaving care
MONTH_DAYS = 365.25 / 12


class ProjectionDataError(ValueError):
    """Care records that cannot support a projection."""


@dataclass(frozen=True, slots=True)
class IndividualSettings:
    """`window_years`: reference window for the rates; `entry_years`: for the entry trend;
    `prior_days`: exposure the pooled rate counts as in a thin cell; `damping`: share of the
    entry trend carried into each further month (1: all)."""

    window_years: int = 2
    entry_years: int = 5
    prior_days: float = 365.0
    damping: float = 1.0
    paths: int = 1000
    seed: int = 20260331


@dataclass(frozen=True, slots=True)
class Fitted:
    events: np.ndarray  # [CELLS, N_STATES + 1] occurrences, shrunk
    exposure: np.ndarray  # [CELLS] days, shrunk
    entries_per_month: float
    entry_trend: float  # log change a month
    entry_trend_se: float
    entries_seen: int
    entry_months: int
    entry_cells: np.ndarray  # [CELLS] shares of entries
    start: np.ndarray  # [CELLS] children in each cell at the origin
    origin: date


@dataclass(frozen=True, slots=True)
class IndividualProjection:
    months: tuple[date, ...]  # month ends after the origin
    totals: np.ndarray  # [paths, months]
    by_state: np.ndarray  # [paths, months, N_STATES]
    fitted: Fitted

    def index_of(self, day: date) -> int:
        return self.months.index(day)


def _days(d: date) -> int:
    return d.toordinal()


def _cell(age_years: np.ndarray, state: np.ndarray, in_care_days: np.ndarray) -> np.ndarray:
    age = np.clip(age_years, 0, AGES - 1)
    band = np.searchsorted(np.asarray(BAND_EDGES_DAYS), in_care_days, side="right")
    return (age * N_STATES + state) * BANDS + band


def _arrays(
    births: Mapping[str, date], episodes: Sequence[Episode], origin: date
) -> dict[str, np.ndarray]:
    """Episodes known at `origin`, in child then start order, with their care-period starts."""
    kept = sorted(
        (e for e in episodes if e.start <= origin and e.child in births),
        key=lambda e: (e.child, e.start),
    )
    if not kept:
        raise ProjectionDataError("no episodes of care before the projection starts")
    o = _days(origin)
    child = np.array([e.child for e in kept])
    start = np.array([_days(e.start) for e in kept], dtype=np.int64)
    end = np.array(
        [o + 1 if e.end is None or _days(e.end) > o else _days(e.end) for e in kept], dtype=np.int64
    )
    state = np.array([STATES.index(e.state) for e in kept], dtype=np.int64)
    birth = np.array([_days(births[e.child]) for e in kept], dtype=np.int64)
    same_child_next = np.append(child[1:] == child[:-1], False)
    # An open episode followed by another ends where the next begins.
    nxt_start = np.append(start[1:], o + 1)
    end = np.where(same_child_next, np.minimum(end, nxt_start), end)
    continues = same_child_next & (nxt_start <= end + 1)
    new_period = ~np.append(False, continues[:-1])
    period_idx = np.maximum.accumulate(np.where(new_period, np.arange(len(start)), 0))
    next_state = np.append(state[1:], -1)
    return {
        "start": start,
        "end": end,
        "state": state,
        "birth": birth,
        "period_start": start[period_idx],
        "new_period": new_period,
        "continues": continues,
        "next_state": np.where(continues, next_state, EXIT),
    }


def _age(birth: np.ndarray, day: np.ndarray | int) -> np.ndarray:
    return ((np.asarray(day) - birth) // 365.25).astype(np.int64)


def fit(
    births: Mapping[str, date],
    episodes: Sequence[Episode],
    origin: date,
    settings: IndividualSettings = IndividualSettings(),
    records_from: date | None = None,
) -> Fitted:
    """Rates, entries and the starting cells from the records known at `origin`.

    `records_from`: the first day the records cover (entries before it are unknown), which
    limits the windows to whole years of records.
    """
    a = _arrays(births, episodes, origin)
    o = _days(origin)
    covered = (o - _days(records_from)) / 365.25 if records_from else float("inf")
    if covered < 1:
        raise ProjectionDataError("the records cover less than a year before the projection starts")
    w0 = o - round(float(min(settings.window_years, np.floor(covered + 1e-6))) * 365.25)
    # Exposure: each month end in the window counts one month for every child in care then.
    exposure = np.zeros(CELLS)
    for day in range(o - int(MONTH_DAYS / 2), w0, -round(MONTH_DAYS)):
        on = (a["start"] <= day) & (a["end"] > day)
        cells = _cell(_age(a["birth"][on], day), a["state"][on], day - a["period_start"][on])
        exposure += np.bincount(cells, minlength=CELLS) * MONTH_DAYS
    # Occurrences: moves to another state and exits from care, ending in the window.
    ended = (a["end"] > w0) & (a["end"] <= o)
    moved = ended & ~((a["next_state"] == a["state"]) & a["continues"])
    day = a["end"][moved]
    cells = _cell(_age(a["birth"][moved], day), a["state"][moved], day - a["period_start"][moved])
    events = np.zeros((CELLS, N_STATES + 1))
    np.add.at(events, (cells, a["next_state"][moved]), 1.0)
    # Leaving at 18 is the ageing step's, not a rate's.
    at_18 = _age(a["birth"][moved], day) >= AGES
    if at_18.any():
        np.add.at(events, (cells[at_18], a["next_state"][moved][at_18]), -1.0)
    events, exposure = _shrink(events, exposure, settings.prior_days)
    # Entries: care periods starting, by month, over the entry window.
    n_months = int(min(settings.entry_years, np.floor(covered + 1e-6))) * 12
    back = ((o - a["start"]) // MONTH_DAYS).astype(np.int64)  # whole months before the origin
    first = a["new_period"] & (back < n_months)
    per_month = np.bincount(n_months - 1 - back[first], minlength=n_months).astype(float)
    trend, trend_se, level = _log_trend(per_month)
    recent = first & (a["start"] > w0)
    entry_cells = np.bincount(
        _cell(
            _age(a["birth"][recent], a["start"][recent]),
            a["state"][recent],
            np.zeros(recent.sum(), dtype=np.int64),
        ),
        minlength=CELLS,
    ).astype(float)
    if entry_cells.sum() == 0:
        raise ProjectionDataError("no children started to be looked after in the reference window")
    on = (a["start"] <= o) & (a["end"] > o)
    start = np.bincount(
        _cell(_age(a["birth"][on], o), a["state"][on], o - a["period_start"][on]), minlength=CELLS
    ).astype(np.int64)
    return Fitted(
        events=events,
        exposure=exposure,
        entries_per_month=level,
        entry_trend=trend,
        entry_trend_se=trend_se,
        entries_seen=int(per_month.sum()),
        entry_months=n_months,
        entry_cells=entry_cells / entry_cells.sum(),
        start=start,
        origin=origin,
    )


def _shrink(
    events: np.ndarray, exposure: np.ndarray, prior: float
) -> tuple[np.ndarray, np.ndarray]:
    """Each cell's occurrences and exposure plus `prior` days at its parent group's rate: the
    state and band pooled over ages, itself shrunk to the state pooled over bands."""
    ev = events.reshape(AGES, N_STATES, BANDS, -1)
    ex = exposure.reshape(AGES, N_STATES, BANDS)
    overall = ev.sum(axis=(0, 1, 2)) / max(ex.sum(), 1.0)
    state_ev, state_ex = ev.sum(axis=(0, 2)), ex.sum(axis=(0, 2))
    state_rate = (state_ev + prior * overall) / (state_ex + prior)[:, None]
    band_ev, band_ex = ev.sum(axis=0), ex.sum(axis=0)
    band_rate = (band_ev + prior * state_rate[:, None, :]) / (band_ex + prior)[..., None]
    shrunk_ev = ev + prior * band_rate[None]
    shrunk_ex = ex + prior
    return shrunk_ev.reshape(CELLS, -1), shrunk_ex.reshape(CELLS)


def _log_trend(per_month: np.ndarray) -> tuple[float, float, float]:
    """Log-linear trend of monthly counts (per month), its standard error and the level at the
    end of the window (entries a month)."""
    n = len(per_month)
    x = np.arange(n, dtype=float)
    y = np.log(np.maximum(per_month, 0.5))
    if n < 6:
        return 0.0, 0.0, float(per_month.mean())
    slope, intercept = np.polyfit(x, y, 1)
    resid = y - (slope * x + intercept)
    se = float(np.sqrt(resid.var(ddof=2) / ((x - x.mean()) ** 2).sum()))
    # Level: the mean count scaled to the window's last month along the trend.
    shape = np.exp(slope * (x - (n - 1)))
    level = float(per_month.sum() / shape.sum())
    return float(slope), se, level


def _move(
    x: np.ndarray, source: int, target: int, wanted: np.ndarray, rng: np.random.Generator
) -> None:
    """Move up to `wanted` children a path from state `source` to `target`, keeping each
    child's age and time in care, taken from the source's cells in proportion to their counts."""
    view = x.reshape(x.shape[0], AGES, N_STATES, BANDS)
    src = view[:, :, source, :].reshape(x.shape[0], -1)
    have = src.sum(axis=1)
    take = np.minimum(wanted, have)
    moved = np.zeros_like(src)
    for path in np.flatnonzero(take > 0):
        moved[path] = rng.multivariate_hypergeometric(src[path], int(take[path]))
    view[:, :, source, :] -= moved.reshape(x.shape[0], AGES, BANDS)
    view[:, :, target, :] += moved.reshape(x.shape[0], AGES, BANDS)


def _apply_flows(x: np.ndarray, flows: Flows, t: int, rng: np.random.Generator) -> None:
    opening = flows.places_opening[t]
    if opening > 0:
        wanted = rng.poisson(opening, x.shape[0])
        _move(x, STATES.index("agency_fostering"), STATES.index("inhouse_fostering"), wanted, rng)
    if flows.step_downs[t] > 0:
        wanted = rng.poisson(flows.step_downs[t], x.shape[0])
        _move(x, STATES.index("external_residential"), flows.step_down_to, wanted, rng)


def _month_ends(origin: date, months: int) -> tuple[date, ...]:
    out = []
    y, m = origin.year, origin.month
    for _ in range(months):
        m += 1
        if m > 12:
            y, m = y + 1, 1
        nxt = date(y + (m == 12), m % 12 + 1, 1)
        out.append(date.fromordinal(nxt.toordinal() - 1))
    return tuple(out)


def simulate(
    fitted: Fitted, months: int, settings: IndividualSettings = IndividualSettings()
) -> IndividualProjection:
    """Simulated counts for `months` month ends after the origin (1 to 120)."""
    return _run(fitted, months, settings, None)[0]


def simulate_levers(
    fitted: Fitted, months: int, settings: IndividualSettings, levers: Levers
) -> tuple[IndividualProjection, IndividualProjection]:
    """The baseline and the same projection with the savings levers, coupled path by path.

    Both share each path's rates and entries, and the children the two have in common in a cell
    share their draws; only the children the levers moved or kept out draw on their own. The
    difference between the two is then the levers' effect, not two independent chances.
    """
    base, lever = _run(fitted, months, settings, monthly_flows(levers, fitted.origin, months))
    assert lever is not None
    return base, lever


def _coupled(draw: Callable[[np.ndarray], np.ndarray], xs: list[np.ndarray]) -> list[np.ndarray]:
    """The same draw for one population, or coupled for two: the children both have draw once."""
    if len(xs) == 1:
        return [draw(xs[0])]
    common = np.minimum(xs[0], xs[1])
    shared = draw(common)
    return [shared + draw(xs[0] - common), shared + draw(xs[1] - common)]


@dataclass(frozen=True, slots=True)
class _Month:
    """Each path's chances for one month, for every cell (see `_step`)."""

    p_event: np.ndarray  # [paths, CELLS] chance that anything happens to a child
    share_moving: np.ndarray  # [paths, CELLS] of those, the share who move or leave care
    cum_dest: np.ndarray  # [N_STATES, paths * CELLS] cumulative shares of the destinations


_AGE_P = 1.0 / 12.0  # a twelfth of each age turns a year older each month
_BAND_ON = np.array(
    [
        min(MONTH_DAYS / width, 1.0)
        for width in (BAND_EDGES_DAYS[0], BAND_EDGES_DAYS[1] - BAND_EDGES_DAYS[0])
    ]
    + [0.0]
)
_CELL_AGE = (np.arange(CELLS) // (N_STATES * BANDS)).astype(np.int32)
_CELL_STATE = ((np.arange(CELLS) // BANDS) % N_STATES).astype(np.int32)
_CELL_BAND = (np.arange(CELLS) % BANDS).astype(np.int32)
_P_BAND = _BAND_ON[_CELL_BAND]  # [CELLS] chance a month of moving on to the next band
# Given that something but no move happens to a child: the chance of a birthday, and of a
# birthday and a new band both.
_P_OLDER_STILL = _AGE_P / (1.0 - (1.0 - _AGE_P) * (1.0 - _P_BAND))
_P_BOTH_STILL = _P_OLDER_STILL * _P_BAND
_LAST_AGE = _CELL_AGE == AGES - 1


def _month_chances(rates: np.ndarray) -> _Month:
    """Per path and cell: the chance of a move or exit in a month and where to, from the rates
    [N_STATES + 1, paths, CELLS] (each destination's rate a day)."""
    total = rates.sum(axis=0)
    p_move = -np.expm1(-total * MONTH_DAYS)
    with np.errstate(invalid="ignore", divide="ignore"):
        inverse = np.where(total > 0, 1.0 / total, 0.0)
    cum_dest = np.empty((N_STATES, total.size))
    running = np.zeros_like(total)
    for k in range(N_STATES):
        running += rates[k]
        cum_dest[k] = (running * inverse).ravel()
    p_event = 1.0 - (1.0 - p_move) * (1.0 - _AGE_P) * (1.0 - _P_BAND)[None, :]
    return _Month(p_event, p_move / p_event, cum_dest)


def _step(x: np.ndarray, m: _Month, rng: np.random.Generator) -> np.ndarray:
    """One month for the children counted in `x` [paths, CELLS]: where each ends the month.

    Each child independently may move placement or leave care (at its path's rates), turn a
    year older (a twelfth a month; past 17 it leaves care) and move on to the next time-in-care
    band; the month's outcome is the combination. In each cell the number of children to whom
    anything happens is one binomial draw; each of those then draws its outcome conditional on
    something happening. This is exactly the same distribution as drawing a multinomial of
    moves per cell, then the birthdays, then the time-in-care bands, child by child, but draws
    only for the children something happens to.
    """
    hit = rng.binomial(x, m.p_event)
    flat = np.flatnonzero(hit)
    where = np.repeat(flat, hit.ravel()[flat])  # path * CELLS + cell, a child something happens to
    cell = where % CELLS
    u = rng.random(len(where))
    share = m.share_moving.ravel()[where]
    moved = u < share
    # No move: a birthday, a new band or both; (u - share) / (1 - share) is uniform given that.
    r = (u - share) / (1.0 - share)
    older = r < _P_OLDER_STILL[cell]
    band_on = (r < _P_BOTH_STILL[cell]) | ~older
    to = where + older * (N_STATES * BANDS) + band_on
    gone = older & _LAST_AGE[cell]
    # A move or exit: where to (u / share is uniform given the move), and independently a
    # birthday and a new band.
    mi = np.flatnonzero(moved)
    cm = cell[mi]
    w = u[mi] / share[mi]
    wm = where[mi]
    dest = np.zeros(len(mi), dtype=np.int64)
    for k in range(N_STATES):
        dest += w >= m.cum_dest[k][wm]
    v = rng.random((2, len(mi)), dtype=np.float32)
    older_m = v[0] < _AGE_P
    band_m = v[1] < _P_BAND[cm]
    age_m = _CELL_AGE[cm] + older_m
    to[mi] = wm - cm + (age_m * N_STATES + dest) * BANDS + _CELL_BAND[cm] + band_m
    gone[mi] = (dest == N_STATES) | (age_m >= AGES)
    out = x - hit
    out.ravel()[:] += np.bincount(to[~gone], minlength=x.size)
    return out


def _entry_draws(
    fitted: Fitted, paths: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Each path's entries a month at the end of the entry window and trend (log change a
    month), drawn jointly from their posterior.

    The trend has a normal prior centred on none whose spread is the trend the records show
    (empirical Bayes): its posterior mean keeps t^2 / (1 + t^2) of the measured trend (t its
    ratio to its standard error) and its posterior variance that share of the squared standard
    error. The level is pinned where the records pin it, at the middle of the entry window (as
    well as the count of entries allows); the path's own trend carries it from there to the end
    of the window and on. So a steeper trend on a path means more entries at the origin and
    faster growth after it together, as the records' uncertainty implies.
    """
    se = fitted.entry_trend_se
    t_stat2 = (fitted.entry_trend / se) ** 2 if se else 0.0
    kept = max(1.0 - 1.0 / t_stat2, 0.0) if t_stat2 > 0 else 0.0
    trend = kept * fitted.entry_trend + rng.normal(0.0, se * np.sqrt(kept), paths)
    half = (fitted.entry_months - 1) / 2  # months from the window's middle to its end
    centre = np.log(max(fitted.entries_per_month, 1e-9)) - fitted.entry_trend * half
    level_sd = np.sqrt(1.0 / max(fitted.entries_seen, 1))
    log_level = centre + rng.normal(-(level_sd**2) / 2, level_sd, paths) + trend * half
    return np.exp(log_level), trend


def _run(
    fitted: Fitted, months: int, settings: IndividualSettings, flows: Flows | None
) -> tuple[IndividualProjection, IndividualProjection | None]:
    if not 1 <= months <= 120:
        raise ProjectionDataError(f"months ahead must be 1 to 120, not {months}")
    rng = np.random.default_rng(settings.seed)
    p = settings.paths
    # Rate uncertainty: each path's rates from their gamma posteriors.
    # A child cannot move to the state it is in (a gamma of shape 0 is 0).
    shape = fitted.events.T.copy()
    shape[_CELL_STATE, np.arange(CELLS)] = 0.0
    rates = rng.gamma(shape[:, None, :], 1.0 / fitted.exposure, (N_STATES + 1, p, CELLS))
    chances = _month_chances(rates)
    del rates
    level, trend = _entry_draws(fitted, p, rng)
    start = np.broadcast_to(fitted.start, (p, CELLS)).astype(np.int64)
    xs = [start.copy()] if flows is None else [start.copy(), start.copy()]
    totals = [np.empty((p, months)) for _ in xs]
    by_state = [np.empty((p, months, N_STATES)) for _ in xs]
    lever_rng = np.random.default_rng(settings.seed + 1)
    carried = np.zeros(p)
    for t in range(months):
        nxts = _coupled(lambda n: _step(n, chances, rng), xs)
        carried = carried + trend * settings.damping ** (t + 1)
        new = rng.poisson(level * np.exp(carried))
        arriving = rng.multinomial(new, fitted.entry_cells)
        nxts[0] += arriving
        if flows is not None:
            nxts[1] += lever_rng.binomial(arriving, flows.entries_kept[t])
            _apply_flows(nxts[1], flows, t, lever_rng)
        xs = nxts
        for k, x in enumerate(xs):
            by_age_state = x.reshape(p, AGES, N_STATES * BANDS).sum(axis=1)
            by_state[k][:, t] = by_age_state.reshape(p, N_STATES, BANDS).sum(axis=2)
            totals[k][:, t] = by_state[k][:, t].sum(axis=1)
    ends = _month_ends(fitted.origin, months)
    out = [IndividualProjection(ends, totals[k], by_state[k], fitted) for k in range(len(xs))]
    return out[0], (out[1] if len(out) > 1 else None)
