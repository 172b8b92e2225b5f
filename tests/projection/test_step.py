"""One month of the records projection: the fast draw has the distribution of the plain one."""

from __future__ import annotations

import numpy as np
import pytest

from scrutiny.projection.individual import (
    AGES,
    BAND_EDGES_DAYS,
    BANDS,
    CELLS,
    MONTH_DAYS,
    N_STATES,
    _month_chances,
    _step,
    fit,
)
from scrutiny.projection.synthetic import generate


def _plain_step(x: np.ndarray, rates: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The month as the model defines it, draw by draw: a multinomial of moves and exits in each
    cell, then a twelfth of each age a year older (past 17 they leave), then on to the next
    time-in-care band at the rate the band's width implies."""
    paths = x.shape[0]
    total = rates.sum(axis=0)  # [paths, CELLS]
    p_any = 1.0 - np.exp(-total * MONTH_DAYS)
    share = np.where(total > 0, rates / np.where(total > 0, total, 1.0), 0.0)
    probs = np.concatenate([(1.0 - p_any)[None], p_any[None] * share]).transpose(1, 2, 0)
    draws = rng.multinomial(x, probs / probs.sum(axis=2, keepdims=True))
    nxt = draws[..., 0].copy()
    moves = draws[..., 1 : N_STATES + 1].reshape(paths, AGES, N_STATES, BANDS, N_STATES)
    nxt += moves.sum(axis=2).transpose(0, 1, 3, 2).reshape(paths, CELLS)
    older = rng.binomial(nxt, 1.0 / 12.0)
    nxt -= older
    nxt[:, N_STATES * BANDS :] += older[:, : CELLS - N_STATES * BANDS]
    band = np.arange(CELLS) % BANDS
    for b, width in ((0, BAND_EDGES_DAYS[0]), (1, BAND_EDGES_DAYS[1] - BAND_EDGES_DAYS[0])):
        idx = np.flatnonzero(band == b)
        on = rng.binomial(nxt[:, idx], min(MONTH_DAYS / width, 1.0))
        nxt[:, idx] -= on
        nxt[:, idx + 1] += on
    return nxt


@pytest.fixture(scope="module")
def month() -> tuple[np.ndarray, np.ndarray]:
    s = generate(entries_a_year=300, seed=5, burn_in_years=15)
    f = fit(s.births, s.episodes, s.data_end, records_from=s.data_start)
    rates = f.events.T / f.exposure  # posterior means a day, [N_STATES + 1, CELLS]
    own = (np.arange(CELLS) // BANDS) % N_STATES
    rates[own, np.arange(CELLS)] = 0.0
    return f.start, rates


def test_fast_month_matches_the_plain_month(month: tuple[np.ndarray, np.ndarray]) -> None:
    """1,500 paths of about 850 children from the same rates, one month by each method. Every
    age x state count's mean agrees within 5 standard errors of the difference, and the
    spread of the total within 10% (its standard error at 1,500 paths is about 2.6%)."""
    start, rates = month
    paths = 1500
    x = np.broadcast_to(start, (paths, CELLS)).astype(np.int64)
    wide = np.broadcast_to(rates[:, None, :], (N_STATES + 1, paths, CELLS))
    fast = _step(x.copy(), _month_chances(np.ascontiguousarray(wide)), np.random.default_rng(1))
    plain = _plain_step(x.copy(), wide, np.random.default_rng(2))
    assert (fast >= 0).all()
    by = [
        a.reshape(paths, AGES, N_STATES, BANDS).sum(axis=3).reshape(paths, -1)
        for a in (fast, plain)
    ]
    diff = by[0].mean(axis=0) - by[1].mean(axis=0)
    se = np.sqrt((by[0].var(axis=0) + by[1].var(axis=0)) / paths) + 1e-9
    assert (np.abs(diff) <= 5 * se + 1e-6).all()
    # Bands too: each band's mean count.
    bands = [a.reshape(paths, -1, BANDS).sum(axis=1) for a in (fast, plain)]
    assert np.allclose(bands[0].mean(axis=0), bands[1].mean(axis=0), rtol=0.01)
    sd = [a.sum(axis=1).std() for a in (fast, plain)]
    assert sd[0] == pytest.approx(sd[1], rel=0.1)
