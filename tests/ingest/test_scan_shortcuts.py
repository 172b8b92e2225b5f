"""Shortcuts that make reading faster find exactly what the plain scans find: a cheaper
sentence-break pattern, scans skipped when the words they need are not in the text, a PDF
page's lines tested for a figure only when they end in a character a figure can end in, and
its runs of text found line by line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ingest_documents import make_table_pdf

from scrutiny.ingest.extract import (
    context,
    kinds,
    money,
    percentages,
    proposals,
    references,
    session,
    tables,
    workforce,
    years,
)
from scrutiny.ingest.extract.context import (
    _CLAUSE_END,
    _SENTENCE_END,
    Segments,
    _is_abbreviation,
    clause_bounds,
)
from scrutiny.ingest.extract.numbers import WORDS
from scrutiny.ingest.extract.patterns import factored_alternation, matches_at
from scrutiny.ingest.extract.references import _MTFS
from scrutiny.ingest.readers import pdf as pdf_reader
from scrutiny.ingest.readers.pdf import _FIGURE_ENDS, _ONE_FIGURE, Segment

# The sentence-break pattern as it was, with the terminator looked behind for.
_LOOKBEHIND = re.compile(_SENTENCE_END.pattern.replace(r"[.!?](?P<gap>\s+)", r"(?<=[.!?])\s+", 1))

_PIECES = st.sampled_from(
    [
        ". ",
        ".\n",
        "!  ",
        "? ",
        "\n\n",
        "\n",
        " ",
        "\t",
        "approx. ",
        "e.g. ",
        "Members",
        "the",
        "(",
        '"',
        "£1.5m",
        "12",
        "1. ",
        "a) ",
        "(iv) ",
        "• ",
        "- ",
        "x",
        "Q",
        "3 caseloads per social worker",
        "caseloads of 18",
        "CAſELOAD averaging 21",
        "per FTE",
        "15 cases per\nworker",
        "12% vacancy",
        "Agency",
        "2024/25 SAV CYP 01",
        "SAV",
        "Two",
        "ſix",
        "FTE",
        "posts",
        "social workers",
        "redundancies",
        "4.5",
        "Proposals for achieving savings include",
        "SAVINGS OPTIONS ARE",
        "ſavings",
        "optıons",
        "PROPOSAL",
        "fıve",
        "signposts",
        "antisocial workers",
        "xfte",
        "VR/ER",
        "full-time equivalents",
        "_",
        "Councillors asked",
        "The Committee concluded",
        "THE PANEL were reassured",
        "members queried",
        "2024/25",
        "1",
        "/",
        "2019 - 20",
        "20-21",
        "5 per cent",
        "7%",
        "are",
        ":",
        ";",
        " - ",
        "\u2013",
        "—",
        "-",
    ]
)


def _breaks_as_before(text: str) -> list[tuple[int, int]]:
    return [
        (m.start(), m.end())
        for m in _LOOKBEHIND.finditer(text)
        if not _is_abbreviation(text, m.start())
    ]


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_sentence_breaks_are_those_of_the_look_behind_pattern(text: str) -> None:
    segments = Segments(text)
    assert list(zip(segments._sb_start, segments._sb_end, strict=True)) == _breaks_as_before(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_skipped_scans_could_have_found_nothing(text: str) -> None:
    lowered = text.lower()
    if workforce._CASELOAD_RE.search(text):
        assert workforce._PER_WORKER.search(lowered)
    if workforce._CASELOAD_OF_RE.search(text):
        assert "caseload" in lowered or "ſ" in text or len(lowered) != len(text)
    if workforce._RATE_RE.search(text) or workforce._RATE_BEFORE_RE.search(text):
        assert "vacanc" in lowered or "agency" in lowered
    if _MTFS.search(text):
        assert "SAV" in text
    for pattern in (workforce._STAFF_RE, workforce._FTE_RE, workforce._REDUNDANCY_RE):
        m = pattern.search(text)
        if m and len(lowered) == len(text):
            assert workforce._MAY_COUNT.search(lowered, m.start(), m.end())


def test_the_old_pattern_is_rebuilt_and_the_shortcuts_find_things() -> None:
    assert _LOOKBEHIND.pattern != _SENTENCE_END.pattern and "(?<=[.!?])" in _LOOKBEHIND.pattern
    intro = "Table.\nThe ſavings optıons ARE:\n- one\nPROPOSALS FOR MAKING SAVINGS INCLUDE;\n"
    assert len(list(proposals._list_intros(intro))) == 2


@settings(max_examples=300, deadline=None)
@given(st.from_regex(_ONE_FIGURE, fullmatch=True))
def test_every_figure_ends_in_a_character_the_table_check_looks_for(figure: str) -> None:
    assert figure[-1].isdecimal() or figure[-1] in _FIGURE_ENDS


def test_runs_found_line_by_line_are_those_found_by_position(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A table page's runs of text, read a line at a time from its words' boxes, are the runs
    that looking up each run's first character by position gives."""
    import pypdfium2 as pdfium

    from scrutiny.ingest.readers import pdf as reader

    rows = [["Ref", "Description of the saving", "2026/27 £'000", "2027/28 £'000", "Total"]] + [
        [f"CS-{i:02d}", f"Children's review {i} (phase {i % 3})", f"({i * 7:,})", "–", "£1.5m"]
        for i in range(1, 30)
    ]
    path = make_table_pdf(tmp_path / "t.pdf", "Appendix 2: savings – detail (£000)", rows)
    pdf = pdfium.PdfDocument(str(path))
    try:
        for i in range(len(pdf)):
            textpage = pdf[i].get_textpage()
            text = textpage.get_text_range()
            assert reader._runs_by_line(textpage, text) is not None
            by_line = reader._segments(textpage, text)
            with monkeypatch.context() as m:
                m.setattr(reader, "_runs_by_line", lambda _tp, _text: None)
                by_position = reader._segments(textpage, text)
            assert by_line == by_position and len(by_line) > 30
    finally:
        pdf.close()


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_list_intros_in_lower_case_are_those_of_the_case_blind_search(text: str) -> None:
    found = [m.span() for m in proposals._list_intros(text)]
    assert found == [m.span() for m in proposals._LIST_INTRO.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_head_nouns_are_those_a_look_behind_search_finds(text: str) -> None:
    lowered = text.lower()
    for head in (workforce._STAFF_HEAD, workforce._FTE_HEAD, workforce._REDUNDANCY_HEAD):
        looking_behind = re.compile(r"(?<![\w])" + head.pattern)
        found = [m.span() for m in workforce._heads(head, lowered)]
        assert found == [m.span() for m in looking_behind.finditer(lowered)]
        assert found == [m.span() for m in workforce._heads_at_words(head, lowered)]


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_only_sentences_starting_like_the_committee_are_questions_or_conclusions(text: str) -> None:
    sentence = text.lstrip()
    if session._ASKED.match(sentence) or session._CONCLUDED.match(sentence):
        assert sentence[:1] in session._WHO_FIRST


_FY_LOOKING_BEHIND = re.compile(r"(?<![\d/])((?:19|20)\d{2})\s?[/\-–]\s?((?:19|20)?\d{2})(?![\d/])")


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_financial_years_and_percentages_are_found_as_before(text: str) -> None:
    found = [(m.span(), m.groups()) for m in years._FY.finditer(text)]
    assert found == [(m.span(), m.groups()) for m in _FY_LOOKING_BEHIND.finditer(text)]
    if percentages._PCT.search(text):
        assert percentages.find_percentages(text)


_MINUTES = st.sampled_from(
    [
        "Members asked about costs",
        "Councillors queried",
        "the Panel raised concerns",
        "The Director of Children's Services explained that",
        "the Head of Service ſaid",
        "The Cabinet Member EXPLAINED",
        "It was ıt was confirmed",
        "It was noted",
        "Members heard that",
        "The Committee were told",
        "The Sub-Committee concluded",
        "THE PANEL were reassured",
        "Conclusions:\n",
        "1. ",
        "2) ",
        "CS-SAV-07 ",
        "İ",
        "the",
        "officer",
        "responded",
        ". ",
        ".\n",
        "\n",
        " ",
        ", and ",
        "; ",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_MINUTES, max_size=25).map("".join))
def test_minutes_read_only_on_lines_with_cue_words_are_those_read_on_every_line(
    text: str,
) -> None:
    assert session._draft_session(text, every_line=False) == session._draft_session(
        text, every_line=True
    )


def test_lines_without_cue_words_are_skipped_and_lines_with_them_are_read() -> None:
    text = "Officers set out the plan.\nMembers aſked about costs. The Director ſaid no.\n"
    assert session._cue_starts(text) == [35, 67]
    assert session._cue_starts("Officers ASKED; it was noted and said.") == [9, 23, 33]
    drafted = session.draft_session(text)
    assert drafted.questions[0].answers[0].by == "The Director"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text("abc", min_size=1, max_size=4), min_size=1, max_size=8),
    st.text("abc", max_size=5),
)
def test_a_factored_alternation_matches_exactly_its_words(words: list[str], probe: str) -> None:
    pattern = re.compile(factored_alternation(words))
    assert all(pattern.fullmatch(word) for word in words)
    assert bool(pattern.fullmatch(probe)) == (probe in words)


