"""PDF: text page by page with pdfium (fast and faithful to reading order), and the tables of
pages that look like tables, read from the positions of pdfium's runs of text: lines by height,
columns by the spans of x the rows cover (ruled or not), wrapped cells joined; a table
continued at the top of the next page, with or without its header repeated, is joined to the
one before."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from scrutiny.errors import DocumentError
from scrutiny.ingest.document import AnchoredText, Page, Table
from scrutiny.ingest.readers.limits import Limits

_FIGURE = r"(?:[(\-–−]?£?\d[\d,]*(?:\.\d+)?(?:k|m)?\)?%?|[-–—])"  # a figure or a nil dash
_ONE_FIGURE = re.compile(_FIGURE)
_FIGURE_ENDS = frozenset(",km)%-–—−")  # the last character of a figure, or a digit (\d)
_MIN_RULES = 4  # path objects (cell borders) on a page with a ruled table [count]
_UNIT_HEADING = re.compile(r"\(?£\s?(?:['’]?000['’]?s?|k|m)?\)?")  # a money column's unit


def _clean(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").replace("\ufffe", "")


def read_pdf(source: str, data: bytes, limits: Limits) -> AnchoredText:
    """Every page's text; encrypted, corrupt or over-long PDFs are refused with one line."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise DocumentError(
                source, "the PDF is encrypted (password protected); remove the password first"
            ) from None
        raise DocumentError(
            source, f"not a readable PDF ({message.split(':')[-1].strip() or 'corrupt'})"
        ) from None
    try:
        n = len(pdf)
        if n > limits.max_pages:
            raise DocumentError(
                source,
                f"{n} pages, over the {limits.max_pages}-page limit (set SCRUTINY_MAX_DOCUMENT_PAGES)",
            )
        pages = []
        tables: list[Table] = []
        for i in range(n):
            page = pdf[i]
            textpage = page.get_textpage()
            raw_text = textpage.get_text_range()
            text = _clean(raw_text)
            pages.append(Page(i + 1, text))
            if _looks_like_table(text, page):
                lines = _lines(_segments(textpage, raw_text))
                for t, (grid, first) in enumerate(_page_tables(lines)):
                    above = [
                        " ".join(s[4] for s in line) for line in lines[max(0, first - 3) : first]
                    ]
                    _join(tables, tuple(grid), i + 1, "\n".join(above), t == 0 and first <= 1)
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return AnchoredText(source=source, pages=tuple(pages), paged=True, tables=tuple(tables))


def _looks_like_table(text: str, page: object) -> bool:
    """Three lines ending in two or more figures; or two so under a line ending in a unit
    ("2026/27 £000": a small table); or ruled cells with three lines ending in a figure, two
    ending in two, or two ending in one under a line ending in a unit ("£": a small table of
    one column of money). Only such pages are read for tables (reading the positions of words
    is slower)."""
    two = one = 0
    unit_heading = False
    for line in text.split("\n"):
        stripped = line.rstrip()
        last = stripped[-1:]
        if not last.isdecimal() and last not in _FIGURE_ENDS:
            if last == "£":
                unit_heading = True
            continue  # a figure or a dash ends only so (most lines of prose end in a letter)
        tail = stripped.rsplit(None, 2)
        if tail and _UNIT_HEADING.fullmatch(tail[-1]):
            unit_heading = True  # a header ending in its unit ("2026/27 £000")
            continue
        if len(tail) < 2 or not _ONE_FIGURE.fullmatch(tail[-1]):
            continue
        one += 1
        two += bool(_ONE_FIGURE.fullmatch(tail[-2]))
        if two >= 3:
            return True
    if two >= 2 and unit_heading:
        return True  # a small table: two rows of figures under a unit
    if one < 3 and two < 2 and not (one >= 2 and unit_heading):
        return False
    import pypdfium2.raw as pdfium_c

    raw = page.raw  # type: ignore[attr-defined]
    rules = 0
    for i in range(max(0, pdfium_c.FPDFPage_CountObjects(raw))):  # the page's own objects
        obj = pdfium_c.FPDFPage_GetObject(raw, i)
        if obj and pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_PATH:
            rules += 1
            if rules >= _MIN_RULES:
                return True
    return False


_PRINTED_LINE = re.compile(r"[^\r\n]+")
Run = tuple[float, float, float, float, str]


