"""The JSON API and the main flows, on SQLite and on PostgreSQL."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import jsonschema
from fastapi.testclient import TestClient
from webtools import Site, csrf_from

from scrutiny.domain.vocab import Role
from scrutiny.workflows import proposals
from scrutiny.workflows import register as reg

SCHEMAS = Path(__file__).resolve().parents[2] / "docs" / "schemas"


def _api(client: TestClient) -> dict[str, str]:
    return {"X-CSRF-Token": client.get("/api/v1/session").json()["csrf_token"]}


def test_list_and_read_proposals(any_site: Site) -> None:
    client = any_site.client(Role.viewer)
    rows = client.get("/api/v1/proposals?council=Thurrock").json()
    assert rows and {r["council"] for r in rows} == {"Thurrock"}
    one = client.get(f"/api/v1/proposals/{rows[0]['id']}")
    assert one.status_code == 200
    assert one.headers["etag"] == f'"{one.json()["version"]}"'
    assert one.json()["proposal"]["ref"] == rows[0]["ref"]


def test_openapi_schema_lists_the_api(any_site: Site) -> None:
    schema = any_site.client(Role.viewer).get("/api/v1/openapi.json").json()
    paths = set(schema["paths"])
    assert {"/api/v1/proposals", "/api/v1/proposals/{proposal_id}", "/api/v1/extract"} <= paths
    assert "/api/v1/files/{file_version_id}/simulate" in paths


def test_create_then_update_with_optimistic_locking(any_site: Site) -> None:
    client = any_site.client(Role.officer)
    headers = _api(client)
    ref = f"API-{id(any_site)}"
    new = {
        "ref": ref,
        "title": "Shared legal service",
        "category": "commissioning",
        "savings": {"2024/25": 100000, "2025/26": 50000},
    }
    created = client.post(
        "/api/v1/proposals", json={"council": "Croydon", "proposal": new}, headers=headers
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert created.headers["location"] == f"/api/v1/proposals/{body['id']}"
    changed = {**body["proposal"], "title": "Shared legal service with Sutton"}
    updated = client.put(
        f"/api/v1/proposals/{body['id']}",
        json={"proposal": changed, "version": body["version"]},
        headers=headers,
    )
    assert updated.status_code == 200
    stale = client.put(
        f"/api/v1/proposals/{body['id']}",
        json={"proposal": {**changed, "title": "Lost"}, "version": body["version"]},
        headers=headers,
    )
    assert stale.status_code == 409
    again = client.get(f"/api/v1/proposals/{body['id']}").json()
    assert again["proposal"]["title"] == "Shared legal service with Sutton"
    duplicate = client.post(
        "/api/v1/proposals", json={"council": "Croydon", "proposal": new}, headers=headers
    )
    assert duplicate.status_code == 422
    assert ref in duplicate.json()["detail"]


def test_an_invalid_proposal_is_refused_naming_the_field(any_site: Site) -> None:
    client = any_site.client(Role.officer)
    bad = {"ref": "X-1", "title": "Bad", "savings": {"2024/25": "lots"}}
    response = client.post(
        "/api/v1/proposals", json={"council": "Croydon", "proposal": bad}, headers=_api(client)
    )
    assert response.status_code == 422
    assert "savings" in response.json()["detail"]


def test_simulate_and_challenge_follow_the_contract_schemas(any_site: Site) -> None:
    client = any_site.client(Role.officer)
    headers = _api(client)
    version = proposals.proposal_page(any_site.engine, reg.register(any_site.engine)[0].id)
    sim = client.post(f"/api/v1/files/{version.file_version_id}/simulate", headers=headers)
    assert sim.status_code == 200
    jsonschema.validate(sim.json(), _schema("simulate"))
    chal = client.post(f"/api/v1/files/{version.file_version_id}/challenge", headers=headers)
    assert chal.status_code == 200
    jsonschema.validate(chal.json(), _schema("challenge"))


def test_extract_returns_figures_with_offsets(any_site: Site) -> None:
    client = any_site.client(Role.officer)
    text = b"Members are asked to note a saving of \xc2\xa3450,000 in 2024/25.\n"
    response = client.post(
        "/api/v1/extract",
        files={"file": ("paper.txt", io.BytesIO(text), "text/plain")},
        headers=_api(client),
    )
    assert response.status_code == 200, response.text
    data = response.json()
    jsonschema.validate(data, _schema("extract"))
    money = data["money"][0]
    assert money["gbp"] == 450000
    assert text.decode()[money["start"] : money["end"]] == money["text"]


def test_upload_review_and_accept_a_figure(any_site: Site) -> None:
    officer = any_site.client(Role.officer)
    text = b"The directorate will save \xc2\xa3321,000 in 2024/25 by reducing agency staff.\n"
    upload = officer.post(
        "/documents",
        files={"file": ("budget paper.txt", io.BytesIO(text), "text/plain")},
        data={"csrf_token": csrf_from(officer.get("/documents").text)},
    )
    assert upload.status_code == 303
    review = officer.get(upload.headers["location"]).text
    assert '<mark class="app-highlight">£321,000</mark>' in review
    action = re.search(r'action="(/documents/\d+/figures/\d+/accept)"', review)
    assert action
    target = next(r for r in reg.register(any_site.engine, council="Croydon"))
    before = proposals.proposal_page(any_site.engine, target.id)
    accepted = officer.post(
        action.group(1),
        data={"proposal": str(target.id), "year": "2024/25", "csrf_token": csrf_from(review)},
    )
    assert accepted.status_code == 303
    after = proposals.proposal_page(any_site.engine, target.id)
    assert after.version == before.version + 1
    assert after.proposal.savings["2024/25"] == 321000
    evidence = after.proposal.evidence[-1]
    assert evidence.source == "budget paper.txt"
    assert evidence.quote and "£321,000" in evidence.quote
    assert (evidence.start, evidence.end) == (26, 34)


def test_member_flow_on_each_database(any_site: Site) -> None:
    member = any_site.client(Role.member)
    pid = reg.register(any_site.engine)[0].id
    token = csrf_from(member.get(f"/proposals/{pid}").text)
    response = member.post(
        f"/proposals/{pid}/conclusions",
        data={"conclusion": "Assured, subject to the EqIA.", "csrf_token": token},
    )
    assert response.status_code == 303
    assert "Assured, subject to the EqIA." in member.get(f"/proposals/{pid}").text


def _schema(name: str) -> dict[str, object]:
    return dict(json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8")))
