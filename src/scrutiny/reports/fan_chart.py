"""The fan chart drawn straight from its figures: SVG for HTML and PDF, PNG for Word.

The briefing shows one fan chart a proposal (delivered saving against the cumulative target, by
year). It is a shaded band, two lines with markers, two axes and a legend, so it is laid out here
once as a list of shapes (`layout`) and written by two small writers (`to_svg`, `to_png`) rather
than by matplotlib, which took about 0.06 s of processor time a chart for the same picture.

Coordinates are in points [pt] from the top left of the picture; amounts in pounds [GBP]. The
picture is the size and style of the other charts (`charts.py`): DejaVu Sans, the Okabe–Ito
colours, lines told apart by style and marker as well as colour, every label in words.
"""

from __future__ import annotations

import importlib.util
import io
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from PIL import Image, ImageDraw, ImageFont

from scrutiny.domain.money import format_gbp_rounded
from scrutiny.reports.chart_specs import ChartSpec

BLUE = "#0072B2"
SKY_ON_WHITE = "#b3ddf5"
"""Sky blue (#56B4E9) at 45% over white, as a plain colour (no transparency to composite)."""
VERMILLION = "#D55E00"
GREY = "#666666"
INK = "#0b0c0c"
WHITE = "#ffffff"

FONT = "'DejaVu Sans', Arial, sans-serif"
"""The SVG's font: DejaVu Sans, as the report's text and the PNG, where a browser has it."""
FONT_SIZE = 8.5
"""Axis labels [pt]."""
LEGEND_SIZE = 7.5
"""Legend labels [pt]."""

WIDTH = 6.3 * 72
HEIGHT = 2.6 * 72
"""Size of the picture [pt]: that of the other charts."""
LEFT, RIGHT, TOP, BOTTOM = 1.05 * 72, WIDTH - 0.15 * 72, 0.4 * 72, HEIGHT - 0.55 * 72
"""Edges of the plotting area [pt from the top left]."""
TICK = 3.5
"""Length of a tick mark and the gap between it and its label [pt]."""
SLOT = 0.3
"""Space beside the first and last year [fraction of the distance between two years]."""
ONE_YEAR = 0.25
"""Half the width of the band when there is only one year [fraction of a year's slot]."""
MARKER = 6.0
"""Marker diameter or side [pt]."""
MEDIAN_WIDTH = 2.0
TARGET_WIDTH = 1.8
"""Line widths [pt]."""
DASH = (3.7, 1.6)
"""Dash and gap of the target line [multiples of its width]: matplotlib's ``--``."""
HEADROOM = 0.05
"""Space above the largest figure [fraction of the axis range]."""
MOST_TICKS = 6
"""Most labelled amounts on the axis [count]."""
MIN_SPAN = 100.0
"""Least range of the axis [GBP]: tiny figures still get amounts in whole pounds."""
STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)
"""Tick spacings tried in each power of ten: round amounts a reader can add up."""

LEGEND = ("Four times in five between", "Median", "Cumulative target")


@dataclass(frozen=True)
class Polygon:
    points: tuple[tuple[float, float], ...]
    fill: str


@dataclass(frozen=True)
class Line:
    points: tuple[tuple[float, float], ...]
    colour: str
    width: float
    dash: tuple[float, float] | None = None  # dash and gap [pt]


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    shape: str  # circle | square
    colour: str


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # the baseline
    text: str
    size: float
    anchor: str = "start"  # start | middle | end, as SVG's text-anchor
    upright: bool = False  # turned a quarter to read from bottom to top (an axis title)


Shape = Polygon | Line | Marker | Text


@dataclass(frozen=True)
class Scene:
    """What the picture draws, in order: later shapes over earlier ones."""

    shapes: tuple[Shape, ...]
    width: float = WIDTH
    height: float = HEIGHT

    def texts(self) -> list[str]:
        return [s.text for s in self.shapes if isinstance(s, Text)]


