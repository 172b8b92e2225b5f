"""Synthetic SSDA903-like care records with a known truth, for tests and back-tests (pure).

Children start to be looked after at a monthly rate (steady, or growing by a fixed share a
year), at an age drawn from a fixed distribution and into a placement that depends on age. Each
month a child leaves care with a chance that falls with time in care, moves placement with a
small chance (teenagers towards supported accommodation), and leaves at 18. The process runs
for a burn-in of years before the records start, so the records begin in a settled state; it
also runs on past the end of the records, so the truth the projection is scored against (how
many children are looked after at each later month end) is known.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from scrutiny.projection.episodes import STATES, Episode

AGE_BANDS = ((0, 1, 0.20), (1, 5, 0.15), (5, 10, 0.18), (10, 16, 0.35), (16, 18, 0.12))
# Placement at entry, by age under 10, 10 to 15, 16 and 17 (shares over STATES).
ENTRY_MIX = {
    "young": (0.30, 0.30, 0.20, 0.00, 0.02, 0.00, 0.10, 0.08),
    "teen": (0.22, 0.30, 0.10, 0.04, 0.18, 0.04, 0.06, 0.06),
    "older": (0.08, 0.14, 0.05, 0.02, 0.15, 0.48, 0.04, 0.04),
}
MIX_TABLE = np.array([ENTRY_MIX["young"], ENTRY_MIX["teen"], ENTRY_MIX["older"]])
EXIT_BY_DURATION = ((6, 0.060), (24, 0.025), (10_000, 0.012))  # months in care, chance a month
MOVE_A_MONTH = 0.012


@dataclass(frozen=True, slots=True)
class Synthetic:
    births: dict[str, date]
    episodes: tuple[Episode, ...]  # as known on 31 March of the last record year
    data_start: date
    data_end: date
    truth: dict[date, int]  # children looked after at each month end after data_end
    truth_by_state: dict[date, dict[str, int]]


def _month_start(first: date, m: int) -> date:
    y, mo = divmod(first.month - 1 + m, 12)
    return date(first.year + y, mo + 1, 1)


def generate(
    *,
    entries_a_year: float = 1000.0,
    growth: float = 0.0,
    first_year: int = 2019,
    last_year: int = 2023,
    months_after: int = 36,
    burn_in_years: int = 20,
    seed: int = 0,
) -> Synthetic:
    """Records from 1 April `first_year - 1` to 31 March `last_year`, and the truth after.

    `growth` is the yearly growth of entries (0.05: 5% a year), applied from the start of the
    records.
    """
    rng = np.random.default_rng(seed)
    origin = date(first_year - 1 - burn_in_years, 4, 1)
    records_from = burn_in_years * 12
    record_months = (last_year - first_year + 1) * 12
    total_months = records_from + record_months + months_after
    data_end = date(last_year, 3, 31)
    n_states = len(STATES)
    supported = STATES.index("supported_accommodation")
    # Live children: arrays of id, age (months), state, months in care, episode start date.
    ids = np.zeros(0, dtype=np.int64)
    age = np.zeros(0)
    state = np.zeros(0, dtype=np.int64)
    dur = np.zeros(0)
    ep_start: list[date] = []
    births: dict[str, date] = {}
    episodes: list[Episode] = []
    truth: dict[date, int] = {}
    truth_by_state: dict[date, dict[str, int]] = {}
    next_id = 0
    band_p = np.array([b[2] for b in AGE_BANDS])
    for m in range(total_months):
        month = _month_start(origin, m)
        days = (_month_start(origin, m + 1) - month).days
        years_in = max(m - records_from, 0) / 12.0
        n_new = rng.poisson(entries_a_year / 12.0 * (1 + growth) ** years_in)
        band = rng.choice(len(AGE_BANDS), n_new, p=band_p)
        lo = np.array([AGE_BANDS[b][0] for b in band]) * 12.0
        hi = np.array([AGE_BANDS[b][1] for b in band]) * 12.0
        new_age = rng.uniform(lo, hi)
        group = np.digitize(new_age, (120.0, 192.0))  # under 10, 10 to 15, 16 and 17
        cum = np.cumsum(MIX_TABLE[group], axis=1)
        pick = rng.random((n_new, 1)) * cum[:, -1:]
        new_state = (pick > cum).sum(axis=1).astype(np.int64)
        offsets = rng.integers(0, days, n_new)
        for k in range(n_new):
            cid = f"C{next_id:07d}"
            start = month + timedelta(days=int(offsets[k]))
            births[cid] = start - timedelta(days=int(new_age[k] * 30.44))
            ep_start.append(start)
            next_id += 1
        ids = np.concatenate([ids, np.arange(next_id - n_new, next_id)])
        age = np.concatenate([age, new_age])
        state = np.concatenate([state, new_state])
        dur = np.concatenate([dur, np.zeros(n_new)])
        # This month's events, on a random day within it.
        exit_p = np.select(
            [dur < EXIT_BY_DURATION[0][0], dur < EXIT_BY_DURATION[1][0]],
            [EXIT_BY_DURATION[0][1], EXIT_BY_DURATION[1][1]],
            EXIT_BY_DURATION[2][1],
        )
        leaves = (rng.random(len(ids)) < exit_p) | (age + 1 >= 216)
        move_p = np.where(age >= 192, 3 * MOVE_A_MONTH, MOVE_A_MONTH)
        moves = ~leaves & (rng.random(len(ids)) < move_p)
        new_place = np.where(age >= 192, supported, rng.integers(0, n_states, len(ids))).astype(
            np.int64
        )
        moves &= new_place != state
        event_day = rng.integers(0, days, len(ids))
        for i in np.flatnonzero(leaves | moves):
            start = ep_start[ids[i]]
            when = max(month + timedelta(days=int(event_day[i])), start + timedelta(days=1))
            if when <= data_end:  # later events are beyond the records: the truth only
                episodes.append(Episode(f"C{ids[i]:07d}", start, when, STATES[state[i]]))
            if moves[i]:
                ep_start[ids[i]] = when
                state[i] = new_place[i]
        keep = ~leaves
        ids, age, state, dur = ids[keep], age[keep] + 1, state[keep], dur[keep] + 1
        month_end = _month_start(origin, m + 1) - timedelta(days=1)
        if month_end == data_end:
            for num, place in zip(ids.tolist(), state.tolist(), strict=True):
                episodes.append(Episode(f"C{num:07d}", ep_start[num], None, STATES[place]))
        if month_end > data_end:
            truth[month_end] = len(ids)
            counts = np.bincount(state, minlength=n_states)
            truth_by_state[month_end] = {s: int(counts[j]) for j, s in enumerate(STATES)}
    first_record = date(first_year - 1, 4, 1)
    kept = tuple(
        sorted(
            (e for e in episodes if e.end is None or e.end >= first_record),
            key=lambda e: (e.child, e.start),
        )
    )
    seen = {e.child for e in kept}
    return Synthetic(
        {c: b for c, b in births.items() if c in seen},
        kept,
        first_record,
        data_end,
        truth,
        truth_by_state,
    )