_CODES = st.sampled_from(
    [
        "CS-SAV-07",
        "CSC/SAV/03",
        "SAV-CS-2025-01",
        "2025/26-CS-03",
        "CYP-24-01",
        "24-CYP-01",
        "CF1-A",
        "AB12-3C",
        "SSHH 540",
        "S25-5N",
        "A&B 12",
        "C16",
        "(C17)",
        "CS/21/13",
        "KS2-4",
        "2024-28 SAV CYPE 001",
        "A",
        "Q",
        "7",
        "2026",
        "-",
        "/",
        "&",
        ".",
        " ",
        "\n",
        " – Savings from a review",
        "saving of £120,000",
        "proposal",
        "Savings Programme (SP23)",
        "through a staffing review",
        "x",
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_CODES, max_size=25).map("".join))
def test_codes_searched_near_capitals_and_digits_are_those_of_the_whole_text(text: str) -> None:
    assert references._reference_spans(text, windows=True) == references._reference_spans(
        text, windows=False
    )


def test_codes_side_by_side_are_each_found_near_their_windows() -> None:
    text = (
        "£100,000 through a staffing review (C16) and a review of short breaks (C17).\n"
        + " " * 90
        + "SSHH 540 – Savings arising from fewer children looked after."
    )
    found = [code for code, _s, _e in references._reference_spans(text)]
    assert found == [code for code, _s, _e in references._reference_spans(text, windows=False)]
    assert found == ["C16", "C17", "SSHH 540"]


