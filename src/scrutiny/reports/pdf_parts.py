"""A long printed report laid out in parts, in parallel, and joined into one PDF.

WeasyPrint lays out one document on one core, and a register of 40 proposals runs to about 170
pages. The summary, every proposal and each appendix start on a new page, so the report splits
there into documents that lay out exactly as they would inside the whole:

- **parts**: the summary (executive summary, register and comparison; `SUMMARY`), and runs of
  proposal sections (the last one with the appendices; `plan`), each laid out by its own process
  (`render_part`) with no running header or footer. Each starts with an empty page marking the
  origin of the content area, so its first section, like every other, follows a forced page
  break; that page is left out of the report.
- **the front**: the cover and contents, followed by one empty *stub* page for every page of the
  parts (`render_front`). A stub carries, at the same places, the anchors and bookmarks of the
  page it stands for. WeasyPrint therefore numbers the contents, the links, the bookmarks and the
  running header and footer ("Page 7 of 179") for the whole report, itself, in one document.
  Being short, it is laid out last, once the parts have sent their marks.

`join` then draws each part's page onto its stub page (pikepdf), and copies the page's links.
The result has the pages, text, numbering, contents, links and bookmarks of the report laid out
as one document; only the order of text inside a page differs (the header and footer come first).
"""

from __future__ import annotations

import io
import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
from multiprocessing.queues import Queue
from pathlib import Path
from typing import TYPE_CHECKING

from scrutiny.reports import charts
from scrutiny.reports.atomic import write_atomically
from scrutiny.reports.html import render_html
from scrutiny.reports.pdf import collecting_less, pdf_options, quiet
from scrutiny.reports.view import Mark, Part, ProposalSection, ReportContext

if TYPE_CHECKING:
    from weasyprint.document import Page

SPLIT_FROM = 12
"""Fewest proposals for which the printed report is laid out in parts [count]. Each part costs
a process and the front document an empty page per page of the parts (about 10 ms each); below
a dozen proposals (about 55 pages) one document is as quick."""

BODY_CSS = (
    "@page { @top-right { content: none; } @bottom-center { content: none; } }\n"
    "#pdf-origin { break-after: page; }"
)
"""A part prints no running header or footer (its stub pages in the front document do), and its
content starts after a forced page break, as in the whole report."""
STUB_CSS = (
    ".pdf-stub { break-before: page; position: relative; height: 0; }\n"
    ".pdf-mark { position: absolute; width: 0; height: 0; }"
)
_LINK = re.compile(r'href="#([^"]+)"')  # a link within the report, in the report's markup
_ID = re.compile(r'id="([^"]+)"')  # an anchor
ORIGIN = "pdf-origin"
"""The id of the empty element at the top left of a part's content area."""


@dataclass(frozen=True)
class PartResult:
    """A part laid out: its PDF (the origin page first), the anchors and bookmarks of each of
    its other pages (to carry onto the stubs), and the charts it drew, saved, for the other
    formats to reuse."""

    pdf: bytes
    pages: tuple[tuple[Mark, ...], ...]
    charts: tuple[tuple[charts.ChartSpec, str, bytes], ...]


def plan(ctx: ReportContext, pieces: int) -> list[Part]:
    """The proposal parts for laying out `ctx` in `pieces` processes (the `SUMMARY` is another);
    empty when one document will do.

    Proposals are shared out in order, in runs of nearly equal weight, the appendices counting
    as one proposal.
    """
    proposals = ctx.proposals
    if pieces < 2 or len(proposals) < SPLIT_FROM:
        return []
    weights = [_weight(p) for p in proposals]
    total = sum(weights) + 1.0  # the appendices
    parts: list[Part] = []
    start, done = 0, 0.0
    for k in range(1, pieces):
        goal = total * k / pieces
        end = start
        while end < len(proposals) - 1 and done + weights[end] / 2 < goal:
            done += weights[end]
            end += 1
        if end > start:
            parts.append(_body(proposals[start:end], opens=start == 0, appendix=False))
            start = end
    parts.append(_body(proposals[start:], opens=start == 0, appendix=True))
    return parts if len(parts) > 1 else []


SUMMARY = Part(cover=False, body=False, appendix=False, origin=True)
"""The part with the executive summary, the register and the comparison."""


def _weight(p: ProposalSection) -> float:
    """Rough layout cost of a proposal's section [proposals]: charts cost the most."""
    return 1.0 + 0.25 * len(p.charts)


def _body(proposals: Sequence[ProposalSection], *, opens: bool, appendix: bool) -> Part:
    return Part(
        cover=False,
        summary=False,
        proposals=tuple(proposals),
        opens_proposals=opens,
        appendix=appendix,
        origin=True,
    )


Message = tuple[Hashable, str, object]
"""What a process laying out parts sends early: (tag, ``"marks"`` or ``"charts"``, payload)."""

_channel: Queue[Message] | None = None
"""Where this process sends what it has of a part before the part is done (see `listen`)."""


def listen(channel: Queue[Message]) -> None:
    """Send what is known of every part this process lays out to `channel` as soon as it is
    known, tagged as asked: first the charts (so the HTML and Word files need not wait for the
    PDF), then the marks once laid out (so the front can be laid out while the parts are
    painted). Set in each process of a pool."""
    global _channel
    _channel = channel
    # What nobody reads (sent by a part that ended first) must not keep this process alive.
    channel.cancel_join_thread()


