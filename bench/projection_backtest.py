"""Back-test of the aggregate projection on the published figures.

For every council with complete published figures from 31 March 2019 to 31 March 2025, the
projection is made from the figures up to 31 March of the origin year only (default 2022) and
compared with the published children looked after on 31 March of each later year. Two simple
forecasts are scored beside it: "same as last year" (the stock at the origin) and a linear trend
(least-squares line through the stocks of the origin's window, extended). Prints, per horizon,
the median absolute percentage error (MdAPE) of the total for each, and how often the
projection's 80% band (P10-P90) and 95% band (P2.5-P97.5) hold the published figure.

    uv run python bench/projection_backtest.py [--origin 2022] [--paths 1000] [--markdown]
"""

from __future__ import annotations

import argparse
import statistics
from dataclasses import replace

import numpy as np

from scrutiny.projection.aggregate import Settings, pooled_drift, pooled_spread, project
from scrutiny.reference.shipped import shipped
from scrutiny.workflows.projection import council_histories


def _linear(years: tuple[int, ...], stocks: tuple[float, ...], target: int) -> float:
    slope, intercept = np.polyfit(np.asarray(years, float), np.asarray(stocks, float), 1)
    return max(float(slope * target + intercept), 0.0)


def run(
    origin: int, paths: int, window: int, damping: float, own_drift: float
) -> dict[int, dict[str, float]]:
    data = shipped()
    last = max(data.years("cla_number"))
    full = council_histories(data, last)
    cut = council_histories(data, origin)
    spread = pooled_spread(list(cut.values()))
    settings = Settings(window=window, damping=damping, paths=paths, spread=spread)
    settings = replace(
        settings, own_drift=own_drift, pooled_drift=pooled_drift(list(cut.values()), settings)
    )
    rows: dict[int, dict[str, list[float]]] = {}
    for code, history in cut.items():
        truth_history = full.get(code)
        if truth_history is None or truth_history.years[0] > history.years[0]:
            continue  # incomplete: a gap after the origin
        truth = dict(zip(truth_history.years, truth_history.looked_after, strict=True))
        if history.years[0] != min(data.years("cla_number")):
            continue  # incomplete before the origin
        projection = project(history, last - origin, settings)
        for i, year in enumerate(projection.years):
            actual = truth[year]
            if actual <= 0:
                continue
            p2_5, p10, p50, p90, p97_5 = projection.fan(i)
            got = rows.setdefault(
                year - origin, {k: [] for k in ("model", "naive", "linear", "in80", "in95")}
            )
            got["model"].append(abs(p50 - actual) / actual * 100)
            got["naive"].append(abs(history.looked_after[-1] - actual) / actual * 100)
            got["linear"].append(
                abs(_linear(history.years, history.looked_after, year) - actual) / actual * 100
            )
            got["in80"].append(float(p10 <= actual <= p90))
            got["in95"].append(float(p2_5 <= actual <= p97_5))
    return {
        h: {
            "councils": len(v["model"]),
            "model": statistics.median(v["model"]),
            "naive": statistics.median(v["naive"]),
            "linear": statistics.median(v["linear"]),
            "in80": 100 * statistics.fmean(v["in80"]),
            "in95": 100 * statistics.fmean(v["in95"]),
        }
        for h, v in sorted(rows.items())
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--origin", type=int, default=2022)
    parser.add_argument("--paths", type=int, default=1000)
    parser.add_argument("--window", type=int, default=Settings().window)
    parser.add_argument("--damping", type=float, default=Settings().damping)
    parser.add_argument("--own-drift", type=float, default=Settings().own_drift)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    table = run(args.origin, args.paths, args.window, args.damping, args.own_drift)
    if args.markdown:
        print(
            "| Horizon | Councils | MdAPE projection | MdAPE same as last year | MdAPE linear trend | 80% band holds | 95% band holds |"
        )
        print("|---|---|---|---|---|---|---|")
    for h, r in table.items():
        if args.markdown:
            print(
                f"| {h} year{'s' if h > 1 else ''} (31 March {args.origin + h}) | {r['councils']:.0f} | "
                f"{r['model']:.2f}% | {r['naive']:.2f}% | {r['linear']:.2f}% | {r['in80']:.0f}% | {r['in95']:.0f}% |"
            )
        else:
            print(
                f"horizon {h}: councils {r['councils']:.0f}  MdAPE model {r['model']:.2f}%  "
                f"same-as-last-year {r['naive']:.2f}%  linear {r['linear']:.2f}%  "
                f"80% band {r['in80']:.0f}%  95% band {r['in95']:.0f}%"
            )


if __name__ == "__main__":
    main()
