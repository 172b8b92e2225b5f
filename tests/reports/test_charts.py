"""Charts: each format saved only when asked, and deterministic SVG."""

from __future__ import annotations

import collections
import io
from collections.abc import Iterator
from typing import Any

import matplotlib
import pytest
from matplotlib.figure import Figure

from scrutiny.reports import charts
from scrutiny.reports.chart_specs import ChartSpec

NS = "{http://www.w3.org/2000/svg}"
DRAWN = {NS + t for t in ("path", "rect", "use", "text", "circle", "line", "polyline", "polygon")}


def spec(
    chart_kind: str, labels: list[str], marker: float | None = None, **series: list[float]
) -> ChartSpec:
    return ChartSpec(
        kind=chart_kind,
        key=f"{chart_kind}-test",
        title="A chart",
        alt="A chart",
        labels=tuple(labels),
        series=tuple((k, tuple(float(v) for v in vs)) for k, vs in series.items()),
        marker=marker,
    )


YEARS = ["2025/26", "2026/27", "2027/28"]
SPECS = {
    "fan": spec(
        "fan",
        YEARS,
        target=[100_000, 200_000, 300_000],
        p10=[50_000, 120_000, 200_000],
        p50=[90_000, 190_000, 270_000],
        p90=[110_000, 230_000, 340_000],
    ),
    "fan-one-year": spec("fan", YEARS[:1], target=[1e5], p10=[6e4], p50=[9e4], p90=[1.2e5]),
    "distribution": spec(
        "distribution",
        YEARS[:1],
        marker=180_000,
        edges=[100_000 + 5_000 * i for i in range(21)],
        counts=[i * (20 - i) for i in range(20)],
    ),
    "tornado": spec(
        "tornado",
        ["delay_months", "achievement", "cost_per_fte"],
        rank_correlation=[-0.82, 0.55, -0.12],
    ),
    "caseload": spec("caseload", YEARS[:2], marker=18, mean=[17.2, 18.9], p90=[19.5, 22.1]),
    "waterfall": spec(
        "waterfall",
        [f"REF-{i:03d}" for i in range(7)],
        marker=3_500_000,
        target=[100_000 * (1 + i % 4) for i in range(7)],
    ),
    "benchmark": spec(
        "benchmark",
        ["Thurrock", "England", "East of England", "Medway"],
        value=[0, 70, 62, 75],
        missing=[1, 0, 0, 0],
        kind=[0, 1, 2, 3],
    ),
}


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    charts._saved.cache_clear()
    charts._drawn.cache_clear()
    yield
    charts._saved.cache_clear()
    charts._drawn.cache_clear()


@pytest.fixture
def saves(monkeypatch: pytest.MonkeyPatch) -> collections.Counter[str]:
    """How many times a figure was saved, by format."""
    counts: collections.Counter[str] = collections.Counter()
    original = Figure.savefig

    def counting(self: Figure, fname: Any, **kwargs: Any) -> None:
        counts[kwargs["format"]] += 1
        original(self, fname, **kwargs)

    monkeypatch.setattr(Figure, "savefig", counting)
    return counts


def raw_svg(chart: ChartSpec) -> bytes:
    """matplotlib's own SVG of the chart, before simplification."""
    fig = charts._drawn(chart)
    buf = io.BytesIO()
    with matplotlib.rc_context(charts.STYLE):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()


def test_svg_request_saves_no_png_and_png_later_reuses_the_drawing(
    saves: collections.Counter[str],
) -> None:
    chart = SPECS["fan"]
    assert charts.svg(chart).startswith("<?xml")
    assert saves == {"svg": 1}
    assert charts._drawn.cache_info().misses == 1

    assert charts.png(chart).startswith(b"\x89PNG")
    assert saves == {"svg": 1, "png": 1}
    info = charts._drawn.cache_info()
    assert (info.misses, info.hits) == (1, 1)  # drawn once for both formats

    charts.svg(chart), charts.png(chart)
    assert saves == {"svg": 1, "png": 1}  # the bytes are cached too


def test_png_request_saves_no_svg(saves: collections.Counter[str]) -> None:
    charts.png(SPECS["tornado"])
    assert saves == {"png": 1}


def test_caches_are_bounded() -> None:
    assert charts._drawn.cache_info().maxsize == charts.FIGURES_CACHED
    assert charts._saved.cache_info().maxsize == charts.BYTES_CACHED
    assert charts.FIGURES_CACHED <= 256


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown chart format"):
        charts.render(SPECS["fan"], "pdf")


@pytest.mark.parametrize("name", sorted(SPECS))
def test_same_spec_gives_byte_identical_svg(name: str) -> None:
    first = charts.render(SPECS[name], "svg")
    charts._saved.cache_clear()
    charts._drawn.cache_clear()
    assert charts.render(SPECS[name], "svg") == first
