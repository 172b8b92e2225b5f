"""Members' overrides through the store, on SQLite and on PostgreSQL: recorded with who and when,
audited with the verdict before and after, the latest one per question wins, nothing is kept when
one is refused, and the challenge shows them beside the engine's verdict."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import Engine

from scrutiny.domain.vocab import Question, Verdict
from scrutiny.errors import NotFound, UsageError
from scrutiny.store.engine import make_engine
from scrutiny.store.migrate import upgrade
from scrutiny.store.unit_of_work import UnitOfWork
from scrutiny.workflows.members import record_override, stored_overrides

WHEN = datetime.datetime(2021, 10, 12, 19, 45, tzinfo=datetime.UTC)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'overrides.db'}")
    else:
        engine = make_engine(request.getfixturevalue("postgres_server_url"))
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def thurrock(kit: ModuleType, examples: Path, engine: Engine):
    pf = kit.example("thurrock-2022.yaml", examples)
    with UnitOfWork(engine, actor="officer") as uow:
        uow.files.add(pf, source="thurrock-2022.yaml", actor="officer")
    return pf


def _id(engine: Engine, ref: str) -> int:
    with UnitOfWork(engine) as uow:
        return uow.proposals.find("Thurrock", ref).id


def record(engine: Engine, verdict: Verdict, reason: str, by: str, minutes: int = 0) -> None:
    record_override(
        engine,
        _id(engine, "THR-CSC-01"),
        Question.impact,
        verdict,
        reason,
        actor=by,
        at=WHEN + datetime.timedelta(minutes=minutes),
    )


def test_recorded_audited_and_the_latest_wins(kit: ModuleType, engine: Engine, thurrock) -> None:
    record(engine, Verdict.not_assured, "No EqIA before consultation", "Cllr Byrne")
    record(engine, Verdict.partially_assured, "EqIA promised for Cabinet", "Cllr Ojo", minutes=5)
    with UnitOfWork(engine) as uow:
        stored = stored_overrides(uow, "Thurrock")
        entries = [e for e in uow.audit.entries(ref="THR-CSC-01") if e.action == "override"]
    (only,) = stored.values()
    assert list(stored) == [("THR-CSC-01", Question.impact)]
    assert (only.verdict, only.by, only.at) == (
        Verdict.partially_assured,
        "Cllr Ojo",
        WHEN + datetime.timedelta(minutes=5),
    )
    assert [e.actor for e in entries] == ["Cllr Byrne", "Cllr Ojo"]
    assert entries[0].before is None and entries[0].after["verdict"] == "not_assured"
    assert entries[1].before["verdict"] == "not_assured"
    assert entries[1].after["reason"] == "EqIA promised for Cabinet"

    report = kit.challenge(thurrock, None, kit.default_policy(), stored)
    impact = report.to_json()["proposals"][0]["questions"]["impact"]
    assert impact["verdict"] == "partially_assured"  # the engine's own, kept
    assert impact["override"]["by"] == "Cllr Ojo"


def test_nothing_is_kept_when_an_override_is_refused(engine: Engine, thurrock) -> None:
    pid = _id(engine, "THR-CSC-01")
    with pytest.raises(UsageError, match="give the reason"):
        record_override(engine, pid, Question.deliverable, Verdict.assured, "  ", actor="m")
    with pytest.raises(UsageError, match="at most"):
        record_override(engine, pid, Question.deliverable, Verdict.assured, "r" * 10**5, actor="m")
    with pytest.raises(NotFound):
        record_override(engine, 10**6, Question.deliverable, Verdict.assured, "r", actor="m")
    with UnitOfWork(engine) as uow:
        assert stored_overrides(uow, "Thurrock") == {}
        assert not [e for e in uow.audit.entries(ref="THR-CSC-01") if e.action == "override"]


def test_a_council_without_a_register_has_no_overrides(engine: Engine) -> None:
    with UnitOfWork(engine) as uow:
        assert stored_overrides(uow, "Nowhere") == {}
