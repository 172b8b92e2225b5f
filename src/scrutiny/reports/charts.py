"""Draws a `ChartSpec`: SVG for HTML and PDF, PNG for Word. The fan chart, one a proposal in the
briefing, the distribution chart and the children looked after projection are drawn straight from
their figures (`fan_chart`, `distribution_chart`, `projection_chart`); the others with matplotlib
(Agg).

Colours are the Okabe–Ito palette, which readers with colour-vision deficiency can tell apart;
lines also differ by style and every chart has a legend or direct labels. Amounts are in pounds
written as a finance officer writes them (£1.2m, £400k). A chart is drawn once per spec and saved in a format only when that
format is asked for (HTML and PDF never pay for the PNG); both the drawing and the saved bytes
are cached, in bounded caches. The SVG is simplified for WeasyPrint without changing what it draws.
"""

from __future__ import annotations

import io
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from lxml import etree

from scrutiny.domain.delivery import RAGS
from scrutiny.domain.money import format_gbp_rounded, format_gbp_short
from scrutiny.reports import distribution_chart, fan_chart, projection_chart
from scrutiny.reports.chart_specs import ChartSpec

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# matplotlib is imported when a chart it draws is first asked for (about 0.4 s of processor
# time): a briefing of fan charts alone never needs it.

BLUE = "#0072B2"
SKY = "#56B4E9"
ORANGE = "#E69F00"
VERMILLION = "#D55E00"
GREEN = "#009E73"
GREY = "#666666"
INK = "#0b0c0c"

STYLE: dict[Any, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 8.5,
    "axes.edgecolor": GREY,
    "axes.labelcolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": INK,
    "ytick.color": INK,
    "legend.frameon": False,
    "svg.fonttype": "none",
    "svg.hashsalt": "scrutiny",
    "text.hinting": "no_hinting",
}
"""matplotlib's settings for the charts. Text is not hinted: the SVG is the same either way, and
the PNG takes about a sixth less time to save, as legible at 130 dpi, for files about 15% larger."""

PNG_DPI = 130
"""Resolution of the Word charts [dots per inch]: sharp on paper at 16 cm wide."""
WIDTH_IN = 6.3
HEIGHT_IN = 2.6


def _gbp(value: float, _pos: object = None) -> str:
    """An axis label as a finance officer writes it: £1.2m, £400k."""
    return format_gbp_rounded(value)


MARGINS_IN = {"left": 1.05, "right": 0.15, "bottom": 0.55, "top": 0.4}
"""Fixed margins [inches]: cheaper than a layout engine, and the same on every chart."""
LEFT_IN = {"tornado": 1.4, "benchmark": 1.9, "delivery": 1.4}
"""Wider left margins [inches] for charts labelled by name on the left."""


def _figure(height: float = HEIGHT_IN, left: float = MARGINS_IN["left"]) -> tuple[Figure, Axes]:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH_IN, height))
    fig.subplots_adjust(
        left=left / WIDTH_IN,
        right=1 - MARGINS_IN["right"] / WIDTH_IN,
        bottom=MARGINS_IN["bottom"] / height,
        top=1 - MARGINS_IN["top"] / height,
    )
    return fig, fig.add_subplot()


def _tornado(spec: ChartSpec, ax: Axes) -> None:
    names = list(spec.labels)[::-1]
    values = list(spec.values("rank_correlation"))[::-1]
    colours = [BLUE if v >= 0 else ORANGE for v in values]
    hatches = ["" if v >= 0 else "//" for v in values]
    bars = ax.barh(names, values, color=colours, edgecolor=INK, linewidth=0.4)
    for bar, hatch in zip(bars, hatches, strict=True):
        bar.set_hatch(hatch)
    for y, v in enumerate(values):
        ax.text(
            v + (0.03 if v >= 0 else -0.03),
            y,
            f"{v:+.2f}",
            va="center",
            ha="left" if v >= 0 else "right",
            fontsize=7.5,
        )
    ax.axvline(0, color=GREY, linewidth=0.8)
    ax.set_xlim(-1.15, 1.15)
    ax.set_xlabel("Rank correlation with the delivered saving (positive: more of it, more saved)")


