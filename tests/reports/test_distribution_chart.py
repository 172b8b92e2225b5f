"""The distribution chart drawn without matplotlib: bars as tall as their share of the
simulations, the target and expected delivery where their amounts are, every shape inside the
picture, and the words in the SVG and the PNG."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from PIL import Image

from scrutiny.reports import charts, distribution_chart, fan_chart
from scrutiny.reports.chart_specs import ChartSpec
from scrutiny.reports.fan_chart import BOTTOM, LEFT, RIGHT, TOP, Line, Polygon, Text

NS = "{http://www.w3.org/2000/svg}"


def histogram(
    edges: list[float], counts: list[float], target: float | None, expected: float | None
) -> ChartSpec:
    return ChartSpec(
        kind="distribution",
        key="dist-TEST",
        title="TEST: distribution of the delivered saving in 2027/28",
        alt="A histogram",
        labels=("2027/28",),
        series=(
            ("edges", tuple(edges)),
            ("counts", tuple(counts)),
            *((("expected", (expected,)),) if expected is not None else ()),
        ),
        marker=target,
        marker_label="target",
    )


EXAMPLE = histogram(
    [150_000 + 10_000 * i for i in range(31)],
    [float(i * (30 - i)) for i in range(30)],
    600_000,
    296_000,
)


def x_of(scene: fan_chart.Scene, colour: str) -> float:
    line = next(s for s in scene.shapes if isinstance(s, Line) and s.colour == colour)
    return line.points[0][0]


def test_bars_are_as_tall_as_their_share_and_the_marks_where_their_amounts_are() -> None:
    scene = distribution_chart.layout(EXAMPLE)
    bars = next(s for s in scene.shapes if isinstance(s, Polygon))  # drawn first
    tops = [y for (_, y) in bars.points[1:-1:2]]  # the top left corner of each bar
    counts = EXAMPLE.values("counts")
    assert len(tops) == len(counts)
    tallest = max(counts)
    for y, c in zip(tops, counts, strict=True):  # height in proportion to the count
        height = BOTTOM - y
        assert height == pytest.approx((BOTTOM - TOP) * c / tallest / 1.05, abs=1e-6)
    # x increases with the amount: the target (£600k) right of expected (£296k), both inside
    target, expected = x_of(scene, fan_chart.VERMILLION), x_of(scene, distribution_chart.GREEN)
    assert LEFT < expected < target < RIGHT
    first, last = bars.points[0][0], bars.points[-1][0]
    assert (expected - first) / (last - first) == pytest.approx((296_000 - 150_000) / 300_000)


def test_words_amounts_and_percentages() -> None:
    texts = distribution_chart.layout(EXAMPLE).texts()
    assert {"Simulations (%)", "Delivered saving in 2027/28", "Share of simulations"} <= set(texts)
    assert {"Target £600k", "Expected £296k"} <= set(texts)
    assert {"£200k", "£400k", "£600k"} <= set(texts)
    assert "0" in texts  # the share axis starts at zero


def test_without_target_or_expected_the_legend_names_only_the_bars() -> None:
    spec = histogram([0, 1_000, 2_000], [3, 7], None, None)
    texts = distribution_chart.layout(spec).texts()
    assert not [t for t in texts if t.startswith(("Target", "Expected"))]
    assert "Share of simulations" in texts


def test_edges_that_do_not_fit_the_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="3 edges for 3 bins"):
        distribution_chart.layout(histogram([0, 1, 2], [1, 2, 3], None, None))


money = st.floats(-5e6, 2e7, allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(
    start=money,
    width=st.floats(1, 1e6),
    counts=st.lists(st.integers(0, 10_000), min_size=1, max_size=60),
    target=st.none() | money,
    expected=st.none() | money,
)
def test_every_shape_is_inside_the_picture(
    start: float, width: float, counts: list[int], target: float | None, expected: float | None
) -> None:
    edges = [start + width * i for i in range(len(counts) + 1)]
    scene = distribution_chart.layout(
        histogram(edges, [float(c) for c in counts], target, expected)
    )
    for s in scene.shapes:
        points = s.points if isinstance(s, Polygon | Line) else [(s.x, s.y)]
        assert all(0 <= x <= scene.width and 0 <= y <= scene.height for x, y in points), s
    amounts = [t.text for t in scene.shapes if isinstance(t, Text) and "£" in t.text]
    bottom = [a for a in amounts if not a.startswith(("Target", "Expected"))]
    assert len(bottom) >= 2


def test_svg_and_png_carry_the_chart() -> None:
    data = distribution_chart.svg(EXAMPLE)
    words = [t.text for t in etree.fromstring(data).iter(NS + "text")]
    assert words == distribution_chart.layout(EXAMPLE).texts()
    dpi = 130
    image = Image.open(io.BytesIO(distribution_chart.png(EXAMPLE, dpi))).convert("RGB")
    k = dpi / 72
    scene = distribution_chart.layout(EXAMPLE)

    def share_in(colour: str) -> float:
        """How much of the line of that colour, top to bottom of the plot, is painted in it."""
        x = round(x_of(scene, colour) * k)
        column = [image.getpixel((x, y)) for y in range(round(TOP * k) + 2, round(BOTTOM * k) - 2)]
        rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
        near = [p for p in column if all(abs(a - b) <= 40 for a, b in zip(p, rgb, strict=True))]
        return len(near) / len(column)

    assert 0.5 < share_in(fan_chart.VERMILLION) < 0.9  # dashed: 6.7 pt painted, 2.9 pt not
    assert share_in(distribution_chart.GREEN) > 0.95  # solid, over the bars
    assert image.getpixel((2, 2)) == (255, 255, 255)


def test_charts_draw_the_distribution_without_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    charts.clear_caches()

    def refuse(spec: ChartSpec) -> None:
        raise AssertionError("matplotlib asked to draw a distribution chart")

    monkeypatch.setattr(charts, "_drawn", refuse)
    assert charts.svg(EXAMPLE).startswith("<?xml")
    assert charts.png(EXAMPLE).startswith(b"\x89PNG")
    monkeypatch.undo()
    charts.clear_caches()
