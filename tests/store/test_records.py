"""Documents, extracted figures, drafts, users, runs and overrides: the tables others build on."""

from __future__ import annotations

import datetime

import pytest
from sqlalchemy import Engine

from scrutiny.domain.evidence import Override
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.vocab import Question, Role, Verdict
from scrutiny.errors import NotFound, UsageError
from scrutiny.store.unit_of_work import UnitOfWork


def test_a_document_is_stored_once_with_its_figures_and_drafts(engine: Engine) -> None:
    with UnitOfWork(engine, actor="officer") as uow:
        doc, created = uow.documents.add(
            sha256="a" * 64,
            filename="budget.pdf",
            media_type="application/pdf",
            size_bytes=1234,
            pages=12,
        )
        assert created
        again, created_again = uow.documents.add(
            sha256="a" * 64, filename="copy.pdf", media_type="application/pdf", size_bytes=1234
        )
        assert not created_again and again.id == doc.id
        n = uow.documents.add_figures(
            doc.id,
            [
                {
                    "figure": "money",
                    "text": "£1.1m",
                    "value": 1_100_000,
                    "kind": "saving",
                    "page": 3,
                    "start": 90,
                    "end": 95,
                },
                {
                    "figure": "money",
                    "text": "£0.300m",
                    "value": 300_000,
                    "kind": "saving",
                    "period": "per annum",
                    "page": 1,
                    "start": 10,
                    "end": 17,
                },
                {
                    "figure": "percentage",
                    "text": "7%",
                    "value": 0.07,
                    "page": 2,
                    "start": 5,
                    "end": 7,
                },
            ],
        )
        assert n == 3
        draft = uow.documents.add_draft(
            doc.id, title="Fostering", ref="CRO-001", page=3, savings={"2024/25": 1100000}
        )
        doc_id, draft_id = doc.id, draft.id
    with UnitOfWork(engine, actor="reviewer") as uow:
        assert [f.text for f in uow.documents.figures(doc_id, "money")] == ["£0.300m", "£1.1m"]
        assert len(uow.documents.figures(doc_id)) == 3
        assert [d.id for d in uow.documents.drafts(status="pending")] == [draft_id]
        uow.documents.review_draft(draft_id, "accepted", actor=uow.actor)
        with pytest.raises(UsageError):
            uow.documents.review_draft(draft_id, "maybe", actor=uow.actor)
    with UnitOfWork(engine) as uow:
        assert uow.documents.drafts(status="pending") == []
        entry = uow.audit.entries(entity="draft_proposal")[-1]
        assert entry.before == {"review_status": "pending", "reviewed_by": None}
        assert entry.after == {"review_status": "accepted", "reviewed_by": "reviewer"}
        assert [d.filename for d in uow.documents.all()] == ["budget.pdf"]
        with pytest.raises(NotFound):
            uow.documents.add_figures(999, [])


def test_users_are_unique_by_email_whatever_the_case(engine: Engine) -> None:
    with UnitOfWork(engine, actor="admin") as uow:
        user = uow.users.add("Clerk@Council.gov.uk", "argon2-hash", Role.officer, actor=uow.actor)
        assert user.email == "clerk@council.gov.uk" and user.active
        with pytest.raises(UsageError, match="already exists"):
            uow.users.add("clerk@council.gov.uk", "other", Role.viewer, actor=uow.actor)
    with UnitOfWork(engine, actor="admin") as uow:
        found = uow.users.by_email("CLERK@council.gov.uk")
        assert found is not None and found.role == "officer"
        uow.users.update(
            found.id, actor=uow.actor, role=Role.member, active=False, password_hash="new"
        )
    with UnitOfWork(engine) as uow:
        found = uow.users.by_email("clerk@council.gov.uk")
        assert found is not None and (found.role, found.active, found.password_hash) == (
            "member",
            False,
            "new",
        )
        assert uow.users.count() == 1
        entry = uow.audit.entries(entity="user")[-1]
        assert entry.changed == ["role", "active"]
        assert "new" not in str(entry.after)


def test_runs_and_overrides_for_a_file_version(engine: Engine, croydon: ProposalFile) -> None:
    with UnitOfWork(engine, actor="officer") as uow:
        version, _ = uow.files.add(croydon, source="croydon.yaml", actor=uow.actor)
        uow.runs.add(
            version.id, "simulation", {"iterations": 100}, actor=uow.actor, iterations=100, seed=1
        )
        uow.runs.add(
            version.id, "simulation", {"iterations": 200}, actor=uow.actor, iterations=200, seed=1
        )
        with pytest.raises(ValueError):
            uow.runs.add(version.id, "guess", {}, actor=uow.actor)
        ref = croydon.proposals[0].ref
        pid = uow.proposals.find(croydon.council, ref).id
        at = datetime.datetime(2024, 2, 1, 19, 30, tzinfo=datetime.UTC)
        first = Override(verdict=Verdict.not_assured, reason="No EqIA yet", by="Cllr A", at=at)
        second = Override(
            verdict=Verdict.partially_assured, reason="EqIA drafted", by="Cllr B", at=at
        )
        uow.overrides.add(pid, Question.impact, first)
        uow.overrides.add(pid, Question.impact, second)
        vid = version.id
    with UnitOfWork(engine) as uow:
        latest = uow.runs.latest(vid, "simulation")
        assert latest is not None and latest.result == {"iterations": 200}
        assert uow.runs.latest(vid, "challenge") is None
        assert [r.iterations for r in uow.runs.in_version(vid)] == [100, 200]
        overrides = uow.overrides.for_file_version(vid)
        assert list(overrides) == [(ref, Question.impact)]
        assert overrides[(ref, Question.impact)] == second
        entry = uow.audit.entries(entity="proposal", ref=ref)[-1]
        assert entry.action == "override" and entry.actor == "Cllr B"
        assert entry.before is not None and entry.before["verdict"] == "not_assured"
