"""Cached page data is reused only while the database's data stamp holds: every change the
register or a proposal page shows is seen on the next request, whoever made it."""

from __future__ import annotations

import sqlite3

from fastapi.testclient import TestClient
from webtools import Site

from scrutiny.domain.vocab import Role
from scrutiny.store.unit_of_work import UnitOfWork
from scrutiny.workflows import proposals
from scrutiny.workflows import register as reg
from scrutiny.workflows.scenario import simulate_and_challenge


def _stamp(site: Site) -> tuple[object, ...]:
    with UnitOfWork(site.engine) as uow:
        return uow.reads.data_stamp()


def test_an_edited_title_shows_on_the_next_register_and_proposal_page(site: Site) -> None:
    officer: TestClient = site.client(Role.officer)
    row = reg.register(site.engine)[0]
    assert officer.get("/proposals").status_code == 200  # cached now
    assert officer.get(f"/proposals/{row.id}").status_code == 200
    before = _stamp(site)
    page = proposals.proposal_page(site.engine, row.id)
    edited = page.proposal.model_copy(update={"title": "Renamed after the committee met"})
    proposals.update_proposal(
        site.engine, row.id, edited, expected_version=page.version, actor="officer@council.gov.uk"
    )
    assert _stamp(site) != before
    assert "Renamed after the committee met" in officer.get("/proposals").text
    assert "Renamed after the committee met" in officer.get(f"/proposals/{row.id}").text


def test_a_new_run_moves_the_stamp_and_the_page_shows_it(site: Site) -> None:
    row = reg.register(site.engine)[0]
    first = proposals.proposal_page(site.engine, row.id)
    assert proposals.proposal_page(site.engine, row.id) is first  # unchanged database: reused
    simulate_and_challenge(site.engine, first.file_version_id, actor="test", iterations=500)
    again = proposals.proposal_page(site.engine, row.id)
    assert again is not first
    assert again.simulated_at is not None and first.simulated_at is not None
    assert again.simulated_at >= first.simulated_at


def test_a_change_made_outside_this_process_is_seen(site: Site) -> None:
    """Another process (here a bare SQLite connection) deletes the stored runs: the stamp moves
    and the register is read again, without probabilities."""
    officer = site.client(Role.officer)
    councils_before = {r.council for r in reg.register(site.engine)}
    before = _stamp(site)
    path = site.engine.url.database
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM runs")
    after_delete = _stamp(site)
    assert after_delete != before
    assert all(r.p_meet is None for r in reg.register(site.engine))
    text = officer.get("/proposals").text
    assert all(c in text for c in councils_before)
