"""Charts: each format saved only when asked, deterministic SVG, and the simplified SVG draws
exactly what matplotlib drew (same elements, same text, same paint properties). The fan chart is
drawn without matplotlib (`test_fan_chart.py`); it shares the caches and keeps every label."""

from __future__ import annotations

import base64
import collections
import io
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import matplotlib
import pytest
from lxml import etree
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
    charts.clear_caches()
    yield
    charts.clear_caches()


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
    chart = SPECS["caseload"]
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


def test_caches_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    assert charts._drawn.cache_info().maxsize == charts.FIGURES_CACHED
    assert charts.FIGURES_CACHED <= 256
    monkeypatch.setattr(charts, "BYTES_CACHED", 2)
    for name in ("fan", "tornado", "caseload"):  # the fan chart, drawn without matplotlib, too
        charts.render(SPECS[name], "svg")
    assert list(charts._SAVED) == [(SPECS["tornado"], "svg"), (SPECS["caseload"], "svg")]


def test_a_chart_saved_elsewhere_is_not_drawn_again(saves: collections.Counter[str]) -> None:
    charts.remember(SPECS["fan"], "png", b"\x89PNG from another process")
    assert charts.png(SPECS["fan"]) == b"\x89PNG from another process"
    assert saves == {}


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown chart format"):
        charts.render(SPECS["fan"], "pdf")


@pytest.mark.parametrize("name", sorted(SPECS))
def test_same_spec_gives_byte_identical_svg(name: str) -> None:
    first = charts.render(SPECS[name], "svg")
    charts.clear_caches()
    assert charts.render(SPECS[name], "svg") == first


def _effective(el: Any, defaults: dict[str, str]) -> dict[str, str]:
    """What an element is drawn with: attributes, its style, and the stylesheet for shapes."""
    props = dict(defaults) if el.tag in charts._SHAPES else {}
    for key, value in el.attrib.items():
        if key not in ("style", "id"):
            props[key] = value
    for decl in el.get("style", "").split(";"):
        if decl.strip():
            name, _, value = decl.partition(":")
            props[name.strip()] = value.strip()
    if "d" in props:
        props["d"] = " ".join(props["d"].split())
    if re.fullmatch(r"rotate\(-?0 \S+ \S+\)", props.get("transform", "")):
        del props["transform"]
    return props


Drawn = tuple[str, str, str, tuple[tuple[str, str], ...]]


def _drawing(data: bytes) -> tuple[list[Drawn], list[Drawn]]:
    """Every element that draws: those drawn in document order, and (sorted) those in <defs>,
    each as tag, text, the id of its nearest ancestor with one, and its properties, with the
    attributes of the groups around it."""
    root = etree.fromstring(data)
    style = root.find(f"{NS}defs/{NS}style")
    defaults = {}
    if style is not None:
        body = style.text.strip().removeprefix("*{").removesuffix("}")
        defaults = dict((p.strip() for p in d.split(":", 1)) for d in body.split(";") if d.strip())
    drawn, defined = [], []
    for el in root.iter():
        if el.tag not in DRAWN:
            continue
        chain = [el, *el.iterancestors()]
        owner = next((a.get("id") for a in chain if a.get("id")), "")
        groups = [  # what the groups around it apply: clip paths, transforms...
            (k, v) for g in reversed(chain[1:]) for k, v in sorted(g.attrib.items()) if k != "id"
        ]
        props = {**_effective(el, defaults), **{f"group {k}": v for k, v in groups}}
        item = (el.tag, el.text or "", owner, tuple(sorted(props.items())))
        if any(a.tag == NS + "defs" for a in chain):
            defined.append(item)
        else:
            drawn.append((*item[:2], "", *item[3:]))  # wrapper ids go, so not compared here
    return drawn, sorted(defined)


DRAWN_BY_MATPLOTLIB = sorted(n for n, c in SPECS.items() if c.kind not in charts.DIRECT)


@pytest.mark.parametrize("name", DRAWN_BY_MATPLOTLIB)
def test_simplified_svg_draws_the_same_elements_with_the_same_properties(name: str) -> None:
    chart = SPECS[name]
    raw = raw_svg(chart)
    simple = charts.render(chart, "svg")
    assert len(simple) < len(raw)

    (drawn, defined), (drawn_raw, defined_raw) = _drawing(simple), _drawing(raw)
    assert [d[0] for d in drawn] == [d[0] for d in drawn_raw]
    assert drawn == drawn_raw  # same elements, order, text, geometry and paint properties
    assert defined == defined_raw  # markers, clip paths and hatch patterns too
    counts = collections.Counter(d[0].removeprefix(NS) for d in drawn)
    assert counts["text"] > 5 and counts["path"] + counts["use"] > 5