# The cue-word starts as they were: a flat alternation of the three-letter starts.
_FLAT_WORD = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(sorted(map(re.escape, kinds._CUE_TABLE), key=len, reverse=True))
    + ")"
)
_PROSE = st.sampled_from(
    [
        "overspend",
        "Over spent",
        "savings",
        "ſavings",
        "in-year pressures",
        "non-savings",
        "reduce costs",
        "Grant",
        "the",
        "budget",
        "-",
        " ",
        "\n",
        ".",
        "£1.2m",
        "x",
        "İncome",
        "DfE funding",
        "cuts",
        "reductıon in funding",
        "REDUCTION OF grant",
        "change",
        "service pressures",
        "overrun",
        "unit costs",
        "positive movement",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PROSE, max_size=25).map("".join))
def test_cue_words_found_by_the_factored_starts_are_those_of_the_flat_alternation(
    text: str,
) -> None:
    lowered = text.lower()
    assert [m.start() for m in kinds._WORD_BY_THREE.finditer(lowered)] == [
        m.start() for m in _FLAT_WORD.finditer(lowered)
    ]
    assert [m.start() for m in kinds._WORD_ANY_CASE.finditer(text)] == [
        m.start() for m in re.compile(_FLAT_WORD.pattern, re.I).finditer(text)
    ]


@settings(max_examples=400, deadline=None)
@given(st.lists(_PROSE, max_size=25).map("".join))
def test_cues_tried_only_at_words_with_their_letters_are_those_tried_at_every_start(
    text: str,
) -> None:
    assert kinds._all_cues.__wrapped__(text) == kinds._all_cues.__wrapped__(text, by_start=False)