def _caseload(spec: ChartSpec, ax: Axes) -> None:
    years = list(spec.labels)
    xs = list(range(len(years)))
    ax.bar([x - 0.18 for x in xs], spec.values("mean"), width=0.36, color=BLUE, label="Average")
    ax.bar(
        [x + 0.18 for x in xs],
        spec.values("p90"),
        width=0.36,
        color=SKY,
        hatch="//",
        edgecolor=INK,
        linewidth=0.4,
        label="1 time in 10 above",
    )
    if spec.marker is not None:
        ax.axhline(
            spec.marker,
            color=VERMILLION,
            linestyle="--",
            linewidth=1.8,
            label=f"Threshold {spec.marker:g}",
        )
    ax.set_xticks(xs, years)
    ax.set_ylabel("Cases per case-holding FTE")
    ax.legend(loc="upper left", ncols=3, fontsize=7.5, bbox_to_anchor=(0, 1.16))


FULL_LABELS = 8
"""Most bars in a waterfall labelled as "£1.26m", "£480k" [count]; with more, the shorter
committee form ("£1.3m", "£0.5m") fits a bar."""


def _waterfall(spec: ChartSpec, ax: Axes) -> None:
    from matplotlib.ticker import FuncFormatter

    names = list(spec.labels)
    amounts = list(spec.values("target"))
    bottoms, running = [], 0.0
    for a in amounts:
        bottoms.append(running)
        running += a
    labels = [*names, "Total"]
    ax.bar(names, amounts, bottom=bottoms, color=BLUE, label="Savings target")
    ax.bar(
        ["Total"],
        [running],
        color=GREEN,
        hatch="..",
        edgecolor=INK,
        linewidth=0.4,
        label="Total of targets",
    )
    values = [*amounts, running]
    tops = [b + a for b, a in zip(bottoms, amounts, strict=True)] + [running]
    if spec.marker is not None:
        labels.append("Funding gap")
        ax.bar(
            ["Funding gap"],
            [spec.marker],
            color=VERMILLION,
            hatch="\\\\",
            edgecolor=INK,
            linewidth=0.4,
            label="Funding gap",
        )
        values.append(spec.marker)
        tops.append(spec.marker)
    few = len(values) <= FULL_LABELS
    label = format_gbp_rounded if few else format_gbp_short
    for x, (v, top) in enumerate(zip(values, tops, strict=True)):
        ax.text(x, top, label(v), ha="center", va="bottom", fontsize=7 if few else 6.5)
    ax.yaxis.set_major_formatter(FuncFormatter(_gbp))
    ax.set_ylim(0, max(tops) * 1.15)
    ax.tick_params(axis="x", labelrotation=30 if len(labels) > 5 else 0, labelsize=7)
    ax.legend(loc="upper left", fontsize=7.5)


BAR_STYLE = {
    0.0: (VERMILLION, "//"),  # the council
    1.0: (BLUE, ""),  # England
    2.0: (SKY, ".."),  # its region
    3.0: ("#BBBBBB", ""),  # similar councils
}


def _benchmark(spec: ChartSpec, ax: Axes) -> None:
    names = list(spec.labels)[::-1]
    values = list(spec.values("value"))[::-1]
    missing = list(spec.values("missing"))[::-1]
    kinds = list(spec.values("kind"))[::-1]
    bars = ax.barh(
        names,
        values,
        color=[BAR_STYLE[k][0] for k in kinds],
        edgecolor=INK,
        linewidth=0.4,
    )
    for bar, kind in zip(bars, kinds, strict=True):
        bar.set_hatch(BAR_STYLE[kind][1])
    top = max(values) or 1.0
    for y, (v, gap) in enumerate(zip(values, missing, strict=True)):
        text = "missing" if gap else f"{v:g}"
        ax.text(v + top * 0.01, y, text, va="center", ha="left", fontsize=7)
    ax.set_xlim(0, top * 1.12)
    ax.tick_params(axis="y", labelsize=7.5)
    ax.set_xlabel(  # two short lines: one line was wider than the chart and was cut off
        "The council (orange, hatched), England (blue),\n"
        "its region (light blue, dotted), neighbours (grey)",
        fontsize=7.5,
        linespacing=1.1,
    )