@pytest.mark.parametrize("name", DRAWN_BY_MATPLOTLIB)
def test_simplified_svg_has_no_wrapper_groups_metadata_or_styles(name: str) -> None:
    root = etree.fromstring(charts.render(SPECS[name], "svg"))
    assert root.tag == NS + "svg"
    groups = list(root.iter(NS + "g"))
    assert all(set(g.attrib) - {"id"} for g in groups), "a <g> with nothing but an id"
    assert all(len(g) for g in groups), "an empty <g>"
    assert root.find(f".//{NS}metadata") is None
    assert root.find(f".//{NS}style") is None
    assert not [el for el in root.iter() if "style" in el.attrib]
    assert len(list(root.iter(NS + "defs"))) == 1 and root[0].tag == NS + "defs"
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    href = "{http://www.w3.org/1999/xlink}href"
    refs = {el.get(href).removeprefix("#") for el in root.iter(NS + "use")} | set(
        re.findall(r"url\(#([^)]+)\)", etree.tostring(root).decode())
    )
    assert refs <= ids  # nothing refers to a removed element


def test_simplified_svg_keeps_every_label() -> None:
    def texts(name: str) -> list[str]:
        root = etree.fromstring(charts.render(SPECS[name], "svg"))
        return [t.text for t in root.iter(NS + "text")]

    fan = texts("fan")
    assert set(YEARS) <= set(fan)
    labels = {"Four times in five between", "Median", "Cumulative target", "Delivered saving"}
    assert labels <= set(fan)
    assert [t for t in fan if re.fullmatch(r"£\d+(\.\d+)?[mk]?", t)]  # £1.2m, £400k
    waterfall = texts("waterfall")
    assert {"£3.5m", "Total", "Funding gap", "Total of targets"} <= set(waterfall)
    assert "missing" in texts("benchmark")
    assert {"-0.82", "+0.55", "delay_months"} <= set(texts("tornado"))


def test_title_and_desc_survive_simplification() -> None:
    raw = raw_svg(SPECS["caseload"]).replace(
        b"<defs>", b"<title>Caseload</title><desc>Cases per FTE</desc><defs>", 1
    )
    root = etree.fromstring(charts.simplify_svg(raw))
    assert root[0].tag == NS + "title"  # still first: it names the picture
    assert root.findtext(NS + "title") == "Caseload"
    assert root.findtext(NS + "desc") == "Cases per FTE"


def test_unknown_styles_are_left_as_they_are() -> None:
    raw = raw_svg(SPECS["caseload"]).replace(
        b"fill: #ffffff", b"fill: #ffffff; mix-blend-mode: multiply", 1
    )
    simple = charts.simplify_svg(raw)
    assert b"mix-blend-mode: multiply" in simple
    assert _drawing(simple) == _drawing(raw)  # the stylesheet stays, so do the styles


def test_weasyprint_paints_the_simplified_svg_pixel_for_pixel(tmp_path: Path) -> None:
    import weasyprint  # a dependency; pdftoppm comes from the Makefile's Debian packages
    from PIL import Image, ImageChops

    def pixels(svgs: list[bytes], name: str) -> list[Image.Image]:
        pages = "".join(
            '<div style="page-break-after: always"><img style="width: 16cm" alt="" '
            f'src="data:image/svg+xml;base64,{base64.b64encode(s).decode()}"></div>'
            for s in svgs
        )
        pdf = tmp_path / f"{name}.pdf"
        weasyprint.HTML(string=f"<html><body>{pages}</body></html>").write_pdf(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "72", pdf, tmp_path / name], check=True)
        return [Image.open(p).convert("RGB") for p in sorted(tmp_path.glob(f"{name}-*.png"))]

    names = ["caseload", "tornado", "waterfall"]
    before = pixels([raw_svg(SPECS[n]) for n in names], "raw")
    after = pixels([charts.render(SPECS[n], "svg") for n in names], "simple")
    assert len(before) == len(after) == len(names)
    for name, a, b in zip(names, before, after, strict=True):
        assert a.getbbox() is not None
        assert ImageChops.difference(a, b).getbbox() is None, name
