"""The fan chart drawn without matplotlib: round amounts on the axis, every figure inside the
picture and in the right order, the same words in the SVG and the PNG, and the colours where
the figures are."""

from __future__ import annotations

import io
import itertools
import math
import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from PIL import Image

from scrutiny.reports import charts, fan_chart
from scrutiny.reports.chart_specs import ChartSpec
from scrutiny.reports.fan_chart import Line, Marker, Polygon, Text

NS = "{http://www.w3.org/2000/svg}"
YEARS = ("2025/26", "2026/27", "2027/28")


def fan(years: tuple[str, ...] = YEARS, **series: tuple[float, ...]) -> ChartSpec:
    figures = {
        "target": (160_000.0, 360_000.0, 600_000.0),
        "p10": (39_000.0, 134_000.0, 237_000.0),
        "p50": (59_000.0, 178_000.0, 296_000.0),
        "p90": (79_000.0, 222_000.0, 355_000.0),
        **series,
    }
    return ChartSpec(
        kind="fan",
        key="fan-TEST",
        title="TEST: delivered saving against target, by year",
        alt="A fan chart",
        labels=years,
        series=tuple((k, tuple(v[: len(years)])) for k, v in figures.items()),
    )


# The axis


@settings(max_examples=300, deadline=None)
@given(
    low=st.floats(-1e9, 1e9, allow_nan=False),
    span=st.floats(1, 2e9, allow_nan=False),  # at least a pound
)
def test_ticks_are_few_round_evenly_spaced_and_inside_the_range(low: float, span: float) -> None:
    high = low + span
    ticks, step = fan_chart.nice_ticks(low, high)
    assert 2 <= len(ticks) <= fan_chart.MOST_TICKS
    # tolerance: floating point at this magnitude, or a billionth of the step (as the ticks do)
    slack = max(1e-12 * max(abs(low), abs(high), 1), 1e-9 * step)
    assert all(low - slack <= t <= high + slack for t in ticks)
    for a, b in itertools.pairwise(ticks):
        assert math.isclose(b - a, step, rel_tol=1e-9, abs_tol=slack)
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(math.isclose(mantissa, m, rel_tol=1e-9) for m in (1, 2, 2.5, 5))
    power = 10 ** math.floor(math.log10(step))
    rounder = [m * p for m in (1, 2, 2.5, 5) for p in (power / 10, power)]
    for smaller in (s for s in rounder if s < step * (1 - 1e-9)):  # each would give too many
        count = math.floor(high / smaller + 1e-9) - math.ceil(low / smaller - 1e-9) + 1
        assert count > fan_chart.MOST_TICKS


def test_ticks_of_a_saving_are_pounds_from_zero() -> None:
    assert fan_chart.nice_ticks(0, 630_000) == ([0, 200_000, 400_000, 600_000], 200_000)
    assert fan_chart.nice_ticks(0, 84_000)[0] == [0, 20_000, 40_000, 60_000, 80_000]


def test_an_axis_of_no_width_is_widened_and_an_infinite_one_refused() -> None:
    ticks, _ = fan_chart.nice_ticks(5_000, 5_000)
    assert ticks[0] <= 5_000 <= ticks[-1] and len(ticks) >= 2
    with pytest.raises(ValueError, match="finite"):
        fan_chart.nice_ticks(0, math.inf)


# The shapes

money = st.floats(-2e6, 2e7, allow_nan=False).map(lambda v: round(v, 2))


@st.composite
def fans(draw: st.DrawFn) -> ChartSpec:
    n = draw(st.integers(1, 3))
    rows = []
    for _ in range(n):
        a, b, c = sorted(draw(st.tuples(money, money, money)))
        rows.append((draw(money), a, b, c))
    target, p10, p50, p90 = (tuple(r[i] for r in rows) for i in range(4))
    return fan(YEARS[:n], target=target, p10=p10, p50=p50, p90=p90)


def points(scene: fan_chart.Scene) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for s in scene.shapes:
        if isinstance(s, Polygon | Line):
            out += s.points
        elif isinstance(s, Marker | Text):
            out.append((s.x, s.y))
    return out


@settings(max_examples=200, deadline=None)
@given(spec=fans())
def test_every_shape_is_inside_the_picture_and_figures_keep_their_order(spec: ChartSpec) -> None:
    scene = fan_chart.layout(spec)
    assert all(0 <= x <= scene.width and 0 <= y <= scene.height for x, y in points(scene))

    plotted = [s for s in scene.shapes if isinstance(s, Marker) and s.y > fan_chart.TOP - 1]
    medians = [m for m in plotted if m.shape == "circle"]
    targets = [m for m in plotted if m.shape == "square"]
    figures = {"p50": medians, "target": targets}
    for name, markers in figures.items():
        values = spec.values(name)
        assert len(markers) == max(len(values), 2)  # one year is drawn as a short level line
        for m in markers:
            assert fan_chart.TOP <= m.y <= fan_chart.BOTTOM
        if len(values) > 1:  # a larger saving stands higher on the page
            pairs = list(zip(values, markers, strict=True))
            for (va, ma), (vb, mb) in itertools.pairwise(pairs):
                if va > vb + 1e-6 * max(abs(va), abs(vb), 1):
                    assert ma.y < mb.y
                if va < vb - 1e-6 * max(abs(va), abs(vb), 1):
                    assert ma.y > mb.y

    texts = scene.texts()
    assert set(spec.labels) <= set(texts)
    assert {"Delivered saving", *fan_chart.LEGEND} <= set(texts)
    amounts = [t for t in texts if t.startswith(("£", "−£"))]
    assert len(amounts) == len(set(amounts)) >= 2  # distinct labels, as finance officers write