RAG_STYLE = {0: (GREEN, ""), 1: (ORANGE, ".."), 2: (VERMILLION, "//")}
"""Fill and hatch of a delivery bar by RAG rating (green, amber, red): colour and pattern both
differ, and the bar's label says the rating in words."""


def _delivery(spec: ChartSpec, ax: Axes) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    names = list(spec.labels)[::-1]
    targets = list(spec.values("target"))[::-1]
    expected = list(spec.values("expected"))[::-1]
    ratings = [int(r) for r in spec.values("rag")][::-1]
    ys = list(range(len(names)))
    right = max([*targets, *expected, 1.0]) * 1.4
    ax.barh(ys, targets, height=0.7, color="white", edgecolor=INK, linewidth=0.8)
    for y, target, e, r in zip(ys, targets, expected, ratings, strict=True):
        colour, hatch = RAG_STYLE[r]
        ax.barh(y, max(e, 0.0), height=0.4, color=colour, hatch=hatch, edgecolor=INK, lw=0.4)
        share = f" ({e / target:.0%})" if target > 0 else ""
        ax.text(
            max(target, e) + right * 0.01,
            y,
            f"{format_gbp_rounded(e)}{share} {RAGS[r]}",
            va="center",
            ha="left",
            fontsize=7,
        )
    ax.set_yticks(ys, names)
    ax.tick_params(axis="y", labelsize=7.5)
    ax.xaxis.set_major_formatter(FuncFormatter(_gbp))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4))
    ax.set_xlim(0, right)
    ax.set_xlabel("Cumulative target (outline) and expected delivery (filled)")


DRAW: dict[str, Callable[[ChartSpec, Axes], None]] = {
    "tornado": _tornado,
    "caseload": _caseload,
    "waterfall": _waterfall,
    "benchmark": _benchmark,
    "delivery": _delivery,
}


def _height(spec: ChartSpec) -> float:
    if spec.kind == "tornado":
        return min(1.0 + 0.32 * len(spec.labels), 3.2)
    if spec.kind == "waterfall":
        return 3.2
    if spec.kind == "benchmark":
        return 1.0 + 0.22 * len(spec.labels)
    if spec.kind == "delivery":
        return min(1.0 + 0.3 * len(spec.labels), 4.2)
    return HEIGHT_IN


FIGURES_CACHED = 128
"""Drawn figures kept for a later format [count]: about 0.55 MB each, so at most about 70 MB.
A report saves each chart first as SVG (HTML, PDF) and later, maybe, as PNG (Word): a register of
40 proposals has about 95 charts, so the four formats in one run draw each chart once."""
BYTES_CACHED = 512
"""Saved charts kept [count of (spec, format)]: about 10 kB (SVG) or 25 kB (PNG) each."""
PNG_SAVE: dict[str, Any] = {"pil_kwargs": {"compress_level": 3}}
"""zlib level 3 rather than Pillow's 6: the same pixels, about a tenth less time to save the PNG
(the zlib part of it a quarter less), files about 10% larger."""

_LOCK = threading.RLock()
"""matplotlib is not thread-safe (`rc_context` changes global settings, and a figure is saved
by switching its canvas): one chart is drawn or saved at a time."""


@cache
def _matplotlib() -> Any:
    """matplotlib, with the Agg backend (no display)."""
    import matplotlib

    matplotlib.use("Agg")
    return matplotlib


@lru_cache(maxsize=FIGURES_CACHED)
def _drawn(spec: ChartSpec) -> Figure:
    """The chart drawn once (artists only; each format renders it when saved)."""
    matplotlib = _matplotlib()
    with _LOCK, matplotlib.rc_context(STYLE):
        left = LEFT_IN.get(spec.kind, MARGINS_IN["left"])
        fig, ax = _figure(_height(spec), left)
        DRAW[spec.kind](spec, ax)
    return fig