def _runs_by_line(textpage: object, text: str) -> list[Run] | None:
    """pdfium's runs of text with their boxes, found a printed line at a time: a line of one
    run (most lines of prose) is that run's text, with no lookup; in a line of several runs
    each run after the first is found by the position of its first character. None when the
    runs found do not follow the order of the text."""
    from ctypes import c_double

    import pypdfium2.raw as pdfium_c

    raw = textpage.raw  # type: ignore[attr-defined]
    count_rects, get_rect = pdfium_c.FPDFText_CountRects, pdfium_c.FPDFText_GetRect
    index_at = pdfium_c.FPDFText_GetCharIndexAtPos
    left, bottom, right, top = c_double(), c_double(), c_double(), c_double()
    runs: list[Run] = []
    for line in _PRINTED_LINE.finditer(text):
        lo, hi = line.span()
        n = count_rects(raw, lo, hi - lo)
        if n == 1:  # one run: the whole line, in order by itself
            if get_rect(raw, 0, left, top, right, bottom):
                runs.append((left.value, bottom.value, right.value, top.value, line.group()))
            continue
        boxes: list[tuple[float, float, float, float]] = []
        for i in range(max(0, n)):
            if get_rect(raw, i, left, top, right, bottom):
                boxes.append((left.value, bottom.value, right.value, top.value))
        starts = [lo]
        for x0, y0, x1, y1 in boxes[1:]:
            x, y = min(x1, x0 + 1.0), (y0 + y1) / 2
            # pdfium gives the first character whose box holds the point, else (with a
            # tolerance) the nearest: asked first without one, which is half the work, it
            # answers the same whenever a box holds the point, and -1 when none does.
            at = index_at(raw, x, y, 0.0, 0.0)
            starts.append(at if at >= 0 else index_at(raw, x, y, 1.0, 1.0))
        if not all(a < b for a, b in pairwise([*starts, hi])):
            return None
        runs.extend(
            (*box, text[a:b]) for box, a, b in zip(boxes, starts, [*starts[1:], hi], strict=False)
        )
    return runs


def _segments(textpage: object, text: str) -> list[tuple[float, float, float, float, str]]:
    """The page's runs of text with their boxes (left, bottom, right, top) [pt], pieces of one
    word split by the PDF (an apostrophe, a kerned letter) joined again. pdfium's runs follow
    the order of its characters, so each run's text is cut from the page text between the
    characters where consecutive runs start, found line by line (`_runs_by_line`), else by a
    lookup a run."""
    runs: Sequence[tuple[float, float, float, float, str | None]] | None
    runs = _runs_by_line(textpage, text)
    if runs is None:
        runs = _runs_by_position(textpage, text)
    out: list[Segment] = []
    for x0, y0, x1, y1, cut in runs:
        if cut is None:  # the run's text read from its box
            cut = textpage.get_text_bounded(x0, y0, x1, y1)  # type: ignore[attr-defined]
        piece = " ".join(cut.split())
        if not piece:
            continue
        if out:
            p0, p1, p2, p3, text_before = out[-1]
            height = p3 - p1
            same_line = abs((p1 + p3) / 2 - (y0 + y1) / 2) < height * 0.6
            if same_line and 0 <= x0 - p2 < max(1.0, height * 0.3):
                out[-1] = (p0, min(p1, y0), x1, max(p3, y1), f"{text_before}{piece}")
                continue
        out.append((x0, y0, x1, y1, piece))
    return out


def _runs_by_position(
    textpage: object, text: str
) -> list[tuple[float, float, float, float, str | None]]:
    """Every run of the page with the text between the characters where it and the next run
    start, each looked up by position; the text None for every run when those characters do
    not follow the order of the text (each run's text is then read from its box)."""
    import pypdfium2.raw as pdfium_c

    tp = textpage
    raw = tp.raw  # type: ignore[attr-defined]
    boxes = [tp.get_rect(i) for i in range(tp.count_rects())]  # type: ignore[attr-defined]
    starts = [
        pdfium_c.FPDFText_GetCharIndexAtPos(raw, min(x1, x0 + 1.0), (y0 + y1) / 2, 1.0, 1.0)
        for x0, y0, x1, y1 in boxes
    ]
    in_order = bool(starts) and starts[0] >= 0 and all(a < b for a, b in pairwise(starts))
    if not in_order:
        return [(*box, None) for box in boxes]
    return [
        (*box, text[a:b]) for box, a, b in zip(boxes, starts, [*starts[1:], len(text)], strict=True)
    ]


