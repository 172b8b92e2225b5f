"""The report as one self-contained HTML file (Jinja2): styles inline, charts as SVG data URIs.

The same markup, with a print stylesheet added, is what WeasyPrint turns into the PDF.
"""

from __future__ import annotations

import base64
from functools import cache
from importlib import resources
from pathlib import Path

import jinja2

from scrutiny.domain.money import format_gbp_rounded
from scrutiny.domain.vocab import Question
from scrutiny.reports import charts
from scrutiny.reports.atomic import write_atomically
from scrutiny.reports.chart_specs import ChartSpec
from scrutiny.reports.view import QUESTION_SHORT, ReportContext
from scrutiny.reports.wording import field_name, percent


def _template_text(name: str) -> str:
    return resources.files("scrutiny.reports").joinpath("templates", name).read_text("utf-8")


def _chart_uri(chart: ChartSpec) -> str:
    data = base64.b64encode(charts.render(chart, "svg")).decode("ascii")
    return f"data:image/svg+xml;base64,{data}"


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text).lower()


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(_template_text),
        autoescape=True,
        trim_blocks=False,
        lstrip_blocks=False,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        rounded=lambda v: "—" if v is None else format_gbp_rounded(v),
        rounded_or_dash=lambda v: format_gbp_rounded(v) if v else "—",
        pct=percent,
        slug=_slug,
        field_name=field_name,
        chart_uri=_chart_uri,
    )
    env.tests["startswith_inputs"] = lambda s: str(s).startswith("model.inputs.")
    return env


def render_html(ctx: ReportContext, *, for_print: bool = False, css: str = "") -> str:
    """The report's markup; `for_print` adds the paged-media stylesheet used for the PDF, `css`
    is added last."""
    sheet = _template_text("report.css")
    if for_print:
        sheet += "\n" + _template_text("print.css")
    if css:
        sheet += "\n" + css
    template = environment().get_template("report.html.j2")
    return template.render(
        c=ctx, css=sheet, questions=list(Question), question_short=QUESTION_SHORT
    )


def write_html(ctx: ReportContext, path: Path) -> Path:
    text = render_html(ctx)

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    return write_atomically(path, write)