def _fan_direct(spec: ChartSpec, fmt: str) -> bytes:
    return fan_chart.svg(spec) if fmt == "svg" else fan_chart.png(spec, PNG_DPI)


def _distribution_direct(spec: ChartSpec, fmt: str) -> bytes:
    return distribution_chart.svg(spec) if fmt == "svg" else distribution_chart.png(spec, PNG_DPI)


def _projection_direct(spec: ChartSpec, fmt: str) -> bytes:
    return projection_chart.svg(spec) if fmt == "svg" else projection_chart.png(spec, PNG_DPI)


DIRECT: dict[str, Callable[[ChartSpec, str], bytes]] = {
    "fan": _fan_direct,
    "distribution": _distribution_direct,
    "projection": _projection_direct,
}
"""Charts drawn without matplotlib, by kind: a fan chart, a histogram or the children looked
after projection is a few shapes, and matplotlib took about four times as long to draw and save
one."""

_SAVED: OrderedDict[tuple[ChartSpec, str], bytes] = OrderedDict()
"""Charts saved, newest last, at most `BYTES_CACHED` of them."""


def _saved(spec: ChartSpec, fmt: str) -> bytes:
    """The chart saved in one format, drawing it only if it is no longer cached."""
    with _LOCK:
        data = _SAVED.get((spec, fmt))
        if data is not None:
            _SAVED.move_to_end((spec, fmt))
            return data
        direct = DIRECT.get(spec.kind)
        if direct is not None:
            data = direct(spec, fmt)
            remember(spec, fmt, data)
            return data
        fig = _drawn(spec)
        buf = io.BytesIO()
        with _matplotlib().rc_context(STYLE):
            if fmt == "svg":
                fig.savefig(buf, format="svg", metadata={"Date": None})
            else:
                fig.savefig(buf, format="png", dpi=PNG_DPI, **PNG_SAVE)
        data = simplify_svg(buf.getvalue()) if fmt == "svg" else buf.getvalue()
        remember(spec, fmt, data)
        return data


def remember(spec: ChartSpec, fmt: str, data: bytes) -> None:
    """Keep `data` as the chart saved in `fmt` (as saved by another process, say), so it is not
    drawn again here."""
    with _LOCK:
        _SAVED[(spec, fmt)] = data
        _SAVED.move_to_end((spec, fmt))
        while len(_SAVED) > BYTES_CACHED:
            _SAVED.popitem(last=False)


def clear_caches() -> None:
    """Forget every chart drawn and saved."""
    with _LOCK:
        _SAVED.clear()
        _drawn.cache_clear()


def render(spec: ChartSpec, fmt: str) -> bytes:
    """The chart as ``svg`` or ``png`` bytes (PNG for Word); only the format asked is saved."""
    if fmt not in ("svg", "png"):
        raise ValueError(f"unknown chart format {fmt!r}")
    return _saved(spec, fmt)


def svg(spec: ChartSpec) -> str:
    return render(spec, "svg").decode("utf-8")


def png(spec: ChartSpec) -> bytes:
    return render(spec, "png")


# Simpler SVG for WeasyPrint, which cascades styles through every node (matplotlib wraps each
# artist in a <g id=...>) and parses every style attribute with a CSS parser.

_NS = "{http://www.w3.org/2000/svg}"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_SHAPES = frozenset(
    _NS + tag for tag in ("path", "rect", "circle", "ellipse", "line", "polyline", "polygon")
)
_NAMES = (_NS + "title", _NS + "desc")
_URL_REF = re.compile(r"url\(#([^)]+)\)")
_IDENTITY_ROTATE = re.compile(r"rotate\(-?0 [-0-9.e]+ [-0-9.e]+\)")
_PARSER = etree.XMLParser(remove_comments=True, resolve_entities=False, no_network=True)


