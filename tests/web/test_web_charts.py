"""The proposal page's chart: axes, legend and bars for negative savings."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from scrutiny.domain.results import ProposalSimulation, YearStats
from scrutiny.web.charts import nice_ticks, simulation_chart


def _stats(target: float, p10: float, p50: float, p90: float) -> YearStats:
    return YearStats(
        target=target,
        cumulative_target=target,
        mean=p50,
        p10=p10,
        p50=p50,
        p90=p90,
        p_meet_target=0.0,
    )


def _sim(years: dict[str, YearStats]) -> ProposalSimulation:
    return ProposalSimulation.model_construct(ref="P-1", years=years)


def _bars(svg: str) -> list[tuple[float, float]]:
    """The bars of the plot (the legend's key left out)."""
    svg = svg.split('<g class="app-legend">')[0]
    return [
        (float(y), float(h))
        for y, h in re.findall(
            r'class="app-bar" x="[\d.]+" y="([\d.-]+)" width="[\d.]+" height="([\d.-]+)"', svg
        )
    ]


def _zero(svg: str) -> float:
    match = re.search(r'class="app-axis-zero" x1="\d+" x2="\d+" y1="([\d.]+)"', svg)
    assert match, "the zero line is drawn"
    return float(match.group(1))


def test_negative_savings_are_bars_below_the_zero_line_with_labelled_axis() -> None:
    svg = simulation_chart(_sim({"2024/25": _stats(1_100_000, -2_700_000, -1_900_000, -1_200_000)}))
    ((top, height),) = _bars(svg)
    assert height > 50 and abs(top - _zero(svg)) < 0.2  # hangs from zero, downwards
    ticks = re.findall(r'class="app-tick"[^>]*>([^<]+)<', svg)
    assert "£0" in ticks and any(t.startswith("−£") for t in ticks)
    for key in ("Median saving", "10th to 90th percentile", "Cumulative target"):
        assert key in svg
    assert "median −£1,900,000" in svg and "£-" not in svg


def test_positive_savings_stand_on_the_zero_line() -> None:
    svg = simulation_chart(
        _sim(
            {
                "2024/25": _stats(100_000, 50_000, 90_000, 120_000),
                "2025/26": _stats(300_000, 150_000, 250_000, 320_000),
            }
        )
    )
    bars = _bars(svg)
    assert len(bars) == 2
    zero = _zero(svg)
    assert all(abs(top + height - zero) < 0.2 and height > 0 for top, height in bars)
    assert bars[1][1] > bars[0][1]  # the larger median is the taller bar


@given(
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
    st.floats(min_value=0, max_value=1e9, allow_nan=False),
)
def test_ticks_are_round_and_cover_the_range(low: float, span: float) -> None:
    high = low + span
    ticks = nice_ticks(min(low, 0.0), max(high, 0.0))
    assert ticks[0] <= min(low, 0.0) and ticks[-1] >= max(high, 0.0)
    assert 2 <= len(ticks) <= 12
    assert any(abs(t) < 1e-6 * max(1.0, abs(ticks[-1] - ticks[0])) for t in ticks)  # zero is one