def nice_ticks(low: float, high: float, most: int = MOST_TICKS) -> tuple[list[float], float]:
    """Round amounts to label an axis from `low` to `high`, and their spacing.

    The spacing is 1, 2, 2.5 or 5 times a power of ten, the smallest that labels the range with
    at most `most` ticks; every tick lies within the range and consecutive ticks differ by the
    spacing. A range of no width is widened to one of the figure's own size."""
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError(f"an axis needs finite ends, not {low} and {high}")
    if high < low:
        low, high = high, low
    if high - low <= 0:
        half = max(abs(high), 1.0) / 2
        low, high = low - half, high + half
    raw = (high - low) / max(most - 1, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    for multiple in STEPS:
        step = multiple * power
        first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
        if last - first + 1 <= most:
            break
    ticks = [round(i * step, 10) for i in range(first, last + 1)]
    return [0.0 if t == 0 else t for t in ticks], step


def _axis(values: Sequence[float]) -> tuple[float, float]:
    """The amounts at the bottom and top of the axis: from zero (or the lowest figure, if it is
    a loss) to a little above the highest."""
    low = min(0.0, *values)
    high = max(0.0, *values)
    high = max(high, low + MIN_SPAN)
    span = high - low
    return (low - span * HEADROOM if low < 0 else low), high + span * HEADROOM


def layout(spec: ChartSpec) -> Scene:
    """The chart's shapes: the band where the saving falls four times in five, the median and
    the cumulative target by year, the axes with their amounts, and the legend."""
    years = list(spec.labels)
    if not years:
        raise ValueError(f"fan chart {spec.key!r} has no years")
    p10, p50, p90, target = (list(spec.values(k)) for k in ("p10", "p50", "p90", "target"))
    xs: list[float] = [float(i) for i in range(len(years))]
    if len(xs) == 1:  # one year: a short band and level lines, so they can be seen
        fx = [-ONE_YEAR, ONE_YEAR]
        p10, p50, p90, target = ([v[0], v[0]] for v in (p10, p50, p90, target))
    else:
        fx = xs
    x_low, x_high = min(fx) - SLOT, max(fx) + SLOT
    y_low, y_high = _axis([*p10, *p50, *p90, *target])
    ticks = [t for t in nice_ticks(y_low, y_high)[0] if y_low <= t <= y_high]

    def px(x: float) -> float:
        return LEFT + (x - x_low) / (x_high - x_low) * (RIGHT - LEFT)

    def py(v: float) -> float:
        return BOTTOM - (v - y_low) / (y_high - y_low) * (BOTTOM - TOP)

    def points(values: Sequence[float]) -> tuple[tuple[float, float], ...]:
        return tuple((px(x), py(v)) for x, v in zip(fx, values, strict=True))

    upper, lower = points(p90), points(p10)
    shapes: list[Shape] = [Polygon((*upper, *reversed(lower)), SKY_ON_WHITE)]
    median, goal = points(p50), points(target)
    shapes.append(Line(median, BLUE, MEDIAN_WIDTH))
    shapes += [Marker(x, y, "circle", BLUE) for x, y in median]
    dash = (DASH[0] * TARGET_WIDTH, DASH[1] * TARGET_WIDTH)
    shapes.append(Line(goal, VERMILLION, TARGET_WIDTH, dash))
    shapes += [Marker(x, y, "square", VERMILLION) for x, y in goal]

    shapes += axes(
        [(px(x), year) for x, year in zip(xs, years, strict=True)],
        [(py(t), format_gbp_rounded(t)) for t in ticks],
        "Delivered saving",
    )
    shapes += _legend()
    return Scene(tuple(shapes))


def axes(
    x_ticks: Sequence[tuple[float, str]],
    y_ticks: Sequence[tuple[float, str]],
    y_title: str,
    x_title: str = "",
) -> list[Shape]:
    """The left and bottom edges of the plot with their ticks and labels (positions in points),
    the title of the upright axis read upwards to the left of its labels, and the title of the
    bottom axis, if any, under its labels."""
    shapes: list[Shape] = [Line(((LEFT, TOP), (LEFT, BOTTOM), (RIGHT, BOTTOM)), GREY, 0.8)]
    widest = 0.0
    for y, label in y_ticks:
        shapes.append(Line(((LEFT - TICK, y), (LEFT, y)), INK, 0.8))
        shapes.append(Text(LEFT - 2 * TICK, y + FONT_SIZE * 0.35, label, FONT_SIZE, "end"))
        widest = max(widest, text_width(label, FONT_SIZE))
    below = BOTTOM + 2 * TICK + FONT_SIZE * 0.8
    for x, label in x_ticks:
        shapes.append(Line(((x, BOTTOM), (x, BOTTOM + TICK)), INK, 0.8))
        shapes.append(Text(x, below, label, FONT_SIZE, "middle"))
    title_x = LEFT - 2 * TICK - widest - TICK
    shapes.append(Text(title_x, (TOP + BOTTOM) / 2, y_title, FONT_SIZE, "middle", True))
    if x_title:
        middle = (LEFT + RIGHT) / 2
        shapes.append(Text(middle, below + TICK + FONT_SIZE * 1.1, x_title, FONT_SIZE, "middle"))
    return shapes


def _legend() -> list[Shape]:
    """One row above the plot: a swatch or a line with its marker, then the words."""
    handle, gap, between = 2.0 * LEGEND_SIZE, 0.8 * LEGEND_SIZE, 2.0 * LEGEND_SIZE
    middle = TOP - 0.16 * (BOTTOM - TOP) + LEGEND_SIZE * 0.6
    baseline = middle + LEGEND_SIZE * 0.35
    x = LEFT + 0.4 * LEGEND_SIZE
    shapes: list[Shape] = []
    for label in LEGEND:
        end = x + handle
        if label == LEGEND[0]:
            h = LEGEND_SIZE * 0.35
            box = ((x, middle - h), (end, middle - h), (end, middle + h), (x, middle + h))
            shapes.append(Polygon(box, SKY_ON_WHITE))
        elif label == LEGEND[1]:
            shapes.append(Line(((x, middle), (end, middle)), BLUE, MEDIAN_WIDTH))
            shapes.append(Marker((x + end) / 2, middle, "circle", BLUE))
        else:
            dash = (DASH[0] * TARGET_WIDTH, DASH[1] * TARGET_WIDTH)
            shapes.append(Line(((x, middle), (end, middle)), VERMILLION, TARGET_WIDTH, dash))
            shapes.append(Marker((x + end) / 2, middle, "square", VERMILLION))
        shapes.append(Text(end + gap, baseline, label, LEGEND_SIZE))
        x = end + gap + text_width(label, LEGEND_SIZE) + between
    return shapes


@cache
def font_path() -> Path:
    """DejaVu Sans as matplotlib ships it: the same letters whichever machine draws the PNG.
    Found without importing matplotlib, which takes about 0.4 s."""
    found = importlib.util.find_spec("matplotlib")
    if found is None or not found.submodule_search_locations:
        raise RuntimeError("matplotlib, which ships the charts' font, is not installed")
    package = Path(next(iter(found.submodule_search_locations)))
    return package / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"


@cache
def _font(size: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path()), size)


