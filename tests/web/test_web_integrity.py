"""Nothing broken is ever saved: out-of-range values from a form or the API answer 422 naming the
field, change nothing, and the council's simulation still runs. Ids out of range are 404."""

from __future__ import annotations

import io
import re

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from webtools import Site, csrf_from

from scrutiny.domain.limits import MAX_COUNCIL, MAX_MONEY, MAX_NAME, MAX_REF, MAX_TEXT, MAX_URL
from scrutiny.domain.vocab import Role
from scrutiny.store.unit_of_work import UnitOfWork
from scrutiny.workflows import proposals
from scrutiny.workflows import register as reg


@pytest.fixture
def site(any_site: Site) -> Site:
    """These tests run on SQLite and on PostgreSQL."""
    return any_site


def _api(client: TestClient) -> dict[str, str]:
    return {"X-CSRF-Token": client.get("/api/v1/session").json()["csrf_token"]}


def _versions(site: Site, council: str) -> int:
    with UnitOfWork(site.engine) as uow:
        return len(uow.files.versions(council))


def _simulation_still_runs(client: TestClient, site: Site, council: str) -> None:
    with UnitOfWork(site.engine) as uow:
        latest = uow.files.latest(council)
        assert latest is not None
    response = client.post(f"/api/v1/files/{latest.id}/simulate", headers=_api(client))
    assert response.status_code == 200, response.text
    assert response.json()["proposals"], "the simulation covers the council's proposals"


def _restructure(site: Site) -> int:
    rows = reg.register(site.engine, council="Thurrock")
    return next(
        r.id
        for r in rows
        if (p := proposals.proposal_page(site.engine, r.id).proposal).model is not None
        and p.model.type == "restructure"
    )


def test_an_api_saving_of_1e308_is_refused_and_nothing_changes(site: Site) -> None:
    client = site.client(Role.officer)
    before = _versions(site, "Croydon")
    new = {"ref": "HUGE-1", "title": "Huge saving", "savings": {"2024/25": 1e308}}
    response = client.post(
        "/api/v1/proposals", json={"council": "Croydon", "proposal": new}, headers=_api(client)
    )
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, str) and "savings" in detail and "2024/25" in detail
    assert _versions(site, "Croydon") == before
    assert "HUGE-1" not in {r.ref for r in reg.register(site.engine, council="Croydon")}
    _simulation_still_runs(client, site, "Croydon")


def test_an_api_update_out_of_range_is_refused_and_the_version_stays(site: Site) -> None:
    client = site.client(Role.officer)
    pid = _restructure(site)
    body = client.get(f"/api/v1/proposals/{pid}").json()
    changed = body["proposal"]
    changed["model"]["inputs"]["fte_deleted"] = 1e300
    response = client.put(
        f"/api/v1/proposals/{pid}",
        json={"proposal": changed, "version": body["version"]},
        headers=_api(client),
    )
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert "model.inputs.fte_deleted: is above 1e+06 [fte]" in detail
    assert "proposals[" not in detail  # named as in the proposal sent
    assert proposals.proposal_page(site.engine, pid).version == body["version"]
    _simulation_still_runs(client, site, "Thurrock")


def test_a_scenario_with_fte_deleted_1e300_is_refused_and_nothing_changes(
    site: Site, officer: TestClient
) -> None:
    pid = _restructure(site)
    before = proposals.proposal_page(site.engine, pid)
    form = officer.get(f"/proposals/{pid}/scenario").text
    response = officer.post(
        f"/proposals/{pid}/scenario",
        data={
            "in:fte_deleted": "1e300",
            "csrf_token": csrf_from(form),
            "version": str(before.version),
            "action": "save",
        },
    )
    assert response.status_code == 422, response.text
    assert "fte_deleted" in response.text
    after = proposals.proposal_page(site.engine, pid)
    assert after.version == before.version
    assert after.proposal == before.proposal
    _simulation_still_runs(officer, site, "Thurrock")


