"""The fixed model against the formula of models.md, written out term by term."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from scrutiny.models.base import ModelContext
from scrutiny.models.fixed import Fixed


def by_formula(
    targets: list[float], achievement: float, delay: float, blocked: float
) -> list[float]:
    """delivered[t] = (blocked ? 0 : achievement · Σ_s target[s] · clamp(((t − s + 1)·12 − m)/12, 0, 1))."""
    out = []
    for t in range(len(targets)):
        total = 0.0
        for s, target in enumerate(targets):
            total += target * min(1.0, max(0.0, ((t - s + 1) * 12 - delay) / 12))
        out.append(0.0 if blocked else achievement * total)
    return out


@settings(max_examples=80, deadline=None)
@given(
    targets=st.lists(st.floats(0, 1e7), min_size=1, max_size=5),
    rows=st.lists(
        st.tuples(st.floats(0, 1.5), st.floats(-30, 40), st.sampled_from([0.0, 1.0])),
        min_size=1,
        max_size=6,
    ),
)
def test_fixed_delivers_the_formula_of_models_md(
    targets: list[float], rows: list[tuple[float, float, float]]
) -> None:
    ctx = ModelContext(
        years=tuple(f"{2024 + i}/{25 + i}" for i in range(len(targets))),
        start=0,
        targets=np.array(targets),
    )
    inputs = {
        "achievement": np.array([r[0] for r in rows]),
        "slippage_months": np.array([r[1] for r in rows]),
        "blocked": np.array([r[2] for r in rows]),
    }
    got = Fixed().run(inputs, ctx).delivered
    expected = np.array([by_formula(targets, *r) for r in rows])
    assert got.shape == (len(rows), len(targets))
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-6)
