"""One truth for every page: proposals keep their id, overrides and history when the register
gets a new version; figures older than the register say so and offer to run again; members'
verdicts and conclusions reach the register, the API and the downloaded report."""

from __future__ import annotations

import io
import re
import zipfile

import httpx
import openpyxl
import pytest
from fastapi.testclient import TestClient
from webtools import Site, csrf_from

from scrutiny.domain.vocab import Role
from scrutiny.workflows import proposals, scenario
from scrutiny.workflows import register as reg


def _api(client: TestClient) -> dict[str, str]:
    return {"X-CSRF-Token": client.get("/api/v1/session").json()["csrf_token"]}


def _override(member: TestClient, pid: int, reason: str) -> None:
    token = csrf_from(member.get(f"/proposals/{pid}").text)
    response = member.post(
        f"/proposals/{pid}/overrides",
        data={"question": "deliverable", "verdict": "not_assured", "reason": reason,
              "csrf_token": token},
    )  # fmt: skip
    assert response.status_code == 303, response.text


def _conclude(member: TestClient, pid: int, text: str) -> None:
    token = csrf_from(member.get(f"/proposals/{pid}").text)
    response = member.post(
        f"/proposals/{pid}/conclusions", data={"conclusion": text, "csrf_token": token}
    )
    assert response.status_code == 303, response.text


def _thr_csc_02(site: Site) -> reg.RegisterRow:
    """Thurrock's THR-CSC-02, £200,000 in 2022/23 in the seeded register."""
    return next(r for r in reg.register(site.engine, council="Thurrock") if r.ref == "THR-CSC-02")


def _save_480k(officer: TestClient, pid: int) -> httpx.Response:
    """Make the proposal's 2022/23 saving £480,000 through the API (refused is a failure)."""
    read = officer.get(f"/api/v1/proposals/{pid}").json()
    response = officer.put(
        f"/api/v1/proposals/{pid}",
        json={
            "proposal": {**read["proposal"], "savings": {"2022/23": 480000}},
            "version": read["version"],
        },
        headers=_api(officer),
    )
    assert response.status_code == 200, response.text
    return response


def test_adding_a_proposal_through_the_api_keeps_every_existing_proposal(any_site: Site) -> None:
    """Done when: every existing proposal keeps its id, overrides and history (SQLite and
    PostgreSQL), and its old version's page says so and offers no edit."""
    officer, member = any_site.client(Role.officer), any_site.client(Role.member)
    before = {r.ref: r.id for r in reg.register(any_site.engine, council="Croydon")}
    for ref, pid in before.items():
        _override(member, pid, f"No delivery plan for {ref}")
        _conclude(member, pid, f"Members want a plan for {ref}")
    histories = {pid: proposals.history(any_site.engine, pid)[1] for pid in before.values()}
    number = proposals.proposal_page(
        any_site.engine, next(iter(before.values()))
    ).file_version_number

    new = {"ref": "API-NEW-1", "title": "Shared legal service", "savings": {"2024/25": 90000}}
    created = officer.post(
        "/api/v1/proposals", json={"council": "Croydon", "proposal": new}, headers=_api(officer)
    )
    assert created.status_code == 201, created.text
    assert created.json()["id"] not in before.values()

    listed = officer.get("/api/v1/proposals?council=Croydon").json()
    after = {r["ref"]: r["id"] for r in listed}
    assert {ref: after[ref] for ref in before} == before
    for r in listed:
        if r["ref"] in before:
            assert r["member_verdicts"] == {"deliverable": "not_assured"}
            assert r["conclusion"] == f"Members want a plan for {r['ref']}"
    for ref, pid in before.items():
        read = officer.get(f"/api/v1/proposals/{pid}").json()
        assert read["current"] is True
        assert read["file_version_id"] == created.json()["file_version_id"]
        assert read["member_verdicts"]["deliverable"]["reason"] == f"No delivery plan for {ref}"
        assert [c["text"] for c in read["conclusions"]] == [f"Members want a plan for {ref}"]
        history = proposals.history(any_site.engine, pid)[1]
        assert history[: len(histories[pid])] == histories[pid]
        page = member.get(f"/proposals/{pid}").text
        removed = proposals.proposal_page(any_site.engine, pid).proposal.is_removed
        # A removed proposal has no verdicts on the three questions, so none to set beside them.
        assert (f"No delivery plan for {ref}" in page) is not removed
        assert f"Members want a plan for {ref}" in page
        assert f'action="/proposals/{pid}/conclusions"' in page
        assert "data-superseded" not in page
        assert f'href="/proposals/{pid}?version={number}"' in page  # its earlier version
        old = member.get(f"/proposals/{pid}?version={number}").text
        assert "data-superseded" in old
        assert f'href="/proposals/{pid}"' in old
        assert f"version {number} of Croydon" in old
        assert "/conclusions" not in old and "/overrides" not in old and "/scenario" not in old
    gone = member.get(f"/proposals/{created.json()['id']}?version={number}")
    assert gone.status_code == 404


def test_an_edit_of_a_small_register_is_analysed_again_at_once(site: Site) -> None:
    officer = site.client(Role.officer)
    row = _thr_csc_02(site)
    response = _save_480k(officer, row.id)
    assert response.json()["analysis"] == "current"
    page = proposals.proposal_page(site.engine, row.id)
    assert page.simulation is not None
    assert page.simulation.years["2022/23"].cumulative_target == 480000
    assert "data-analysis" not in officer.get(f"/proposals/{row.id}").text


