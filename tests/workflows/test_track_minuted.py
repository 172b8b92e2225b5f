"""The demo's tracked recommendations: Croydon's minuted recommendations with their addressee
and proposal, the in-house fostering item on the work programme, all marked illustrative when
the meeting date is; running it again adds nothing."""

from __future__ import annotations

import datetime
from pathlib import Path

from scrutiny.domain.recommendations import RecStatus, Source, programme_title
from scrutiny.store.engine import open_database
from scrutiny.store.unit_of_work import UnitOfWork
from scrutiny.workflows import recommendations as recs
from scrutiny.workflows.demo import ILLUSTRATIVE_MEETING
from scrutiny.workflows.register import import_file
from scrutiny.workflows.validate import load


def test_croydons_minuted_recommendations_and_work_programme(examples: Path) -> None:
    engine = open_database()
    pf = load(examples / "croydon-2024.yaml")
    import_file(engine, pf, source="croydon-2024.yaml", actor="t")
    assert recs.track_minuted(engine, pf, meeting_date=ILLUSTRATIVE_MEETING, illustrative=True) == (
        2,
        1,
    )
    assert recs.track_minuted(engine, pf, meeting_date=ILLUSTRATIVE_MEETING) == (0, 0)
    found = recs.list_recommendations(engine, today=datetime.date(2024, 6, 1))
    by_ref = {r.ref: r for r in found}
    scrutiny = by_ref["2024-28 SAV CYPE 001"]
    assert scrutiny.addressee == "the Scrutiny & Overview Committee"
    assert scrutiny.source == Source.minutes and scrutiny.illustrative
    assert scrutiny.due == datetime.date(2024, 3, 23)
    assert scrutiny.overdue(datetime.date(2024, 6, 1))
    fostering = by_ref["2024-28 SAV CYPE 003"]
    assert fostering.addressee == "Children & Young People Sub-Committee"
    assert fostering.status == RecStatus.done
    assert not fostering.overdue(datetime.date(2024, 6, 1))  # done: nothing awaited
    with UnitOfWork(engine) as uow:
        [item] = recs.work_programme(uow, "Croydon", datetime.date(2024, 6, 1))
    assert item.proposals == ["2024-28 SAV CYPE 003"] and item.illustrative
    assert item.title == "The Council's efforts to increase in-house foster provision"
    assert item.date_words == "Date to be set"


def test_a_work_programme_title_from_the_recommendation() -> None:
    assert (
        programme_title(
            "Add the Council's efforts to increase in-house foster provision to the Work Programme "
            "for 2024/25."
        )
        == "The Council's efforts to increase in-house foster provision"
    )
    assert programme_title("Review agency spend.") == "Review agency spend"