MEASURE = 100.0
"""Font size the widths are measured at [pt], then scaled: one font object for every size."""


def text_width(text: str, size: float) -> float:
    """How wide `text` is in DejaVu Sans at `size` [pt]."""
    return float(_font(MEASURE).getlength(text)) * size / MEASURE


# SVG


def _n(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


def _pts(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{_n(x)},{_n(y)}" for x, y in points)


_ANCHOR = {"start": "start", "middle": "middle", "end": "end"}


def to_svg(scene: Scene, title: str = "", description: str = "") -> bytes:
    """The scene as a small SVG document: one element a shape, presentation attributes only;
    named by `title` and described by `description` (a `<title>` and a `<desc>`) when given."""
    w, h = _n(scene.width), _n(scene.height)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}pt" height="{h}pt" '
        f'viewBox="0 0 {w} {h}">',
        *([f"<title>{escape(title)}</title>"] if title else []),
        *([f"<desc>{escape(description)}</desc>"] if description else []),
        f'<rect x="0" y="0" width="{w}" height="{h}" fill="{WHITE}"/>',
    ]
    for s in scene.shapes:
        if isinstance(s, Polygon):
            out.append(f'<polygon points="{_pts(s.points)}" fill="{s.fill}"/>')
        elif isinstance(s, Line):
            dash = f' stroke-dasharray="{_n(s.dash[0])},{_n(s.dash[1])}"' if s.dash else ""
            out.append(
                f'<polyline points="{_pts(s.points)}" fill="none" stroke="{s.colour}" '
                f'stroke-width="{_n(s.width)}" stroke-linejoin="round"{dash}/>'
            )
        elif isinstance(s, Marker):
            r = MARKER / 2
            if s.shape == "circle":
                out.append(f'<circle cx="{_n(s.x)}" cy="{_n(s.y)}" r="{_n(r)}" fill="{s.colour}"/>')
            else:
                out.append(
                    f'<rect x="{_n(s.x - r)}" y="{_n(s.y - r)}" width="{_n(MARKER)}" '
                    f'height="{_n(MARKER)}" fill="{s.colour}"/>'
                )
        else:
            turn = f' transform="rotate(-90 {_n(s.x)} {_n(s.y)})"' if s.upright else ""
            out.append(
                f'<text x="{_n(s.x)}" y="{_n(s.y)}" font-family={quoteattr(FONT)} '
                f'font-size="{_n(s.size)}" text-anchor="{_ANCHOR[s.anchor]}" '
                f'fill="{INK}"{turn}>{escape(s.text)}</text>'
            )
    out.append("</svg>\n")
    return "\n".join(out).encode("utf-8")