def test_every_cue_phrase_starts_with_letters_the_word_scan_looks_for() -> None:
    assert all(len(start) >= 3 and start[:3] in kinds._CUE_TABLE for start in kinds._CUE_STARTS)
    _starts, found = kinds._all_cues.__wrapped__("A reductıon in funding and service pressures.")
    assert [kind for _s, _e, kind, _p in found] == ["grant", "overspend"]


_CLAUSE_AS_BEFORE = re.compile(r"[;:](?=\s)|\s[–—-]\s")


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_clause_breaks_are_those_of_the_two_alternatives(text: str) -> None:
    assert [m.span() for m in _CLAUSE_END.finditer(text)] == [
        m.span() for m in _CLAUSE_AS_BEFORE.finditer(text)
    ]
    assert _CLAUSE_END.pattern != _CLAUSE_AS_BEFORE.pattern


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_list_intros_tried_at_their_first_words_are_those_of_the_scan(text: str) -> None:
    lowered = text.lower()
    assert [m.span() for m in proposals._intros_at_words(lowered)] == [
        m.span() for m in proposals._LIST_INTRO_LOWER.finditer(lowered)
    ]


def _grid_as_before(rows: list[list[Segment]], first: int, k: int) -> list[tuple[str, ...]]:
    """The cells of a PDF table as they were placed with min() and max() calls."""
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
    for n, row in enumerate(rows):
        cells = [""] * len(spans)
        for x0, _y0, x1, _y1, text in row:
            hit = [j for j, (a, b) in enumerate(spans) if min(b, x1) - max(a, x0) > -1] or [
                min(range(len(spans)), key=lambda j: abs(spans[j][0] - x0))
            ]
            for j in hit if n < k - first else hit[:1]:
                cells[j] = f"{cells[j]} {text}".strip()
        grid.append(tuple(cells))
    return grid


_EDGES = st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.0, 10.0, 10.999, 11.0, 11.001, 12.0, 30.0, 60.5])


@st.composite
def _segment_rows(draw: st.DrawFn) -> tuple[list[list[Segment]], int, int]:
    rows = []
    for r in range(draw(st.integers(1, 5))):
        row = []
        for c in range(draw(st.integers(1, 4))):
            x0 = draw(_EDGES) + 40 * draw(st.integers(0, 3))
            x1 = x0 + draw(st.sampled_from([0.0, 0.5, 1.0, 9.0, 25.0, 45.0]))
            row.append((x0, 100.0 - 10 * r, x1, 108.0 - 10 * r, f"r{r}c{c}"))
        rows.append(row)
    k = draw(st.integers(0, len(rows) - 1))
    return rows, 0, k


@settings(max_examples=400, deadline=None)
@given(_segment_rows())
def test_pdf_table_cells_are_placed_as_the_min_and_max_calls_placed_them(
    case: tuple[list[list[Segment]], int, int],
) -> None:
    rows, first, k = case
    assert pdf_reader._grid(rows, first, k) == _grid_as_before(rows, first, k)


def _period_as_before(text: str, start: int, end: int) -> str | None:
    """The period of an amount with each period's pattern tried in turn."""
    c0, c1 = clause_bounds(text, start, end)
    after = text[end : min(c1, end + 40)]
    for pattern, label in years._PERIODS:
        if pattern.match(after.lstrip()) or pattern.search(after[:20]):
            return label
    m = years._OVER.search(after)
    if m:
        n = m.group(1).lower()
        return f"over {years._WORD_NUMBERS.get(n, n)} years"
    all_years, _starts = years._years_of(text)
    found = [y for y in all_years if y[1] >= c0 and y[2] <= c1]
    if found:
        later = [y for y in found if y[1] >= end]
        return (later[0] if later else found[-1])[0]
    before = text[max(c0, start - 60) : start]
    for pattern, label in years._PERIODS:
        if pattern.search(before):
            return label
    return None


_PERIOD_PIECES = st.sampled_from(
    [
        "£1.5m",
        " ",
        "\n",
        "per annum",
        "PER WEEK",
        "a year",
        "p.a.",
        "pa",
        "one-off",
        "non-recurrent",
        "monthly",
        "a month",
        "over two years",
        "over the next 3 years",
        "ongoing",
        "annually",
        "2024/25",
        "in",
        "the saving",
        ". ",
        "; ",
        "x",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PERIOD_PIECES, max_size=20).map("".join))
