"""The children looked after projection as a chart: the published counts on each 31 March, then
the projected ones with their ranges and, for a proposal costed with the projection's levers,
the count with the levers pulled.

Two charts are drawn from the same shapes:

- the outlook (the web's projection page and the briefing's appendix): the projected median
  with the ranges the count falls in four times in five (80%) and nineteen times in twenty
  (95%), starting from the last published count;
- a proposal's levers (the briefing's body): the projected median without the levers, with the
  band it falls in four times in five, and the median less the children the levers keep out of
  care (or move out of children's homes), as the proposal's model works them out.

The figures come from the projection itself (`scrutiny.projection.aggregate`) and from the
proposal's simulated outputs; nothing is projected here. Shapes, colours and writers are the fan
chart's (`fan_chart`): SVG for HTML, PDF and the web page, PNG for Word. Counts are children
[children]; years are the 31 March the count is taken on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scrutiny.domain.years import FinancialYear
from scrutiny.projection.aggregate import CATEGORY_LABELS, History, Projection
from scrutiny.reports import fan_chart as fc
from scrutiny.reports.chart_specs import ChartSpec

SKY_FAINT = "#ddf0fb"
"""Sky blue (#56B4E9) at 20% over white: the 95% range, paler than the 80% range."""
LEVERS_DASH = (fc.DASH[0] * fc.TARGET_WIDTH, fc.DASH[1] * fc.TARGET_WIDTH)
"""The with-the-levers line is dashed as the fan chart's target line [pt]."""
MEDIAN_DASH = (3.0, 2.0)
"""The projected median's dash and gap [pt]: told apart from the solid published line."""

Fan = tuple[float, float, float, float, float]
"""2.5th, 10th, 50th, 90th and 97.5th percentiles [children]."""

OUTLOOK_LEGEND = ("Published", "Projected median", "80% range", "95% range")
LEVERS_LEGEND = ("Published", "Without the levers", "Four times in five", "With the levers")

LEVER_OUTPUTS = (
    ("prevented_in_care_mean", None),
    ("stepped_down_mean", "residential"),
)
"""The model outputs that change a projected count, in the order they are charted: children
kept out of care (the total looked after), then children stepped down from children's homes
(the residential placements), each with the projection's placement category (None: the total)."""

CATEGORY_WORDS = {"residential": "children in children's homes and other residential placements"}
"""A placement category as a sentence names its children, where its label does not read so."""


@dataclass(frozen=True)
class CouncilOutlook:
    """A council's published figures and their projection, as the projection workflow gives
    them (`history` to 31 March of its last year, `projection` from the year after)."""

    council: str
    history: History
    projection: Projection

    @property
    def published(self) -> list[tuple[int, float]]:
        return list(zip(self.history.years, self.history.looked_after, strict=True))

    def fans(self) -> list[tuple[int, Fan]]:
        p = self.projection
        return [(y, fan(p, i)) for i, y in enumerate(p.years)]


def fan(projection: Projection, index: int) -> Fan:
    a, b, c, d, e = projection.fan(index)
    return (a, b, c, d, e)


def children(n: float) -> str:
    """A count of children in words' company: whole, with thousands separated (`1,498`)."""
    return f"{round(n):,}"


def outlook_alt(history: Sequence[tuple[int, float]], fans: Sequence[tuple[int, Fan]]) -> str:
    """The outlook's figures in a sentence: the published counts, then each projected year's
    median with its 80% and 95% ranges."""
    published = ", ".join(f"{y} {children(n)}" for y, n in history)
    projected = "; ".join(
        f"{y} median {children(f[2])} (80% range {children(f[1])} to {children(f[3])}, "
        f"95% range {children(f[0])} to {children(f[4])})"
        for y, f in fans
    )
    return (
        f"Children looked after on 31 March. Published: {published}. "
        f"Projected (estimates): {projected}."
    )


def outlook_spec(
    history: Sequence[tuple[int, float]],
    fans: Sequence[tuple[int, Fan]],
    title: str = "",
    with_levers: Sequence[float] = (),
) -> ChartSpec:
    """The outlook as a chart: the published counts, then each projected year's five
    percentiles and, when given, the median count with savings levers pulled (one a year)."""
    alt = outlook_alt(history, fans)
    if with_levers:
        counts = ", ".join(
            f"{y} {children(n)}" for (y, _), n in zip(fans, with_levers, strict=True)
        )
        alt = (
            alt.replace("Projected (estimates)", "Projected without the levers (estimates)", 1)
            + f" Projected with the levers, the median (estimates): {counts}."
        )
    return ChartSpec(
        kind="projection",
        key="cla-outlook",
        title=title or "Children looked after: published and projected",
        alt=alt,
        labels=tuple(str(y) for y, _ in (*history, *fans)),
        series=(
            ("published", tuple(n for _, n in history)),
            *((name, tuple(f[i] for _, f in fans)) for i, name in enumerate(PERCENTILES)),
            *((("levers", tuple(with_levers)),) if with_levers else ()),
        ),
        axis="Children looked after",
    )


PERCENTILES = ("p2_5", "p10", "p50", "p90", "p97_5")


def council_outlook_chart(outlook: CouncilOutlook) -> ChartSpec:
    """The appendix's chart for the register's council."""
    return outlook_spec(
        outlook.published,
        outlook.fans(),
        f"Children looked after in {outlook.council}: published and projected (estimates)",
    )


def source_sentence(outlook: CouncilOutlook) -> str:
    """Which figures the outlook rests on, in one sentence."""
    last = outlook.history.years[-1]
    return (
        f"Published figures to 31 March {last}; the years after are estimates projected from "
        "them (the median, and the ranges the count falls in four times in five and nineteen "
        "times in twenty)."
    )


def year_end(label: str) -> int | None:
    """The 31 March a financial year ends on, as a year (``2025/26`` → 2026)."""
    try:
        return FinancialYear.parse(label).start_year + 1
    except ValueError:
        return None


def levers_spec(
    ref: str, outlook: CouncilOutlook, outputs: Mapping[str, Mapping[str, float | None]]
) -> ChartSpec | None:
    """A proposal's levers against the projection: the count without them (median and the band
    it falls in four times in five) and with them, on each projected 31 March. `outputs` are the
    proposal's simulated outputs by financial year. None when no projected year is one of the
    proposal's."""
    p = outlook.projection
    by_end = {year_end(fy): row for fy, row in outputs.items()}
    if not any(y in by_end for y in p.years):
        return None
    key, category = next(
        (
            (k, c)
            for k, c in LEVER_OUTPUTS
            if any((row.get(k) or 0.0) > 0 for row in outputs.values())
            and (c is None or c in p.by_category)
        ),
        (None, None),
    )
    if category is None:
        bands = [fan(p, i)[1:4] for i in range(len(p.years))]
        what = "children looked after"
        published = outlook.published
    else:
        bands = [p.category_band(category, i) for i in range(len(p.years))]
        what = CATEGORY_WORDS.get(category, f"children in {CATEGORY_LABELS[category].lower()}")
        shares = outlook.history.mix
        published = [
            (y, n * shares[y][category])
            for y, n in outlook.published
            if category in shares.get(y, {})
        ]
    fewer = [float((by_end.get(y) or {}).get(key) or 0.0) if key else 0.0 for y in p.years]
    with_levers = [max(b[1] - f, 0.0) for b, f in zip(bands, fewer, strict=True)]
    counts = "; ".join(
        f"{y} without the levers {children(b[1])} (four times in five between "
        f"{children(b[0])} and {children(b[2])}), with them {children(w)}"
        for y, b, w in zip(p.years, bands, with_levers, strict=True)
    )
    moved = "" if key else " The levers move children between placements: the count is the same."
    history = "".join(
        [", ".join(f"{y} {children(n)}" for y, n in published), ". " if published else ""]
    )
    return ChartSpec(
        kind="projection",
        key=f"cla-levers-{ref}",
        title=f"{ref}: {what} on 31 March, projected without and with the levers (estimates)",
        alt=(
            f"Line chart of the {what} in {outlook.council} on 31 March"
            + (f", published to {published[-1][0]}" if published else "")
            + ", then projected without the proposal's levers (the median, shaded where the "
            "count falls four times in five) and with them. "
            + (f"Published: {history}" if published else "")
            + f"Projected (estimates): {counts}.{moved}"
        ),
        labels=tuple(str(y) for y, _ in published) + tuple(str(y) for y in p.years),
        series=(
            ("published", tuple(n for _, n in published)),
            ("p10", tuple(b[0] for b in bands)),
            ("p50", tuple(b[1] for b in bands)),
            ("p90", tuple(b[2] for b in bands)),
            *((("levers", tuple(with_levers)),) if key else ()),
        ),
        axis=what[0].upper() + what[1:],
    )


def layout(spec: ChartSpec) -> fc.Scene:
    """The chart's shapes: the published counts on each 31 March as a grey line, then the
    projected median as a dashed line with its ranges as shaded bands starting from the last
    published count, the count with the levers (when the spec has one) as a dashed vermilion
    line, children on the upright axis and the years along the bottom, and the legend."""
    series = dict(spec.series)
    published = series.get("published", ())
    years = [int(y) for y in spec.labels]
    first = years[0]
    projected = years[len(published) :]
    x_low, x_high = -fc.SLOT, (years[-1] - first) + fc.SLOT
    top = max((*published, *series["p90"], *series.get("p97_5", ()), *series.get("levers", ())))
    y_high = top * (1 + fc.HEADROOM) if top > 0 else 10.0
    ticks = [t for t in fc.nice_ticks(0.0, y_high)[0] if 0.0 <= t <= y_high]

    def px(year: int) -> float:
        return fc.LEFT + (year - first - x_low) / (x_high - x_low) * (fc.RIGHT - fc.LEFT)

    def py(v: float) -> float:
        return fc.BOTTOM - v / y_high * (fc.BOTTOM - fc.TOP)

    def path(name: str) -> list[tuple[float, float]]:
        start = [(px(years[len(published) - 1]), py(published[-1]))] if published else []
        return start + [(px(y), py(v)) for y, v in zip(projected, series[name], strict=True)]

    def band(low: str, high: str, colour: str) -> fc.Polygon:
        return fc.Polygon((*path(high), *reversed(path(low))), colour)

    shapes: list[fc.Shape] = []
    if "p2_5" in series:
        shapes.append(band("p2_5", "p97_5", SKY_FAINT))
    shapes.append(band("p10", "p90", fc.SKY_ON_WHITE))
    points = tuple((px(y), py(n)) for y, n in zip(years, published, strict=False))
    if len(points) > 1:
        shapes.append(fc.Line(points, fc.GREY, fc.MEDIAN_WIDTH))
    shapes += [fc.Marker(x, y, "square", fc.GREY) for x, y in points]
    median = path("p50")
    shapes.append(fc.Line(tuple(median), fc.BLUE, fc.MEDIAN_WIDTH, MEDIAN_DASH))
    shapes += [
        fc.Marker(x, y, "circle", fc.BLUE) for x, y in median[len(median) - len(projected) :]
    ]
    if "levers" in series:
        levers = path("levers")
        shapes.append(fc.Line(tuple(levers), fc.VERMILLION, fc.TARGET_WIDTH, LEVERS_DASH))
        shapes += [
            fc.Marker(x, y, "square", fc.VERMILLION)
            for x, y in levers[len(levers) - len(projected) :]
        ]
    shapes += fc.axes(
        [(px(y), str(y)) for y in years],
        [(py(t), children(t)) for t in ticks],
        spec.axis or "Children looked after",
        "31 March of each year",
    )
    legend: tuple[str, ...]
    if "p2_5" in series:
        legend = (*OUTLOOK_LEGEND, LEVERS_LEGEND[3]) if "levers" in series else OUTLOOK_LEGEND
    else:
        legend = LEVERS_LEGEND if "levers" in series else LEVERS_LEGEND[:3]
    shapes += _legend(legend)
    return fc.Scene(tuple(shapes))


def _legend(labels: Sequence[str]) -> list[fc.Shape]:
    """One row above the plot: a swatch or a line with its marker, then the words; a row too
    long to start over the plot starts further left, its items closer together if need be."""
    size = fc.LEGEND_SIZE
    handle, gap, between = 2.0 * size, 0.8 * size, 2.0 * size
    middle = fc.TOP - 0.16 * (fc.BOTTOM - fc.TOP) + size * 0.6
    baseline = middle + size * 0.35
    x = fc.LEFT + 0.4 * size
    words = sum(handle + gap + fc.text_width(label, size) for label in labels)
    if x + words + between * (len(labels) - 1) > fc.RIGHT:
        x = max(fc.RIGHT - words - between * (len(labels) - 1), size)
        between = min(between, (fc.RIGHT - x - words) / max(len(labels) - 1, 1))
    shapes: list[fc.Shape] = []
    for i, label in enumerate(labels):
        end = x + handle
        line = ((x, middle), (end, middle))
        if i == 0:  # published
            shapes.append(fc.Line(line, fc.GREY, fc.MEDIAN_WIDTH))
            shapes.append(fc.Marker((x + end) / 2, middle, "square", fc.GREY))
        elif i == 1:  # the projected median
            shapes.append(fc.Line(line, fc.BLUE, fc.MEDIAN_WIDTH, MEDIAN_DASH))
            shapes.append(fc.Marker((x + end) / 2, middle, "circle", fc.BLUE))
        elif label == LEVERS_LEGEND[3]:
            shapes.append(fc.Line(line, fc.VERMILLION, fc.TARGET_WIDTH, LEVERS_DASH))
            shapes.append(fc.Marker((x + end) / 2, middle, "square", fc.VERMILLION))
        else:  # a range
            h = size * 0.35
            box = ((x, middle - h), (end, middle - h), (end, middle + h), (x, middle + h))
            shapes.append(fc.Polygon(box, SKY_FAINT if label == "95% range" else fc.SKY_ON_WHITE))
        shapes.append(fc.Text(end + gap, baseline, label, size))
        x = end + gap + fc.text_width(label, size) + between
    return shapes


def svg(spec: ChartSpec) -> bytes:
    """The chart as SVG, named by its title and described by its text alternative."""
    return fc.to_svg(layout(spec), spec.title, spec.alt)


def png(spec: ChartSpec, dpi: float) -> bytes:
    return fc.to_png(layout(spec), dpi)
