"""The tracker's dates and the parsing of the challenge's drafted recommendations."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from scrutiny.domain.recommendations import due_after, split_addressed


@given(st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2090, 12, 31)))
def test_the_due_date_is_two_calendar_months_on_never_past_the_month_end(
    meeting: datetime.date,
) -> None:
    due = due_after(meeting, 2)
    assert (due.year * 12 + due.month) - (meeting.year * 12 + meeting.month) == 2
    assert due.day == meeting.day or (
        due.day < meeting.day and (due + datetime.timedelta(1)).day == 1
    )
    assert 58 <= (due - meeting).days <= 62


@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=80).filter(
        lambda t: t.strip() and "Addressed to" not in t and "own work programme" not in t
    ),
    st.sampled_from(["Cabinet", "the Executive", "the Council meeting that sets the budget"]),
)
def test_a_drafted_recommendation_splits_into_its_words_and_addressee(words: str, who: str) -> None:
    tidy = " ".join(words.split())
    drafted = f"{words} Addressed to {who}; response by 12 March 2024."
    assert split_addressed(drafted) == (tidy, who)
    within = f"{words} Addressed to {who}; response within 2 months of the meeting."
    assert split_addressed(within) == (tidy, who)
    assert split_addressed(words) == (tidy, None)


def test_a_work_programme_recommendation_is_for_the_committee() -> None:
    text = (
        "Add delivery of A and B against their yearly targets to the work programme. For the "
        "Children's Services Overview and Scrutiny Committee's own work programme; first report "
        "by 12 December 2021."
    )
    assert split_addressed(text) == (
        "Add delivery of A and B against their yearly targets to the work programme.",
        "the Children's Services Overview and Scrutiny Committee",
    )


def test_who_a_minuted_recommendation_is_addressed_to() -> None:
    from scrutiny.domain.proposal_file import parse_proposal_file
    from scrutiny.domain.recommendations import addressee_of

    pf = parse_proposal_file(
        {"council": "Anyshire", "committee": "Children's Scrutiny Sub-Committee",
         "executive": "Cabinet", "proposals": []},
        "x.yaml",
    )  # fmt: skip
    assert addressee_of(pf, "The Scrutiny & Overview Committee to reassure itself.") == (
        "the Scrutiny & Overview Committee"
    )
    assert addressee_of(pf, "Add fostering to the Work Programme.") == (
        "Children's Scrutiny Sub-Committee"
    )
    assert addressee_of(pf, "Publish the equality impact assessment.") == "Cabinet"