_PRESENTATION = frozenset(
    {
        *("fill", "fill-opacity", "fill-rule", "clip-rule", "color", "opacity", "visibility"),
        *("stroke", "stroke-width", "stroke-opacity", "stroke-linejoin", "stroke-linecap"),
        *("stroke-dasharray", "stroke-dashoffset", "stroke-miterlimit", "display"),
        *("font-size", "font-family", "font-style", "font-weight", "font-variant"),
        *("font-stretch", "text-anchor"),
    }
)
"""CSS properties that SVG 1.1 also takes as attributes of the same name and meaning."""


def _declarations(css: str) -> dict[str, str] | None:
    """``a: b; c: d`` as a dict of presentation attributes, or None if it is not only that."""
    out = {}
    for part in css.split(";"):
        if not part.strip():
            continue
        name, colon, value = part.partition(":")
        name, value = name.strip(), value.strip()
        if not colon or name not in _PRESENTATION or not value or "!" in value:
            return None
        out[name] = value
    return out


def simplify_svg(data: bytes) -> bytes:
    """Matplotlib's SVG with the same drawing in fewer, simpler nodes.

    - ``<metadata>`` and comments go; every ``<defs>`` child moves to one ``<defs>`` first.
    - ``<g>`` with no attribute but an ``id`` nobody refers to is replaced by its children, in
      order (such a group changes nothing drawn), and empty groups go.
    - ``style="fill: #fff; stroke: ..."`` becomes presentation attributes (fill="#fff"); the
      stylesheet ``*{stroke-linejoin: round; stroke-linecap: butt}`` that applied to every
      element becomes attributes of every shape that did not set its own, so each shape keeps
      the same value. Only done when that stylesheet is all there is.
    - ``transform="rotate(-0 x y)"`` (no rotation) on text goes.

    ``<title>``, ``<desc>`` and all text stay.
    """
    root = etree.fromstring(data, _PARSER)
    for meta in root.findall(_NS + "metadata"):
        root.remove(meta)
    referenced = {
        ref
        for el in root.iter()
        for key, value in el.attrib.items()
        for ref in (
            [value[1:]] if key == _XLINK_HREF and value.startswith("#") else _URL_REF.findall(value)
        )
    }

    defs = etree.Element(_NS + "defs")
    for old in list(root.iter(_NS + "defs")):
        defs.extend(list(old))
        old.getparent().remove(old)
    if len(defs):  # after a leading <title> and <desc>, which name the picture
        first = next((i for i, el in enumerate(root) if el.tag not in _NAMES), len(root))
        root.insert(first, defs)

    styles = defs.findall(_NS + "style")
    sheet = (styles[0].text or "").strip() if len(styles) == 1 else ""
    defaults = (
        _declarations(sheet[2:-1]) if sheet.startswith("*{") and sheet.endswith("}") else None
    )
    own = {el: _declarations(el.attrib.get("style", "")) for el in root.iter()}
    if defaults is not None and all(d is not None for d in own.values()):
        defs.remove(styles[0])
        for el, declared in own.items():
            el.attrib.pop("style", None)
            for name, value in (declared or {}).items():
                el.set(name, value)
            if el.tag in _SHAPES:
                for name, value in defaults.items():
                    if name not in el.attrib:
                        el.set(name, value)

    for el in root.iter(_NS + "path"):
        el.set("d", " ".join(el.get("d", "").split()))
    for text in root.iter(_NS + "text"):
        if _IDENTITY_ROTATE.fullmatch(text.get("transform", "")):
            del text.attrib["transform"]

    for group in list(root.iter(_NS + "g")):
        attrs = set(group.attrib)
        if attrs <= {"id"} and group.get("id") not in referenced:
            parent = group.getparent()
            at = parent.index(group)
            parent[at : at + 1] = list(group)
    for group in list(root.iter(_NS + "g")):
        if len(group) == 0 and group.get("id") not in referenced:
            group.getparent().remove(group)

    for el in root.iter():
        if el.tag != _NS + "text" and len(el):
            el.text = None
        if el.getparent() is not None and el.getparent().tag != _NS + "text":
            el.tail = None
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    return out