Segment = tuple[float, float, float, float, str]


def _lines(segments: list[Segment]) -> list[list[Segment]]:
    """Segments grouped into printed lines, top of the page first, each left to right."""
    lines: list[list[Segment]] = []
    for seg in sorted(segments, key=lambda s: (-(s[1] + s[3]) / 2, s[0])):
        mid = (seg[1] + seg[3]) / 2
        if lines:
            last = lines[-1][0]
            if abs((last[1] + last[3]) / 2 - mid) < max(1.0, (last[3] - last[1]) * 0.5):
                lines[-1].append(seg)
                continue
        lines.append([seg])
    for line in lines:
        line.sort(key=lambda s: s[0])
    return lines


_FIGURE_CELL = re.compile(_FIGURE + r"|£?\s?-")


def _is_figure_text(text: str) -> bool:
    cell = text.strip()
    # A unit printed in a cell of its own under the column's label ("£000") is not a figure.
    return bool(_FIGURE_CELL.fullmatch(cell)) and not _UNIT_HEADING.fullmatch(cell)


def _is_row(line: list[Segment]) -> bool:
    return len(line) >= 2 and any(_is_figure_text(s[4]) for s in line[1:])


def _close_above(line: list[Segment], below: list[Segment], body_height: float) -> bool:
    """`line` sits close above `below` and is in the table's type."""
    height = max(s[3] - s[1] for s in line)
    return _gap(line, below) < 2 * body_height and height <= 1.25 * body_height


def _labels_figures(
    line: list[Segment], below: list[Segment], figures_from: float, body_height: float
) -> bool:
    """`line` is a header line: close above, with words over the figures and no figure."""
    return (
        _close_above(line, below, body_height)
        and any(s[0] >= figures_from - 2 for s in line)
        and not any(_is_figure_text(s[4]) for s in line[1:])
    )


def _left_of(line: list[Segment], figures_from: float) -> bool:
    return all(s[2] < figures_from - 1 for s in line)


def _gap(upper: list[Segment], lower: list[Segment]) -> float:
    return min(s[1] for s in upper) - max(s[3] for s in lower)


def _wraps(line: list[Segment], below: list[Segment]) -> bool:
    """`line` and the line below are one cell's text: at a wrapped cell's line spacing."""
    return _gap(line, below) < 0.6 * max(s[3] - s[1] for s in line)


def _header_start(
    lines: list[list[Segment]], i: int, k: int, figures_from: float, body_height: float
) -> tuple[int, int, int]:
    """For the table whose first row of figures is line `k`: its first line, the first line
    after its header (lines close above, in the table's type, labelling the figures), and the
    first line of its first row. A cell wrapped over lines and printed at the foot of its
    cell puts its first lines just above the row's figures; a section heading between the
    header and the first row (one piece of words left of the figures) starts the body; a
    header line naming only the text columns sits under the line labelling the figures."""
    top = k
    while top > i and k - top < 4:
        line = lines[top - 1]
        if not (len(line) == 1 and _left_of(line, figures_from) and _wraps(line, lines[top])):
            break
        top -= 1
    first = body = top
    while first > i and top - first < 6:
        line, below = lines[first - 1], lines[first]
        if _labels_figures(line, below, figures_from, body_height):
            first -= 1
            continue
        if (
            first - 2 >= i
            and _left_of(line, figures_from)
            and _close_above(line, below, body_height)
            and _labels_figures(lines[first - 2], line, figures_from, body_height)
            and (len(line) >= 2 or first == top)
        ):
            if len(line) == 1:
                body = first - 1  # a section heading
            first -= 2
            continue
        break
    return first, body, top