def test_periods_found_after_one_scan_for_any_are_those_of_each_pattern_in_turn(
    text: str,
) -> None:
    for m in re.finditer(r"£1\.5m", text):
        assert years.period_for(text, m.start(), m.end()) == _period_as_before(
            text, m.start(), m.end()
        )


def test_a_period_is_found_as_before_and_where_no_period_is_written_none() -> None:
    text = "A saving of £1.5m per annum; a grant of £1.5m one-off. The cost was £1.5m."
    spans = [m.span() for m in re.finditer(r"£1\.5m", text)]
    assert [years.period_for(text, a, b) for a, b in spans] == ["per annum", "one-off", None]


@settings(max_examples=600, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_clause_breaks_found_from_their_marks_are_those_of_the_pattern(text: str) -> None:
    assert context._clause_breaks(text) == [m.span() for m in _CLAUSE_END.finditer(text)]


def test_dashes_sharing_a_space_are_one_clause_break_as_the_pattern_finds() -> None:
    text = "a - - b; c:d \u2013 e\u2014 f\n-\tg"
    assert context._clause_breaks(text) == [m.span() for m in _CLAUSE_END.finditer(text)]
    assert context._clause_breaks(text) == [(1, 4), (7, 8), (12, 15), (19, 22)]


_MONEY_PIECES = st.sampled_from(
    [
        *("£", "GBP", "gbp ", "Gbp", "g", "G", "B", "£1.5m", "1", "2,000", "-", " to ", "k"),
        *("million", " ", "\n", "(", ")", ".", "bn", "K", "\u212a", "\u0130", "x", "m"),
    ]
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_MONEY_PIECES, max_size=25).map("".join))
def test_amounts_tried_only_at_their_signs_are_those_of_the_scan(text: str) -> None:
    assert [m.span() for m in money._amount_matches(text)] == [
        m.span() for m in money._AMOUNT.finditer(text)
    ]


def test_matches_tried_at_given_starts_pass_over_starts_inside_a_match() -> None:
    pattern = re.compile(r"ab+")
    text = "xabbab abb"
    assert [m.span() for m in matches_at(pattern, text, [1, 2, 4, 7, 9])] == [
        (1, 4),
        (4, 6),
        (7, 10),
    ]