def test_a_ten_megabyte_title_is_refused_in_one_short_line(site: Site) -> None:
    client = site.client(Role.officer)
    new = {"ref": "LONG-1", "title": "x" * 10_000_000}
    response = client.post(
        "/api/v1/proposals", json={"council": "Croydon", "proposal": new}, headers=_api(client)
    )
    assert response.status_code == 422
    assert "title" in response.json()["detail"]
    assert "300 characters" in response.json()["detail"]
    assert len(response.content) < 1_000, "the refused title is not echoed back"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/proposals/99999999999999999999",
        f"/api/v1/proposals/{2**63}",
        f"/proposals/{2**63}",
        f"/proposals/{2**31}/history",
        "/proposals/0",
        f"/documents/{2**64}",
    ],
)
def test_an_id_out_of_range_is_not_found_with_the_security_headers(site: Site, path: str) -> None:
    response = site.client(Role.viewer).get(path)
    assert response.status_code == 404
    assert response.headers["x-frame-options"] == "DENY"
    assert "content-security-policy" in response.headers


def test_an_unexpected_fault_still_carries_the_security_headers(site: Site) -> None:
    def broken() -> None:
        raise RuntimeError("a fault")

    site.app.add_api_route("/broken-for-test", broken)
    client = TestClient(site.app, raise_server_exceptions=False)
    response = client.get("/broken-for-test")
    assert response.status_code == 500
    assert response.headers["x-frame-options"] == "DENY"
    assert "a fault" not in response.text


def test_the_scenario_form_names_the_input_that_is_out_of_bounds(
    site: Site, officer: TestClient
) -> None:
    pid = _restructure(site)
    form = officer.get(f"/proposals/{pid}/scenario").text
    version = re.search(r'name="version" value="(\d+)"', form)
    assert version
    response = officer.post(
        f"/proposals/{pid}/scenario",
        data={
            "in:fte_deleted": "-3",
            "csrf_token": csrf_from(form),
            "version": version.group(1),
            "action": "compare",
        },
    )
    assert response.status_code == 422
    assert "fte_deleted" in response.text and "below 0" in response.text


def test_a_title_of_1_plus_1_is_text_in_the_downloaded_tracker(site: Site) -> None:
    client = site.client(Role.officer)
    new = {"ref": "FORMULA-1", "title": "=1+1", "savings": {"2024/25": 1000}}
    created = client.post(
        "/api/v1/proposals", json={"council": "Croydon", "proposal": new}, headers=_api(client)
    )
    assert created.status_code == 201, created.text
    download = client.get(f"/reports/{created.json()['file_version_id']}/xlsx")
    assert download.status_code == 200
    ws = load_workbook(io.BytesIO(download.content))["Savings tracker"]
    titles = {row[0].value: row[1] for row in ws.iter_rows(min_row=2) if row[0].value}
    assert titles["FORMULA-1"].value == "=1+1"
    assert titles["FORMULA-1"].data_type == "s"


def test_text_at_every_limit_is_stored_and_one_more_character_is_refused(site: Site) -> None:
    """The limits fit the database's columns: at the limit it saves (on PostgreSQL too)."""
    client = site.client(Role.officer)
    longest = {
        "ref": "R" * MAX_REF,
        "title": "T" * MAX_NAME,
        "service": "S" * MAX_NAME,
        "description": "D" * MAX_TEXT,
        "savings": {"2024/25": MAX_MONEY - 1},
        "alternatives": [{"title": "A" * MAX_NAME, "reason_rejected": "R" * MAX_TEXT}],
        "risks": [{"description": "K" * MAX_TEXT, "likelihood": 2, "impact": 3}],
        "evidence": [
            {
                "source": "P" * MAX_NAME,
                "locator": "L" * MAX_NAME,
                "quote": "Q" * MAX_TEXT,
                "url": "https://example.org/" + "u" * (MAX_URL - 20),
            }
        ],
    }
    council = "C" * MAX_COUNCIL
    created = client.post(
        "/api/v1/proposals", json={"council": council, "proposal": longest}, headers=_api(client)
    )
    assert created.status_code == 201, created.text
    stored = proposals.proposal_page(site.engine, created.json()["id"]).proposal
    assert (
        stored.title == longest["title"] and stored.evidence[0].url == longest["evidence"][0]["url"]
    )  # type: ignore[index]
    for field, value in [("title", "T" * (MAX_NAME + 1)), ("ref", "R" * (MAX_REF + 1))]:
        refused = client.post(
            "/api/v1/proposals",
            json={"council": council, "proposal": {**longest, field: value}},
            headers=_api(client),
        )
        assert refused.status_code == 422 and field in refused.json()["detail"]
    too_long_council = client.post(
        "/api/v1/proposals",
        json={"council": council + "C", "proposal": {**longest, "ref": "R2"}},
        headers=_api(client),
    )
    assert too_long_council.status_code == 422 and "council" in too_long_council.json()["detail"]