def _page_tables(lines: list[list[Segment]]) -> list[tuple[list[tuple[str, ...]], int]]:
    """Tables on one page from the positions of its words: each a grid of cells and the index
    of its first line (for the text above it)."""
    found: list[tuple[list[tuple[str, ...]], int]] = []
    i = 0
    while i < len(lines):
        k = next((j for j in range(i, len(lines)) if _is_row(lines[j])), None)
        if k is None:
            break
        figures_from = min(s[0] for s in lines[k][1:] if _is_figure_text(s[4]))
        body_height = max(s[3] - s[1] for s in lines[k])
        first, body, top = _header_start(lines, i, k, figures_from, body_height)
        rows: list[list[Segment]] = [list(lines[j]) for j in range(first, top)]
        rows.append([s for j in range(top, k + 1) for s in lines[j]])
        pending: list[Segment] = []  # a cell's first lines, printed above its row's figures
        end = k + 1
        while end < len(lines):
            line, above = lines[end], lines[end - 1]
            gap = _gap(above, line)
            height = max(s[3] - s[1] for s in line)
            if len(line) >= 2 and (_is_row(line) or line[-1][0] >= figures_from - 1):
                rows.append(pending + list(line))
                pending = []
            elif len(line) == 1 and _left_of(line, figures_from):
                below = lines[end + 1] if end + 1 < len(lines) else None
                if (
                    gap < 0.6 * height
                    and rows
                    and not pending
                    and (below is None or gap <= _gap(line, below))
                ):
                    rows[-1].append(line[0])  # a wrapped cell continues
                elif below is not None and _wraps(line, below):
                    pending.append(line[0])  # a wrapped cell printed at the foot of its cell
                else:
                    rows.append(pending + list(line))  # a heading row inside the table
                    pending = []
            elif _text_row_within(lines, end, figures_from, body_height):
                rows.append(pending + list(line))  # a row printed without figures
                pending = []
            else:
                break
            end += 1
        if pending:
            rows.append(pending)
        grid = _grid(rows, first, body)
        if grid:
            found.append((grid, first))
        i = end
    return found


def _text_row_within(
    lines: list[list[Segment]], i: int, figures_from: float, body_height: float
) -> bool:
    """Line `i` is a row of the table with its figures left blank: its words all left of the
    figures, at the table's row spacing from the line above, and a row with figures next."""
    line = lines[i]
    if i + 1 >= len(lines) or not _left_of(line, figures_from):
        return False
    above, below = lines[i - 1], lines[i + 1]
    spacing = max(_gap(above, line), _gap(line, below))
    return _is_row(below) and spacing < 1.5 * body_height


def _grid(rows: list[list[Segment]], first: int, k: int) -> list[tuple[str, ...]]:
    """Cells by column: columns are the spans of x the body's segments cover, apart from each
    other; a header segment over several columns labels each."""
    body = [s for row in rows[k - first :] for s in row]
    spans: list[list[float]] = []
    for x0, _y0, x1, _y1, _t in sorted(body, key=lambda s: s[0]):
        if spans and x0 <= spans[-1][1] + 1:
            spans[-1][1] = max(spans[-1][1], x1)
        else:
            spans.append([x0, x1])
    if len(spans) < 2:
        return []
    grid: list[tuple[str, ...]] = []
    numbered = list(enumerate(spans))
    for n, row in enumerate(rows):
        cells = [""] * len(spans)
        for x0, _y0, x1, _y1, text in row:
            # overlapping or within 1 pt: min(b, x1) - max(a, x0) > -1, without the calls
            hit = [
                j for j, (a, b) in numbered if (x1 if x1 < b else b) - (x0 if x0 > a else a) > -1
            ] or [min(range(len(spans)), key=lambda j: abs(spans[j][0] - x0))]
            targets = hit if n < k - first else hit[:1]
            for j in targets:
                cells[j] = f"{cells[j]} {text}".strip()
        grid.append(tuple(cells))
    return grid


def _join(
    found: list[Table],
    grid: tuple[tuple[str, ...], ...],
    page: int,
    context: str,
    first_on_page: bool,
) -> None:
    """Add a page's table, or continue the table of the page before (same columns, at the top
    of this page), dropping its header when repeated."""
    previous = found[-1] if found else None
    if (
        first_on_page
        and previous is not None
        and previous.row_pages
        and previous.row_pages[-1] == page - 1
        and len(previous.rows[0]) == len(grid[0])
    ):
        more = grid[1:] if grid[0] == previous.rows[0] else grid
        found[-1] = Table(
            previous.number,
            previous.rows + more,
            previous.page,
            previous.context,
            previous.row_pages + (page,) * len(more),
        )
    else:
        found.append(Table(len(found) + 1, grid, page, context, (page,) * len(grid)))
