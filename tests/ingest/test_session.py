"""Drafts of the session read from minutes: questions put, answers given, conclusions recorded."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from hypothesis import given
from hypothesis import strategies as st

from scrutiny.ingest.extract.session import draft_session
from scrutiny.workflows.extract import extract_path

ROOT = Path(__file__).resolve().parents[2]
CROYDON = ROOT / "tests" / "data" / "seeds" / "000_dce5ff71b4175991.txt"
THURROCK = ROOT / "tests" / "data" / "seeds" / "004_5c1a62b0452b6908.txt"
CYPE1 = "2024-28 SAV CYPE 001"
CYPE3 = "2024-28 SAV CYPE 003"


def test_croydon_minutes_give_questions_answers_and_numbered_conclusions() -> None:
    extraction = extract_path(CROYDON)
    session = extraction.session
    by_ref = {
        ref: [c.number for c in session.conclusions if c.ref == ref] for ref in (CYPE1, CYPE3)
    }
    assert by_ref == {CYPE1: [1, 2, 3, 4, 5, 6], CYPE3: [1, 2, 3, 4, 5, 6, 7]}
    (recruitment,) = [q for q in session.questions if q.asked == "Members asked about recruitment."]
    assert recruitment.ref == CYPE1
    assert recruitment.answers[0].by == "The Director of Children’s Social Care"
    assert "regulation of the agency market" in recruitment.answers[0].quote
    (boarding,) = [q for q in session.questions if "Boarding Schools" in q.asked]
    assert boarding.ref == CYPE3 and boarding.answers
    text = CROYDON.read_text(encoding="utf-8")
    for q in session.questions:
        for a in q.answers:
            assert text[a.start :].startswith(a.quote[:30])
    schema = json.loads((ROOT / "docs" / "schemas" / "extract.schema.json").read_text("utf-8"))
    jsonschema.validate(extraction.to_json(), schema)


def test_a_report_that_records_no_meeting_gives_no_questions() -> None:
    """Thurrock's seed is an officers' report, not minutes: no questions are drafted."""
    assert extract_path(THURROCK).session.questions == ()


def test_question_and_answer_in_one_sentence_are_split() -> None:
    s = draft_session(
        "Members asked about agency staff, and the Head of Service explained that costs fell."
    )
    (q,) = s.questions
    assert q.asked == "Members asked about agency staff."
    assert q.answers[0].by == "The Head of Service"
    assert q.answers[0].quote.startswith("the Head of Service explained that costs fell")


def test_conclusion_sentences_outside_a_list_are_drafted() -> None:
    s = draft_session("Intro.\nThe Sub-Committee concluded that the saving was at risk.\n")
    (c,) = s.conclusions
    assert c.number is None and c.text.startswith("The Sub-Committee concluded")


_WORDS = st.sampled_from(
    [
        "Members asked about",
        "The Director explained that",
        "It was explained that",
        "Conclusions",
        "1.",
        "2)",
        "costs",
        "the Sub-Committee were reassured",
        "2024-28 SAV CYPE 001",
        ".",
        ",",
        "\n",
        "and",
        "Members heard that",
    ]
)


@given(st.lists(_WORDS, max_size=40).map(" ".join) | st.text(max_size=300))
def test_drafts_always_point_into_the_text(text: str) -> None:
    """For any text: every draft starts where the text says it does, in order, and carries
    words."""
    s = draft_session(text)
    starts = [q.start for q in s.questions]
    assert starts == sorted(starts)
    for q in s.questions:
        assert q.asked.strip() and 0 <= q.start < len(text)
        for a in q.answers:
            assert a.quote and text[a.start :].startswith(a.quote.split()[0])
    for c in s.conclusions:
        assert c.text.strip() and 0 <= c.start < len(text)
        assert text[c.start :].startswith(c.text.split()[0])


@given(
    st.lists(st.integers(min_value=0, max_value=500), max_size=30).map(sorted),
    st.integers(min_value=0, max_value=600),
)
def test_the_section_of_a_position_is_the_last_reference_at_or_before_it(
    starts: list[int], position: int
) -> None:
    """The bisection finds what a scan of every reference before the position finds."""
    from scrutiny.ingest.extract.session import _ref_at

    spans = [(f"R{i}", at, at + 3) for i, at in enumerate(starts)]
    scanned = None
    for code, at, _ in spans:
        if at > position:
            break
        scanned = code
    assert _ref_at(spans, starts, position) == scanned
