"""The recommendations tracker in the store, on SQLite and PostgreSQL: recommendations with their
response and updates, the work programme, overdue items, and all-or-nothing refusals."""

from __future__ import annotations

import datetime

import pytest
from sqlalchemy import Engine

from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.recommendations import RecStatus, Response, Source
from scrutiny.errors import NotFound, UsageError
from scrutiny.store.unit_of_work import UnitOfWork
from scrutiny.workflows import recommendations as recs

MEETING = datetime.date(2024, 1, 17)


@pytest.fixture
def stored(engine: Engine, croydon: ProposalFile) -> Engine:
    with UnitOfWork(engine, actor="officer") as uow:
        uow.files.add(croydon, source="croydon-2024.yaml", actor="officer")
    return engine


def test_a_recommendation_is_due_two_months_after_the_meeting_and_then_overdue(
    stored: Engine,
) -> None:
    rec = recs.add_recommendation(
        stored,
        "Croydon",
        "Report the progress of in-house fostering to the Sub-Committee.",
        addressee="Cabinet",
        owner="Director of Children's Social Care",
        meeting_date=MEETING,
        ref="2024-28 SAV CYPE 003",
        actor="officer",
    )
    assert rec.due == datetime.date(2024, 3, 17)
    assert rec.status == RecStatus.open and rec.source == Source.entered
    assert not rec.overdue(datetime.date(2024, 3, 17))
    assert rec.overdue(datetime.date(2024, 3, 18))
    assert rec.days_overdue(datetime.date(2024, 3, 27)) == 10
    listed = recs.list_recommendations(stored, today=datetime.date(2024, 4, 1), overdue_only=True)
    assert [r.id for r in listed] == [rec.id]
    assert (
        recs.list_recommendations(stored, today=datetime.date(2024, 3, 1), overdue_only=True) == []
    )


def test_a_response_and_updates_are_kept_and_audited(stored: Engine) -> None:
    rec = recs.add_recommendation(
        stored, "Croydon", "Publish the EqIA.", addressee="Cabinet", meeting_date=MEETING,
        actor="officer",
    )  # fmt: skip
    recs.respond(
        stored, rec.id, "partly", "Published for two of three proposals.",
        actor="cabinet.office", on=datetime.date(2024, 3, 1),
    )  # fmt: skip
    recs.add_update(
        stored, rec.id, "Third EqIA drafted.", status="in progress", actor="officer",
        on=datetime.date(2024, 4, 2),
    )  # fmt: skip
    got = recs.get_recommendation(stored, rec.id)
    assert got.response is not None and got.response.kind == Response.partly
    assert got.response.text == "Published for two of three proposals."
    assert got.response.on == datetime.date(2024, 3, 1)
    assert got.status == RecStatus.in_progress
    assert [(u.on, u.note, u.status) for u in got.updates] == [
        (datetime.date(2024, 4, 2), "Third EqIA drafted.", RecStatus.in_progress)
    ]
    assert not got.overdue(datetime.date(2025, 1, 1))  # answered: never overdue
    with UnitOfWork(stored) as uow:
        trail = uow.audit.entries(entity="recommendation", entity_id=rec.id)
    assert [e.action for e in trail] == ["create", "respond", "update"]
    assert trail[1].actor == "cabinet.office" and "response" in trail[1].changed
    assert trail[2].note == "Third EqIA drafted."


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"text": "  "}, "give the recommendation's text"),
        ({"addressee": ""}, "give the addressee"),
        ({"meeting_date": None}, "give the meeting date"),
        ({"ref": "NOPE 1"}, "no proposal with ref 'NOPE 1'"),
        ({"council": "Nowhere"}, "no council named 'Nowhere'"),
    ],
)
def test_bad_input_is_one_line_and_nothing_is_written(
    stored: Engine, kwargs: dict[str, object], message: str
) -> None:
    args: dict[str, object] = {
        "council": "Croydon", "text": "Do it.", "addressee": "Cabinet", "meeting_date": MEETING,
        "actor": "officer",
    }  # fmt: skip
    args.update(kwargs)
    council, text = args.pop("council"), args.pop("text")
    with pytest.raises((UsageError, NotFound)) as caught:
        recs.add_recommendation(stored, str(council), str(text), **args)  # type: ignore[arg-type]
    assert message in caught.value.one_line() and "\n" not in caught.value.one_line()
    assert recs.list_recommendations(stored, today=MEETING) == []
    with UnitOfWork(stored) as uow:
        assert uow.audit.entries(entity="recommendation") == []