def test_the_band_lies_between_the_tenth_and_ninetieth_percentiles() -> None:
    scene = fan_chart.layout(fan())
    band = next(s for s in scene.shapes if isinstance(s, Polygon))  # drawn first
    medians = [s for s in scene.shapes if isinstance(s, Marker) and s.shape == "circle"][:3]
    upper, lower = band.points[:3], band.points[3:][::-1]
    for m, (ux, uy), (lx, ly) in zip(medians, upper, lower, strict=True):
        assert m.x == pytest.approx(ux) == pytest.approx(lx)
        assert uy < m.y < ly  # p90 above the median above p10 on the page


# The files


def test_svg_carries_every_word_and_is_the_same_each_time() -> None:
    spec = fan()
    data = fan_chart.svg(spec)
    assert data == fan_chart.svg(spec)
    root = etree.fromstring(data)
    assert root.tag == NS + "svg"
    words = [t.text for t in root.iter(NS + "text")]
    assert words == fan_chart.layout(spec).texts()
    assert {"£0", "£200k", "£400k", "£600k"} <= set(words)
    dashed = [p for p in root.iter(NS + "polyline") if p.get("stroke-dasharray")]
    assert [p.get("stroke") for p in dashed] == [fan_chart.VERMILLION] * 2  # target and key


def test_svg_escapes_text() -> None:
    data = fan_chart.svg(fan(("2025/26 & <after>",)))
    words = [t.text for t in etree.fromstring(data).iter(NS + "text")]
    assert "2025/26 & <after>" in words


def _near(pixel: tuple[int, ...], colour: str, tolerance: int = 40) -> bool:
    rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, rgb, strict=False))


def test_png_has_the_figures_in_their_colours_where_the_svg_puts_them() -> None:
    spec, dpi = fan(), 130
    image = Image.open(io.BytesIO(fan_chart.png(spec, dpi))).convert("RGB")
    assert image.size == (round(6.3 * dpi), round(2.6 * dpi))
    k = dpi / 72
    scene = fan_chart.layout(spec)
    markers = [s for s in scene.shapes if isinstance(s, Marker) and s.y > fan_chart.TOP]
    for m in markers:
        colour = fan_chart.BLUE if m.shape == "circle" else fan_chart.VERMILLION
        assert _near(image.getpixel((round(m.x * k), round(m.y * k))), colour), m
    # the band between the median and p90 of 2027/28, and white outside the plot
    band = next(s for s in scene.shapes if isinstance(s, Polygon))
    last, (_, p90_y) = markers[2], band.points[2]
    assert _near(image.getpixel((round(last.x * k), round((last.y + p90_y) / 2 * k))), "#b3ddf5")
    assert image.getpixel((2, 2)) == (255, 255, 255)


def test_png_axis_title_reads_upwards_left_of_the_amounts() -> None:
    dpi = 130
    image = Image.open(io.BytesIO(fan_chart.png(fan(), dpi))).convert("L")
    k = dpi / 72
    title = next(s for s in fan_chart.layout(fan()).shapes if isinstance(s, Text) and s.upright)
    strip = image.crop((0, 0, round((title.x + 1) * k), image.height))
    box = Image.eval(strip, lambda v: 255 if v < 128 else 0).getbbox()
    assert box is not None
    left, top, right, bottom = box
    assert bottom - top > 4 * (right - left)  # tall and narrow: the words run up the page
    middle = (top + bottom) / 2 / k
    assert middle == pytest.approx(title.y, abs=3)


def test_charts_draw_the_fan_without_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    charts.clear_caches()

    def refuse(spec: ChartSpec) -> None:
        raise AssertionError("matplotlib asked to draw a fan chart")

    monkeypatch.setattr(charts, "_drawn", refuse)
    assert charts.svg(fan()).startswith("<?xml")
    assert charts.png(fan()).startswith(b"\x89PNG")
    assert re.search(r">£600k<", charts.svg(fan()))
    monkeypatch.undo()
    charts.clear_caches()


def test_a_briefing_of_fan_charts_does_not_import_matplotlib() -> None:
    """matplotlib costs about 0.4 s to import: a process that draws only fan charts skips it."""
    code = (
        "import sys\n"
        "from scrutiny.reports import charts, html, docx_blocks\n"
        "from scrutiny.reports.chart_specs import ChartSpec\n"
        "spec = ChartSpec('fan', 'fan-X', 'X', 'X', ('2025/26',),\n"
        "    (('target', (1e5,)), ('p10', (5e4,)), ('p50', (8e4,)), ('p90', (9e4,))))\n"
        "charts.svg(spec), charts.png(spec)\n"
        "print('matplotlib' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"