def render_part(
    ctx: ReportContext, part: Part, *, png: bool = False, tag: Hashable = None
) -> PartResult:
    """Lay out one part and write its PDF (in another process, for a proposal part).

    `png` also saves its charts as PNG, for a Word report of the same results. With a `tag`, the
    charts and then the marks are also sent to the channel given to `listen` as soon as known.
    """
    import weasyprint

    quiet()
    with collecting_less():
        html = render_html(ctx, for_print=True, part=part, css=BODY_CSS)  # draws the charts
        elsewhere = sorted(set(_LINK.findall(html)) - set(_ID.findall(html)))
        if elsewhere:
            part = replace(part, elsewhere=tuple(elsewhere))
            html = render_html(ctx, for_print=True, part=part, css=BODY_CSS)
        specs = _charts(ctx, part)
        drawn = [(spec, "svg", charts.render(spec, "svg")) for spec in specs]
        if png:
            drawn += [(spec, "png", charts.render(spec, "png")) for spec in specs]
        _send(tag, "charts", tuple(drawn))
        document = weasyprint.HTML(string=html, base_url=".").render()
        marks = _marks(document.pages)
        _send(tag, "marks", marks)
        pdf = document.write_pdf(**pdf_options(ctx))
    return PartResult(pdf=pdf, pages=marks, charts=tuple(drawn))


def _charts(ctx: ReportContext, part: Part) -> list[charts.ChartSpec]:
    """The charts a part shows."""
    specs = [spec for p in part.proposals or () for spec in p.charts]
    if part.summary:
        specs += ctx.portfolio_charts
        if ctx.comparison is not None and ctx.comparison.chart is not None:
            specs.append(ctx.comparison.chart)
    return specs


def _send(tag: Hashable, kind: str, payload: object) -> None:
    if tag is not None and _channel is not None:
        _channel.put((tag, kind, payload))


def _marks(pages: Sequence[Page]) -> tuple[tuple[Mark, ...], ...]:
    """The anchors and bookmarks of each page after the first (the origin page), placed from
    the origin. An element over several pages is anchored on its first, as WeasyPrint does."""
    ox, oy, *_ = pages[0].anchors[ORIGIN]
    seen = {ORIGIN}
    out = []
    for page in pages[1:]:
        marks = []
        for name, (x, y, *_) in page.anchors.items():
            if name not in seen:
                seen.add(name)
                marks.append(Mark(x=round(x - ox, 3), y=round(y - oy, 3), anchor=name))
        for level, label, (x, y), state in page.bookmarks:
            marks.append(
                Mark(
                    x=round(x - ox, 3),
                    y=round(y - oy, 3),
                    level=level,
                    label=label,
                    closed=state == "closed",
                )
            )
        out.append(tuple(marks))
    return tuple(out)


def render_front(
    ctx: ReportContext, parts: Sequence[tuple[tuple[Mark, ...], ...]]
) -> tuple[bytes, int]:
    """The front document with a stub page for each page of the parts, given by their marks;
    its PDF and the number of pages before the stubs."""
    import weasyprint

    quiet()
    stubs = tuple(page for part in parts for page in part)
    front = Part(summary=False, body=False, appendix=False, stubs=stubs)
    html = render_html(ctx, for_print=True, part=front, css=STUB_CSS)
    with collecting_less():
        document = weasyprint.HTML(string=html, base_url=".").render()
        pdf = document.write_pdf(**pdf_options(ctx))
    own = len(document.pages) - len(stubs)
    if own < 1:
        raise RuntimeError(f"the front has {len(document.pages)} pages for {len(stubs)} stub pages")
    for k, stub in enumerate(stubs):  # each stub is one page, in order
        anchor = next((m.anchor for m in stub if m.anchor), None)
        if anchor is not None and anchor not in document.pages[own + k].anchors:
            raise RuntimeError(f"the stub page for #{anchor} is not page {own + k + 1}")
    return pdf, own


def join(front: bytes, own: int, parts: Sequence[PartResult], path: Path) -> Path:
    """Draw each page of `parts` onto its stub page of `front`; write the result to `path`."""
    import pikepdf

    def write(tmp: Path) -> None:
        with pikepdf.open(io.BytesIO(front)) as pdf:
            at = own
            for part in parts:
                with pikepdf.open(io.BytesIO(part.pdf)) as body:
                    for page in body.pages[1:]:  # after the origin page
                        stub = pdf.pages[at]
                        # As a form sharing the part's resources (WeasyPrint gives every page
                        # the same ones), so they are copied once, not into every page.
                        form = page.as_form_xobject()
                        form.Resources = page.obj.Resources
                        stub.add_overlay(pdf.copy_foreign(form), None)
                        links = [
                            pdf.copy_foreign(body.make_indirect(annot))
                            for annot in page.obj.get("/Annots", [])
                        ]
                        if links and "/Annots" in stub.obj:
                            stub.obj.Annots.extend(links)
                        elif links:
                            stub.obj.Annots = pikepdf.Array(links)
                        at += 1
            pdf.save(tmp, object_stream_mode=pikepdf.ObjectStreamMode.generate)

    return write_atomically(path, write)


def prime_charts(drawn: Sequence[tuple[charts.ChartSpec, str, bytes]]) -> None:
    """Keep charts drawn by the parts, so the other formats do not draw them again."""
    for spec, fmt, data in drawn:
        charts.remember(spec, fmt, data)


def write_in_parts(ctx: ReportContext, parts: Sequence[PartResult], path: Path) -> Path:
    """The whole PDF from its parts, already laid out, in order: the front, then the join."""
    front, own = render_front(ctx, [part.pages for part in parts])
    return join(front, own, parts, path)