def test_a_character_found_by_position_without_tolerance_is_the_one_found_with_it(
    tmp_path: Path,
) -> None:
    """The lookup the table reader asks first (no tolerance) answers as the one with a
    tolerance wherever a character's box holds the point, and -1 elsewhere, near a box or
    not, where the one with a tolerance may give the nearest character."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    rows = [["Ref", "Saving", "2026/27"]] + [
        [f"A{i}", f"Review {i}", f"({i},000)"] for i in range(9)
    ]
    path = make_table_pdf(tmp_path / "t.pdf", "Appendix: savings (£)", rows)
    pdf = pdfium.PdfDocument(str(path))
    try:
        textpage = pdf[0].get_textpage()
        raw = textpage.raw
        found = near = 0
        for i in range(textpage.count_rects()):
            x0, y0, x1, y1 = textpage.get_rect(i)
            for x in (x0 - 0.4, x0, x0 + 1.0, (x0 + x1) / 2, x1 + 0.3, x1 + 3.0):
                for y in (y0 - 0.4, (y0 + y1) / 2, y1 + 0.2):
                    exact = pdfium_c.FPDFText_GetCharIndexAtPos(raw, x, y, 0.0, 0.0)
                    tolerant = pdfium_c.FPDFText_GetCharIndexAtPos(raw, x, y, 1.0, 1.0)
                    assert exact in (-1, tolerant)
                    found += exact >= 0
                    near += exact == -1 and tolerant >= 0
        assert found > 50 and near > 5  # both kinds of point were asked about
    finally:
        pdf.close()


_HEADING_PIECES = st.sampled_from(
    [
        *(" ", "\t", "\u00a0", "\u2003", "\x1c", "\u0130", "Conclusions", "conclusion"),
        *("RECOMMENDATIONS", "Recommendation", ":", " :", "x", "ſ", "K", "\u212a", "1."),
    ]
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_HEADING_PIECES, max_size=8).map("".join))
def test_a_conclusions_heading_always_starts_with_the_letters_the_minutes_look_for(
    line: str,
) -> None:
    if session._CONCLUSIONS_HEADING.match(line):
        assert line.strip()[0] in "cCrR"


def test_minutes_with_numbered_conclusions_give_them_after_their_heading_only() -> None:
    text = (
        "1. Members asked about costs.\n"
        "The Director explained that they rose.\n"
        " Conclusions :\n"
        "1. The plan was agreed.\n"
        "2) Costs to be reported.\n"
        "SSHH 540 – Savings arising from fewer children looked after.\n"
        "3. Not a conclusion.\n"
        "\u00a0recommendations\n"
        "4. Report again in March.\n"
    )
    drafted = session.draft_session(text)
    assert [q.asked for q in drafted.questions] == ["Members asked about costs."]
    assert [(c.number, c.text) for c in drafted.conclusions] == [
        (1, "The plan was agreed."),
        (2, "Costs to be reported."),
        (4, "Report again in March."),
    ]


# The test for a count before a head noun as it was: a flat alternation of the number words.
_MAY_COUNT_AS_BEFORE = re.compile(
    r"\d|"
    + "|".join(sorted(WORDS, key=len, reverse=True)).replace("s", "[sſ]").replace("i", "[iı]")
)
_COUNT_PIECES = st.sampled_from(
    [*WORDS, "ſix", "ſeventy", "nıne", "ſıxteen", "fıve", "7", "x", " ", "e", "t", "\u0663"]
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_COUNT_PIECES, max_size=12).map("".join), st.integers(0, 30))
def test_a_count_may_be_written_exactly_where_the_flat_alternation_finds_one(
    text: str, lo: int
) -> None:
    found = workforce._MAY_COUNT.search(text, lo)
    before = _MAY_COUNT_AS_BEFORE.search(text, lo)
    assert (found is None) == (before is None)
    assert found is None or before is None or found.start() == before.start()


_SAVING_PIECES = st.sampled_from(
    [*("saving", "SAVINGS", "Saving", "ſaving", "savıng", "SAVİNG", "savin", "g", "s", " "), "\n"]
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_SAVING_PIECES, max_size=12).map("".join))
def test_the_word_saving_found_by_substring_search_is_where_the_pattern_finds_it(
    text: str,
) -> None:
    assert tables._saving_words(text) == [m.start() for m in tables._SAVING_WORD.finditer(text)]


_PERCENT_PIECES = st.sampled_from(
    [
        *(
            "12",
            "3.5",
            "7",
            " ",
            "\u00a0",
            "%",
            " per cent",
            "percent",
            "per",
            "cent",
            "-",
            "\u2013",
        ),
        *("—", "x", ",", ".", "\u0663", "\u00b2", "\n", "a 5", "paper"),
    ]
)


@settings(max_examples=800, deadline=None)
@given(st.lists(_PERCENT_PIECES, max_size=14).map("".join))
def test_percentages_tried_only_before_their_signs_are_those_of_the_scan(text: str) -> None:
    assert [m.span() for m in matches_at(percentages._PCT, text, percentages._starts(text))] == [
        m.span() for m in percentages._PCT.finditer(text)
    ]


_HEAD_PIECES = st.sampled_from(
    [
        *("post", "roles", "staffing", "social  workers", "social work manager", "workers"),
        *("employees", "practitioner", "personnel", "team\nmanagers", "practice managers"),
        *("caseworkers", "locum", "vacancies", "vacant posts", "headcount", "people in post"),
        *("fte", "full-time equivalents", "full time equivalent", "redundancies", "vr/er"),
        *("vr", "ver", "voluntary severances", "redundancy", "over", "x", " ", "2", "-", "_"),
    ]
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_HEAD_PIECES, max_size=12).map("".join))
def test_head_nouns_tried_at_their_first_words_are_those_a_look_behind_search_finds(
    text: str,
) -> None:
    for head in (workforce._STAFF_HEAD, workforce._FTE_HEAD, workforce._REDUNDANCY_HEAD):
        looking_behind = re.compile(r"(?<![\w])" + head.pattern)
        found = [m.span() for m in workforce._heads_at_words(head, text)]
        assert found == [m.span() for m in looking_behind.finditer(text)]
