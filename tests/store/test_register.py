"""Importing versions, the lossless round trip, the audit trail and optimistic locking."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select

from scrutiny import yaml_files
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.vocab import Status
from scrutiny.errors import NotFound, StaleVersion, UsageError
from scrutiny.store.tables import (
    EvidenceRow,
    FileVersionRow,
    ModelInputRow,
    ProposalRow,
    RiskRow,
    SavingRow,
    StaffingRow,
)
from scrutiny.store.unit_of_work import UnitOfWork


def _import(engine: Engine, pf: ProposalFile, actor: str = "tester") -> int:
    with UnitOfWork(engine, actor=actor) as uow:
        stored, created = uow.files.add(pf, source="example.yaml", actor=uow.actor)
        assert created
        return stored.id


@pytest.mark.parametrize("name", ["thurrock", "croydon"])
def test_round_trip_is_lossless(engine: Engine, name: str, request: pytest.FixtureRequest) -> None:
    pf: ProposalFile = request.getfixturevalue(name)
    version = _import(engine, pf)
    with UnitOfWork(engine) as uow:
        back = uow.files.load(version)
    assert back == pf
    assert yaml_files.dump(back.to_data()) == yaml_files.dump(pf.to_data())


def test_relational_rows_mirror_the_proposals(engine: Engine, thurrock: ProposalFile) -> None:
    version = _import(engine, thurrock)
    with UnitOfWork(engine) as uow:
        s = uow.session
        refs = list(
            s.scalars(
                select(ProposalRow.ref)
                .where(ProposalRow.file_version_id == version)
                .order_by(ProposalRow.position)
            )
        )
        assert refs == [p.ref for p in thurrock.proposals]
        total = s.scalar(select(func.sum(SavingRow.amount)).where(SavingRow.line == "incremental"))
        assert total == pytest.approx(sum(p.total_target() for p in thurrock.proposals))
        first = thurrock.proposals[0]
        pid = s.scalar(select(ProposalRow.id).where(ProposalRow.ref == first.ref))
        staffing = s.get_one(StaffingRow, pid)
        assert first.staffing is not None and staffing.fte == first.staffing.fte
        assert s.scalar(
            select(func.count()).select_from(RiskRow).where(RiskRow.proposal_id == pid)
        ) == len(first.risks)
        assert s.scalar(
            select(func.count()).select_from(EvidenceRow).where(EvidenceRow.proposal_id == pid)
        ) == len(first.evidence)
        inputs = {
            r.name: r
            for r in s.scalars(select(ModelInputRow).where(ModelInputRow.proposal_id == pid))
        }
        assert first.model is not None and set(inputs) == set(first.model.inputs)
        assert inputs["fte_deleted"].value == 15.4
        assert inputs["delay_months"].distribution == {
            "dist": "mixture",
            "components": [
                {"weight": 0.7, "dist": "constant", "value": 0.0},
                {"weight": 0.3, "dist": "pert", "min": 1.0, "mode": 3.0, "max": 6.0},
            ],
        }


def test_same_content_again_adds_no_version(engine: Engine, thurrock: ProposalFile) -> None:
    _import(engine, thurrock)
    with UnitOfWork(engine, actor="tester") as uow:
        stored, created = uow.files.add(thurrock, source="again.yaml", actor=uow.actor)
        assert not created and stored.number == 1
    changed = thurrock.model_copy(deep=True)
    changed.proposals[0].status = Status.agreed
    with UnitOfWork(engine, actor="tester") as uow:
        stored, created = uow.files.add(changed, source="v2.yaml", actor=uow.actor)
        assert created and stored.number == 2
    with UnitOfWork(engine) as uow:
        assert [v.number for v in uow.files.versions("Thurrock")] == [1, 2]
        latest = uow.files.latest("Thurrock")
        assert latest is not None and uow.files.load(latest.id) == changed
        entries = uow.audit.entries(entity="proposal", ref=changed.proposals[0].ref)
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[-1].changed == ["status"]
    assert entries[-1].before is not None and entries[-1].before["status"] == "proposed"
    assert entries[-1].after is not None and entries[-1].after["status"] == "agreed"


def test_an_update_is_audited_with_who_before_and_after(
    engine: Engine, thurrock: ProposalFile
) -> None:
    _import(engine, thurrock)
    ref = thurrock.proposals[1].ref
    with UnitOfWork(engine, actor="officer@council.gov.uk") as uow:
        stored = uow.proposals.find("Thurrock", ref)
        assert stored.version == 1
        edited = stored.proposal.model_copy(update={"title": "A clearer title"})
        after = uow.proposals.update(stored.id, edited, expected_version=1, actor=uow.actor)
        assert after.version == 2 and after.proposal.title == "A clearer title"
    with UnitOfWork(engine) as uow:
        assert uow.proposals.find("Thurrock", ref).proposal.title == "A clearer title"
        entry = uow.audit.entries(entity="proposal", ref=ref)[-1]
    assert entry.actor == "officer@council.gov.uk"
    assert entry.action == "update"
    assert entry.changed == ["title"]
    assert entry.before is not None and entry.before["title"] == thurrock.proposals[1].title
    assert entry.after is not None and entry.after["title"] == "A clearer title"
    assert entry.at is not None


def test_a_stale_update_is_refused(engine: Engine, thurrock: ProposalFile) -> None:
    _import(engine, thurrock)
    ref = thurrock.proposals[0].ref
    with UnitOfWork(engine) as uow:
        mine = uow.proposals.find("Thurrock", ref)
    with UnitOfWork(engine) as uow:
        theirs = uow.proposals.find("Thurrock", ref)
    with UnitOfWork(engine, actor="first") as uow:
        uow.proposals.update(
            theirs.id,
            theirs.proposal.model_copy(update={"status": Status.agreed}),
            expected_version=theirs.version,
            actor=uow.actor,
        )
    with pytest.raises(StaleVersion) as caught, UnitOfWork(engine, actor="second") as uow:
        uow.proposals.update(
            mine.id,
            mine.proposal.model_copy(update={"status": Status.removed}),
            expected_version=mine.version,
            actor=uow.actor,
        )
    assert "version 1" in str(caught.value) and "version 2" in str(caught.value)
    with UnitOfWork(engine) as uow:
        now = uow.proposals.find("Thurrock", ref)
        assert now.proposal.status == Status.agreed and now.version == 2
        assert [e.actor for e in uow.audit.entries(entity="proposal", ref=ref)] == [
            "tester",
            "first",
        ]


@pytest.mark.postgres
def test_concurrent_transactions_cannot_both_update(
    postgres_server_url: str, thurrock: ProposalFile
) -> None:
    from scrutiny.store.engine import make_engine
    from scrutiny.store.migrate import upgrade

    engine = make_engine(postgres_server_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    upgrade(engine)
    try:
        _import(engine, thurrock)
        ref = thurrock.proposals[0].ref
        first = UnitOfWork(engine, actor="first").__enter__()
        second = UnitOfWork(engine, actor="second").__enter__()
        a = first.proposals.find("Thurrock", ref)
        b = second.proposals.find("Thurrock", ref)
        first.proposals.update(
            a.id, a.proposal.model_copy(update={"title": "A"}), expected_version=1, actor="first"
        )
        first.__exit__(None, None, None)
        with pytest.raises(StaleVersion):
            second.proposals.update(
                b.id,
                b.proposal.model_copy(update={"title": "B"}),
                expected_version=1,
                actor="second",
            )
        second.__exit__(StaleVersion, None, None)
        with UnitOfWork(engine) as uow:
            assert uow.proposals.find("Thurrock", ref).proposal.title == "A"
    finally:
        engine.dispose()


def test_an_error_inside_the_unit_of_work_leaves_nothing(
    engine: Engine, thurrock: ProposalFile
) -> None:
    with pytest.raises(RuntimeError), UnitOfWork(engine, actor="tester") as uow:
        uow.files.add(thurrock, source="x.yaml", actor=uow.actor)
        raise RuntimeError("something failed half-way")
    with UnitOfWork(engine) as uow:
        assert uow.councils.names() == []
        assert uow.session.scalar(select(func.count()).select_from(FileVersionRow)) == 0
        assert uow.audit.entries() == []


def test_ref_cannot_change_and_missing_records_are_named(
    engine: Engine, thurrock: ProposalFile
) -> None:
    _import(engine, thurrock)
    with UnitOfWork(engine) as uow:
        stored = uow.proposals.find("Thurrock", thurrock.proposals[0].ref)
        with pytest.raises(UsageError):
            uow.proposals.update(
                stored.id,
                stored.proposal.model_copy(update={"ref": "NEW"}),
                expected_version=1,
                actor="x",
            )
        with pytest.raises(NotFound, match="NOPE"):
            uow.proposals.find("Thurrock", "NOPE")
        with pytest.raises(NotFound, match="Nowhere"):
            uow.proposals.find("Nowhere", "X")


def test_importing_the_file_again_after_an_edit_restores_it(
    engine: Engine, thurrock: ProposalFile
) -> None:
    _import(engine, thurrock)
    ref = thurrock.proposals[2].ref
    with UnitOfWork(engine, actor="officer") as uow:
        stored = uow.proposals.find("Thurrock", ref)
        edited = stored.proposal.model_copy(update={"status": Status.removed})
        uow.proposals.update(stored.id, edited, expected_version=1, actor=uow.actor)
    with UnitOfWork(engine, actor="clerk") as uow:
        version, created = uow.files.add(thurrock, source="again.yaml", actor=uow.actor)
        assert created and version.number == 2
        assert uow.files.load(version.id) == thurrock
        entry = uow.audit.entries(ref=ref)[-1]
    assert (entry.actor, entry.action, entry.changed) == ("clerk", "update", ["status"])
    assert entry.before is not None and entry.before["status"] == "removed"
