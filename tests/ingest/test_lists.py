"""Counting recommendations and resolutions, and drafting proposals."""

from __future__ import annotations

from scrutiny.ingest.extract.proposals import find_proposals
from scrutiny.ingest.extract.recommendations import count_recommendations


def test_numbered_resolutions_under_a_heading() -> None:
    text = (
        "RESOLVED:\n"
        "1. That the budget monitoring position be noted.\n"
        "2. That the recovery plan be approved\n   subject to consultation.\n"
        "3. That officers report back in March.\n"
    )
    assert count_recommendations(text) == 3


def test_sub_items_are_not_counted_and_reasons_are_not_recommendations() -> None:
    text = (
        "Decision:\n"
        "(i) Noted the forecast position;\n"
        "(ii) Agreed the following:\n"
        "(a) the savings plan;\n(b) the fees schedule;\n"
        "(iii) Noted the risks.\n"
        "Reasons for the decision\n"
        "1. To set a balanced budget.\n2. To meet statutory duties.\n"
    )
    assert count_recommendations(text) == 3


def test_the_same_list_given_twice_counts_once() -> None:
    decision = "(i) to note the annual report;\n(ii) to approve the statement of purpose.\n"
    minutes = (
        "(i) that the annual report be noted;\n(ii) that the statement of purpose be approved.\n"
    )
    assert count_recommendations("Decision:\n" + decision + "Minutes:\nRESOLVED:-\n" + minutes) == 2


def test_discussion_points_agenda_items_and_single_resolutions_are_not_counted() -> None:
    text = (
        "1.\nApologies for absence\n2.\nMinutes of the last meeting\n"
        "Resolved: that the minutes be approved as a correct record.\n"
        "The following points were raised:\n• demand for placements\n• agency costs\n"
    )
    assert count_recommendations(text) == 0


def test_list_of_decisions_recognised_by_its_verbs() -> None:
    text = "Cabinet\n1. Noted the settlement.\n2. Agreed the fees.\n3. Approved the budget.\n"
    assert count_recommendations(text) == 3


def test_recommendations_numbered_like_paragraphs_under_their_introduction() -> None:
    text = (
        "The Committee is recommended to:\n"
        "1.1 note the forecast overspend in children's social care;\n"
        "1.2 agree the recommendations of the task group; and\n"
        "1.3 refer its comments to Cabinet.\n\n"
        "2. Introduction\n"
        "2.1 This report sets out the position.\n"
        "2.2 The council must set a balanced budget.\n"
    )
    assert count_recommendations(text) == 3
    # Paragraphs numbered so, with no introduction, are not recommendations.
    assert count_recommendations("3. Finance\n3.1 Costs rose.\n3.2 Demand grew.\n") == 0


def test_draft_proposals_from_headings_and_from_a_list_of_savings() -> None:
    text = (
        "2025-29 SAV ASC 014 – Review of Day Services\n"
        "The saving is £0.4m in 2025/26.\n"
        "The proposals for achieving savings include:\n"
        "- Restructure of the business support team to achieve £0.150m savings.\n"
        "- Reduce agency use, saving £0.2m per annum (£0.4m over 2 years)\n"
    )
    found = find_proposals(text)
    assert [(p.ref, p.title) for p in found] == [
        ("2025-29 SAV ASC 014", "Review of Day Services"),
        (None, "Restructure of the business support team"),
        (None, "Reduce agency use"),
    ]
    assert found[0].savings == {"2025/26": 400_000}
    assert found[2].amounts == (200_000, 400_000)