def test_a_bad_response_or_status_writes_nothing(stored: Engine) -> None:
    rec = recs.add_recommendation(
        stored, "Croydon", "Do it.", addressee="Cabinet", meeting_date=MEETING, actor="officer"
    )
    with pytest.raises(UsageError, match="not one of accepted, partly or rejected"):
        recs.respond(stored, rec.id, "maybe", "Words", actor="x", on=MEETING)
    with pytest.raises(UsageError, match="give the response's words"):
        recs.respond(stored, rec.id, "accepted", " ", actor="x", on=MEETING)
    with pytest.raises(UsageError, match="status 'finished' is not one of"):
        recs.add_update(stored, rec.id, "A note", status="finished", actor="x", on=MEETING)
    with pytest.raises(NotFound, match="no recommendation with id 999"):
        recs.respond(stored, 999, "accepted", "Yes", actor="x", on=MEETING)
    got = recs.get_recommendation(stored, rec.id)
    assert got.response is None and got.updates == () and got.status == RecStatus.open


def test_the_work_programme_follows_proposals_in_date_order(stored: Engine) -> None:
    later = recs.add_programme_item(
        stored, "Croydon", "In-house foster provision", date=datetime.date(2024, 9, 10),
        refs=["2024-28 SAV CYPE 003"], actor="officer",
    )  # fmt: skip
    undated = recs.add_programme_item(stored, "Croydon", "Agency market", actor="officer")
    sooner = recs.add_programme_item(
        stored, "Croydon", "Budget monitoring", date=datetime.date(2024, 6, 4), actor="officer"
    )
    with UnitOfWork(stored) as uow:
        lines = recs.work_programme(uow, "Croydon", datetime.date(2024, 7, 1))
    assert [line.id for line in lines] == [sooner.id, later.id, undated.id]
    assert lines[1].proposals == ["2024-28 SAV CYPE 003"]
    assert lines[1].date_words == "10 September 2024"
    assert [line.past for line in lines] == [True, False, False]
    assert lines[2].date_words == "Date to be set"
    with pytest.raises(NotFound, match="no proposal with ref 'X'"):
        recs.add_programme_item(stored, "Croydon", "Other", refs=["X"], actor="officer")
    assert len(recs.programme_of(stored, "Croydon", datetime.date(2024, 7, 1))) == 3


def test_status_lines_put_overdue_first_in_words(stored: Engine) -> None:
    answered = recs.add_recommendation(
        stored, "Croydon", "First.", addressee="Cabinet", meeting_date=MEETING, actor="o"
    )
    recs.respond(
        stored, answered.id, "accepted", "Agreed.", actor="o", on=datetime.date(2024, 2, 1)
    )
    late = recs.add_recommendation(
        stored, "Croydon", "Second.", addressee="Cabinet", owner="Director",
        meeting_date=MEETING, actor="o",
    )  # fmt: skip
    with UnitOfWork(stored) as uow:
        lines = recs.recommendations_status(uow, "Croydon", datetime.date(2024, 3, 18))
        only = recs.recommendations_status(
            uow, "Croydon", datetime.date(2024, 3, 18), overdue_only=True
        )
    assert [line.id for line in lines] == [late.id, answered.id]
    assert lines[0].overdue and lines[0].days_overdue == 1
    assert lines[0].status_words == "Overdue by 1 day"
    assert lines[0].due_words == "17 March 2024" and lines[0].owner == "Director"
    assert lines[1].response_words == "Accepted on 1 February 2024: Agreed."
    assert lines[1].owner == "Not assigned" and not lines[1].overdue
    assert [line.id for line in only] == [late.id]


def test_the_tracker_migration_downgrades_and_upgrades_again(stored: Engine) -> None:
    from alembic import command
    from sqlalchemy import inspect

    from scrutiny.store.migrate import alembic_config, current, head, upgrade

    recs.add_recommendation(
        stored, "Croydon", "Do it.", addressee="Cabinet", meeting_date=MEETING, actor="o"
    )
    command.downgrade(alembic_config(stored), "0004")
    names = set(inspect(stored).get_table_names())
    assert not names & {"recommendations", "recommendation_updates", "work_programme_items"}
    assert "proposals" in names
    upgrade(stored)
    assert current(stored) == head()
    assert recs.list_recommendations(stored, today=MEETING) == []
