"""The back-test on the published figures (bench/projection_backtest.py) at the shipped settings:
forecasts from data to 31 March 2022 beat "same as last year" and a linear trend on the median
absolute percentage error of the total at one to three years, and the 80% band holds the
published figure 70-90% of the time. Seeded, so the figures are exact; docs/projection.md gives
the table."""

from __future__ import annotations

from scrutiny.projection.aggregate import Settings


def test_forecasts_from_2022_beat_both_simple_forecasts_with_calibrated_bands(bench_module) -> None:  # type: ignore[no-untyped-def]
    bench = bench_module("projection_backtest")
    shipped = Settings()
    table = bench.run(2022, shipped.paths, shipped.window, shipped.damping, shipped.own_drift)
    assert sorted(table) == [1, 2, 3]
    for row in table.values():
        assert row["councils"] >= 140
        assert row["model"] < row["naive"] and row["model"] < row["linear"]
        assert 70 <= row["in80"] <= 90