def test_an_edit_of_a_large_register_marks_its_figures_out_of_date_everywhere(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scenario, "RUN_AT_ONCE", 0)  # every register counts as large
    officer, viewer = site.client(Role.officer), site.client(Role.viewer)
    row = _thr_csc_02(site)
    response = _save_480k(officer, row.id)
    assert response.json()["analysis"] == "out_of_date"
    listed = viewer.get("/api/v1/proposals?council=Thurrock").json()
    assert all(r["out_of_date"] for r in listed)

    for path in ("/", "/proposals", f"/proposals/{row.id}", "/reports"):
        html = viewer.get(path).text
        assert 'data-analysis="out-of-date"' in html, path
        assert "Thurrock: The register has changed since these figures were worked out" in html
        assert "Re-run analysis" not in html  # a viewer cannot run it
    assert "Out of date" in viewer.get("/proposals").text

    page = officer.get(f"/proposals/{row.id}").text
    assert "Re-run analysis for Thurrock" in page
    form = re.search(r'<form method="post" action="(/files/\d+/run)"', page)
    assert form
    rerun = officer.post(
        form.group(1), data={"csrf_token": csrf_from(page), "back": f"/proposals/{row.id}"}
    )
    assert rerun.status_code == 303
    assert rerun.headers["location"] == f"/proposals/{row.id}"
    assert 'data-analysis="out-of-date"' not in officer.get(f"/proposals/{row.id}").text
    assert officer.get(f"/api/v1/proposals/{row.id}").json()["analysis"] == "current"


def test_the_run_button_returns_only_to_a_page_of_this_site(site: Site) -> None:
    officer = site.client(Role.officer)
    fv = reg.overview(site.engine)[0].file_version_id
    token = csrf_from(officer.get("/").text)
    for back in ("https://elsewhere.example", "//elsewhere.example", "javascript:alert(1)"):
        response = officer.post(f"/files/{fv}/run", data={"csrf_token": token, "back": back})
        assert response.status_code == 303
        assert response.headers["location"] == "/"


def test_a_run_that_read_the_register_before_an_edit_is_stored_as_out_of_date(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit saved while a simulation is being worked out is not hidden by that run."""
    row = _thr_csc_02(site)
    analyse = scenario.run_analysis

    def edit_meanwhile(pf, **kwargs):  # type: ignore[no-untyped-def]
        page = proposals.proposal_page(site.engine, row.id)
        changed = page.proposal.model_copy(update={"title": "Edited during the run"})
        proposals.update_proposal(
            site.engine, row.id, changed, expected_version=page.version, actor="officer"
        )
        return analyse(pf, **kwargs)

    monkeypatch.setattr(scenario, "run_analysis", edit_meanwhile)
    fv = proposals.proposal_page(site.engine, row.id).file_version_id
    scenario.simulate_and_challenge(site.engine, fv, actor="officer", iterations=200)
    assert proposals.proposal_page(site.engine, row.id).analysis == "out_of_date"


def _report_text(client: TestClient, fv: int, fmt: str) -> str:
    response = client.get(f"/reports/{fv}/{fmt}")
    assert response.status_code == 200, response.text[:300]
    if fmt == "html":
        return response.text
    if fmt == "xlsx":  # the sheet it opens on first, then every cell of every sheet
        wb = openpyxl.load_workbook(io.BytesIO(response.content))
        cells = [str(c) for ws in wb.worksheets for r in ws.iter_rows(values_only=True) for c in r]
        return f"opens on: {wb.active.title if wb.active else ''}\n" + "\n".join(cells)
    with zipfile.ZipFile(io.BytesIO(response.content)) as z:
        return z.read("word/document.xml").decode("utf-8")


def test_the_report_carries_members_verdicts_and_conclusions_and_says_when_out_of_date(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scenario, "RUN_AT_ONCE", 0)
    officer, member = site.client(Role.officer), site.client(Role.member)
    row = _thr_csc_02(site)
    fv = proposals.proposal_page(site.engine, row.id).file_version_id
    _override(member, row.id, "The plan rests on one recruitment round")
    _conclude(member, row.id, "Members ask for a delivery plan by March")
    for fmt in ("html", "docx"):
        text = _report_text(officer, fv, fmt)
        assert "The plan rests on one recruitment round" in text, fmt
        assert "Members ask for a delivery plan by March" in text, fmt
        assert "Out of date" not in text, fmt
    assert "Out of date" not in _report_text(officer, fv, "xlsx")

    _save_480k(officer, row.id)
    for fmt in ("html", "docx", "xlsx"):
        text = _report_text(officer, fv, fmt)
        assert "Out of date" in text, fmt
        assert "the proposals were changed after the simulation and challenge" in text.lower(), fmt
    assert _report_text(officer, fv, "xlsx").startswith("opens on: Out of date\n")
    html = _report_text(officer, fv, "html")
    cover = html[html.index('<header class="cover">') : html.index("</header>")]
    assert "Out of date" in cover
    summary = html[html.index('<section id="summary">') :][:2000]
    assert "Out of date" in summary
