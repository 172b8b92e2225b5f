"""The report as one self-contained HTML file (Jinja2): styles inline, charts as SVG data URIs.

The same markup, with a print stylesheet added, is what WeasyPrint turns into the PDF.
"""

from __future__ import annotations

import base64
import dataclasses
from functools import cache
from importlib import resources
from pathlib import Path

import jinja2

from scrutiny.domain.money import format_gbp_rounded
from scrutiny.domain.vocab import Question
from scrutiny.reports import charts
from scrutiny.reports.atomic import write_atomically
from scrutiny.reports.chart_specs import ChartSpec
from scrutiny.reports.view import QUESTION_SHORT, WHOLE, Part, ReportContext
from scrutiny.reports.wording import input_words, money, percent


def _template_text(name: str) -> str:
    return resources.files("scrutiny.reports").joinpath("templates", name).read_text("utf-8")


def _chart_uri(chart: ChartSpec) -> str:
    data = base64.b64encode(charts.render(chart, "svg")).decode("ascii")
    return f"data:image/svg+xml;base64,{data}"


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text).lower()


def css_string(text: str) -> str:
    """`text` as a quoted CSS string: quotes, backslashes and control characters (line breaks
    among them) escaped, so the string ends where it should and reads back as `text`."""
    return '"' + "".join(_CSS_ESCAPES.get(ch, ch) for ch in text) + '"'


_CSS_ESCAPES = {
    **{chr(i): f"\\{i:x} " for i in (*range(1, 0x20), 0x7F)},
    '"': '\\"',
    "\\": "\\\\",
}


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
        money=money,
        money_or_dash=lambda v: money(v) if v else "—",
        rounded=lambda v: "—" if v is None else format_gbp_rounded(v),
        pct=percent,
        slug=_slug,
        words=input_words,
        chart_uri=_chart_uri,
        css_string=css_string,
    )
    env.tests["startswith_inputs"] = lambda s: str(s).startswith("model.inputs.")
    return env


def render_html(
    ctx: ReportContext, *, for_print: bool = False, part: Part = WHOLE, css: str = ""
) -> str:
    """The report's markup; `for_print` adds the paged-media stylesheet used for the PDF, `part`
    says which parts of the report to show (all of it by default), `css` is added last."""
    sheet = _template_text("report.css")
    if for_print:
        sheet += "\n" + _template_text("print.css")
    if css:
        sheet += "\n" + css
    if part.proposals is None:
        part = dataclasses.replace(part, proposals=ctx.proposals)
    template = environment().get_template("report.html.j2")
    return template.render(
        c=ctx, css=sheet, part=part, questions=list(Question), question_short=QUESTION_SHORT
    )


def write_html(ctx: ReportContext, path: Path) -> Path:
    text = render_html(ctx)

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    return write_atomically(path, write)
