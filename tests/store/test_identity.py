"""A proposal keeps one id across versions of its council's file, with its overrides and history;
a run records the version it read, so an edit leaves it out of date."""

from __future__ import annotations

import datetime

import pytest
from sqlalchemy import Engine

from scrutiny.domain.evidence import Override
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.vocab import Question, Verdict
from scrutiny.errors import NotFound, UsageError
from scrutiny.store.unit_of_work import UnitOfWork


def _override(reason: str) -> Override:
    return Override(
        verdict=Verdict.not_assured,
        reason=reason,
        by="member",
        at=datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC),
    )


def _with_new_proposal(pf: ProposalFile, ref: str) -> ProposalFile:
    extra = pf.proposals[0].model_copy(update={"ref": ref, "title": "Added later"})
    return pf.model_copy(update={"proposals": [*pf.proposals, extra]})


def test_a_new_version_keeps_every_proposals_id_override_and_history(
    engine: Engine, thurrock: ProposalFile
) -> None:
    with UnitOfWork(engine, actor="officer") as uow:
        first, _ = uow.files.add(thurrock, source="v1.yaml", actor="officer")
        before = {p.ref: p for p in uow.proposals.in_version(first.id)}
        target = before[thurrock.proposals[1].ref]
        uow.overrides.add(target.id, Question.deliverable, _override("No delivery plan"))
        edited = target.proposal.model_copy(update={"title": "Renamed in the first version"})
        uow.proposals.update(target.id, edited, expected_version=1, actor="officer")
    history_before = _history(engine, target.id)

    with UnitOfWork(engine, actor="officer") as uow:
        pf = uow.files.load(first.id)
        second, created = uow.files.add(
            _with_new_proposal(pf, "NEW-1"), source="v2.yaml", actor="officer"
        )
        assert created and second.number == 2
        after = {p.ref: p for p in uow.proposals.in_version(second.id)}
        assert {r: p.id for r, p in after.items() if r in before} == {
            r: p.id for r, p in before.items()
        }
        assert after["NEW-1"].id not in {p.id for p in before.values()}
        # The proposal's rows differ per version; its id does not.
        assert after[target.ref].row_id != target.row_id
        assert all(p.current for p in after.values())
        assert not any(p.current for p in uow.proposals.in_version(first.id))
        # An unchanged proposal keeps its version, so an edit made from it still applies.
        assert after[target.ref].version == 2
        assert uow.overrides.current(target.id)[Question.deliverable].reason == "No delivery plan"
        assert uow.overrides.for_file_version(second.id) == {
            (target.ref, Question.deliverable): uow.overrides.current(target.id)[
                Question.deliverable
            ]
        }
        now = uow.proposals.get(target.id)
        assert now.current and now.file_version_id == second.id
        then = uow.proposals.get(target.id, file_version_number=1)
        assert not then.current and then.file_version_id == first.id
        with pytest.raises(NotFound):
            uow.proposals.get(after["NEW-1"].id, file_version_number=1)
    assert _history(engine, target.id)[: len(history_before)] == history_before


def _history(engine: Engine, proposal_id: int) -> list[tuple[str, str | None]]:
    with UnitOfWork(engine) as uow:
        return [
            (e.action, e.note) for e in uow.audit.entries(entity="proposal", entity_id=proposal_id)
        ]


def test_a_changed_proposal_moves_on_a_version_and_an_old_version_cannot_be_edited(
    engine: Engine, thurrock: ProposalFile
) -> None:
    with UnitOfWork(engine, actor="officer") as uow:
        first, _ = uow.files.add(thurrock, source="v1.yaml", actor="officer")
        old = uow.proposals.in_version(first.id)[0]
        changed = thurrock.proposals[0].model_copy(update={"title": "Changed in the file"})
        pf = thurrock.model_copy(update={"proposals": [changed, *thurrock.proposals[1:]]})
        uow.files.add(pf, source="v2.yaml", actor="officer")
        now = uow.proposals.get(old.id)
        assert now.version == old.version + 1
        assert now.proposal.title == "Changed in the file"


def test_a_proposal_left_out_of_the_latest_version_is_shown_read_only(
    engine: Engine, thurrock: ProposalFile
) -> None:
    with UnitOfWork(engine, actor="officer") as uow:
        first, _ = uow.files.add(thurrock, source="v1.yaml", actor="officer")
        gone = uow.proposals.in_version(first.id)[-1]
        pf = thurrock.model_copy(update={"proposals": thurrock.proposals[:-1]})
        uow.files.add(pf, source="v2.yaml", actor="officer")
        last_seen = uow.proposals.get(gone.id)
        assert not last_seen.current and last_seen.file_version_id == first.id
        with pytest.raises(UsageError, match=r"not in .* latest register"):
            uow.proposals.update(
                gone.id, last_seen.proposal, expected_version=last_seen.version, actor="officer"
            )


def test_a_run_is_current_until_its_version_is_edited(
    engine: Engine, thurrock: ProposalFile
) -> None:
    with UnitOfWork(engine, actor="officer") as uow:
        version, _ = uow.files.add(thurrock, source="v1.yaml", actor="officer")
        assert uow.reads.analysis_state(version.id) == "not_run"
        uow.runs.add(version.id, "simulation", {}, actor="officer")
        assert uow.reads.analysis_state(version.id) == "not_run"  # no challenge yet
        uow.runs.add(version.id, "challenge", {}, actor="officer")
        assert uow.reads.analysis_state(version.id) == "current"
        sp = uow.proposals.in_version(version.id)[0]
        changed = sp.proposal.model_copy(update={"savings": {"2022/23": 480_000.0}})
        uow.proposals.update(sp.id, changed, expected_version=sp.version, actor="officer")
        # marked in the edit's own transaction, before anything is committed
        assert uow.reads.analysis_state(version.id) == "out_of_date"
        # a run of the version as it was before the edit stays out of date
        uow.runs.add(version.id, "simulation", {}, actor="officer", content_sha256=version.sha256)
        uow.runs.add(version.id, "challenge", {}, actor="officer", content_sha256=version.sha256)
        assert uow.reads.analysis_state(version.id) == "out_of_date"
        uow.runs.add(version.id, "simulation", {}, actor="officer")
        uow.runs.add(version.id, "challenge", {}, actor="officer")
        assert uow.reads.analysis_state(version.id) == "current"