# PNG

SUPERSAMPLE = 2
"""Drawn at this many times the resolution, then reduced: smooth edges on lines and markers
(Pillow draws shapes without anti-aliasing) [count]."""
PNG_LEVEL = 3
"""zlib level: as `charts.PNG_SAVE`."""
_PIL_ANCHOR = {"start": "ls", "middle": "ms", "end": "rs"}


def _dashes(
    points: Sequence[tuple[float, float]], dash: tuple[float, float]
) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The dashes along a line, as segments: the pattern carries on round the corners."""
    on, off = dash
    segments = []
    drawing, left = True, on
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        length = math.hypot(x1 - x0, y1 - y0)
        at = 0.0
        while at < length:
            step = min(left, length - at)
            if drawing:
                a, b = at / length, (at + step) / length
                segments.append(
                    (
                        (x0 + (x1 - x0) * a, y0 + (y1 - y0) * a),
                        (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b),
                    )
                )
            at += step
            left -= step
            if left <= 1e-9:
                drawing = not drawing
                left = on if drawing else off
    return segments


def to_png(scene: Scene, dpi: float) -> bytes:
    """The scene as a PNG at `dpi` dots per inch, on white."""
    k = dpi / 72 * SUPERSAMPLE
    size = (
        round(scene.width * dpi / 72) * SUPERSAMPLE,
        round(scene.height * dpi / 72) * SUPERSAMPLE,
    )
    image = Image.new("RGB", size, WHITE)
    draw = ImageDraw.Draw(image)

    def at(p: tuple[float, float]) -> tuple[float, float]:
        return (p[0] * k, p[1] * k)

    for s in scene.shapes:
        if isinstance(s, Polygon):
            draw.polygon([at(p) for p in s.points], fill=s.fill)
        elif isinstance(s, Line):
            width = max(1, round(s.width * k))
            if s.dash is None:
                draw.line([at(p) for p in s.points], fill=s.colour, width=width, joint="curve")
            else:
                for a, b in _dashes(s.points, s.dash):
                    draw.line([at(a), at(b)], fill=s.colour, width=width)
        elif isinstance(s, Marker):
            r = MARKER / 2 * k
            box = (s.x * k - r, s.y * k - r, s.x * k + r, s.y * k + r)
            if s.shape == "circle":
                draw.ellipse(box, fill=s.colour)
            else:
                draw.rectangle(box, fill=s.colour)
        elif s.upright:
            _upright(image, s, k)
        else:
            font = _font(s.size * k)
            draw.text(at((s.x, s.y)), s.text, font=font, fill=INK, anchor=_PIL_ANCHOR[s.anchor])
    small = image.reduce(SUPERSAMPLE)
    buf = io.BytesIO()
    small.save(buf, format="png", compress_level=PNG_LEVEL, dpi=(dpi, dpi))
    return buf.getvalue()


def _upright(image: Image.Image, s: Text, k: float) -> None:
    """Text turned to read upwards, centred on its point as SVG's rotate(-90) places it."""
    font = _font(s.size * k)
    left, top, right, bottom = font.getbbox(s.text, anchor="ms")
    mask = Image.new("L", (math.ceil(right - left), math.ceil(bottom - top)), 0)
    ImageDraw.Draw(mask).text((-left, -top), s.text, font=font, fill=255, anchor="ms")
    turned = mask.rotate(90, expand=True)
    # The baseline runs up the page through (x, y); the letters stand to its left.
    x = s.x * k + top
    y = s.y * k - right
    image.paste(INK, (round(x), round(y)), turned)


def svg(spec: ChartSpec) -> bytes:
    return to_svg(layout(spec))


def png(spec: ChartSpec, dpi: float) -> bytes:
    return to_png(layout(spec), dpi)
