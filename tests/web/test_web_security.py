"""What keeps the app safe on a council network: no anonymous access, roles, CSRF, optimistic
locking, upload names, escaping, and the sign-in rate limit."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from webtools import PASSWORD, Site, csrf_from

from scrutiny.domain.vocab import Role
from scrutiny.workflows import proposals
from scrutiny.workflows import register as reg

PUBLIC = {("/sign-in", "GET"), ("/sign-in", "POST")}


@pytest.fixture
def site(any_site: Site) -> Site:
    """Every security test runs on SQLite and on PostgreSQL."""
    return any_site


def _api_routes(routes: list[Any], prefix: str = "") -> list[tuple[str, APIRoute]]:
    """Every endpoint, looking inside included routers (whatever FastAPI wraps them in)."""
    out: list[tuple[str, APIRoute]] = []
    for route in routes:
        if isinstance(route, APIRoute):
            out.append((prefix + route.path, route))
        elif hasattr(route, "original_router"):
            inner = getattr(route, "include_context", None)
            out.extend(
                _api_routes(route.original_router.routes, prefix + getattr(inner, "prefix", ""))
            )
    return out


def _routes(site: Site) -> list[tuple[str, str]]:
    out = []
    for path, route in _api_routes(site.app.routes):
        concrete = re.sub(r"\{[^}]+\}", "1", path)
        out.extend((concrete, m) for m in sorted(route.methods))
    return out


def test_every_route_but_sign_in_refuses_an_anonymous_request(site: Site) -> None:
    client = site.client()
    token = csrf_from(client.get("/sign-in").text)  # a valid token: only the missing user counts
    routes = [r for r in _routes(site) if r not in PUBLIC]
    assert len(routes) >= 15
    for path, method in routes:
        response = client.request(method, path, headers={"X-CSRF-Token": token})
        if path.startswith("/api/"):
            assert response.status_code == 401, (method, path, response.status_code)
        else:
            assert response.status_code == 303, (method, path, response.status_code)
            # a page asked for is remembered for after sign-in; a form's target is not
            expected = (
                "/sign-in"
                if method != "GET" or path == "/"
                else f"/sign-in?next={quote(path, safe='')}"
            )
            assert response.headers["location"] == expected, (method, path)


def test_static_assets_are_public(site: Site) -> None:
    response = site.client().get("/static/app.css")
    assert response.status_code == 200


def test_a_viewer_cannot_write(site: Site, viewer: TestClient) -> None:
    token = csrf_from(viewer.get("/").text)
    writes = [
        (p, m)
        for p, m in _routes(site)
        if m in {"POST", "PUT"} and p not in ("/sign-in", "/sign-out")
    ]
    assert writes
    for path, method in writes:
        response = viewer.request(method, path, headers={"X-CSRF-Token": token}, data={})
        assert response.status_code == 403, (method, path, response.status_code)
    # and nothing changed: no conclusion or override was recorded
    pid = reg.register(site.engine)[0].id
    assert proposals.proposal_page(site.engine, pid).conclusions == []


def test_a_form_without_a_valid_csrf_token_is_refused(site: Site, member: TestClient) -> None:
    pid = reg.register(site.engine)[0].id
    for data in ({"conclusion": "x"}, {"conclusion": "x", "csrf_token": "forged"}):
        response = member.post(f"/proposals/{pid}/conclusions", data=data)
        assert response.status_code == 403
        assert "did not come from this service" in response.text
    assert proposals.proposal_page(site.engine, pid).conclusions == []
    api = member.put(f"/api/v1/proposals/{pid}", json={"version": 1, "proposal": {}})
    assert api.status_code == 403


def test_sign_in_refuses_a_missing_token(site: Site) -> None:
    client = site.client()
    response = client.post(
        "/sign-in", data={"email": "officer@council.gov.uk", "password": PASSWORD}
    )
    assert response.status_code == 403


def test_a_stale_update_gets_409_and_changes_nothing(site: Site, officer: TestClient) -> None:
    token = officer.get("/api/v1/session").json()["csrf_token"]
    pid = reg.register(site.engine)[0].id
    read = officer.get(f"/api/v1/proposals/{pid}")
    etag = read.headers["etag"]
    body = read.json()
    first = {**body["proposal"], "title": "First change"}
    ok = officer.put(
        f"/api/v1/proposals/{pid}",
        json={"proposal": first},
        headers={"X-CSRF-Token": token, "If-Match": etag},
    )
    assert ok.status_code == 200, ok.text
    assert ok.json()["version"] == body["version"] + 1
    second = {**body["proposal"], "title": "Second change from the old copy"}
    stale = officer.put(
        f"/api/v1/proposals/{pid}",
        json={"proposal": second, "version": body["version"]},
        headers={"X-CSRF-Token": token},
    )
    assert stale.status_code == 409
    assert "changed by someone else" in stale.json()["detail"]
    assert proposals.proposal_page(site.engine, pid).proposal.title == "First change"
    missing = officer.put(
        f"/api/v1/proposals/{pid}", json={"proposal": second}, headers={"X-CSRF-Token": token}
    )
    assert missing.status_code == 428


@pytest.mark.parametrize(
    "name",
    ["../../escape.txt", "..\\..\\escape.txt", "/etc/escape.txt", "sub/../../../escape.txt"],
)
def test_an_uploaded_file_name_cannot_escape_the_upload_folder(
    site: Site, officer: TestClient, tmp_path: Path, name: str
) -> None:
    token = csrf_from(officer.get("/documents").text)
    text = b"The saving is \xc2\xa3250,000 in 2024/25 from fewer agency staff.\n"
    response = officer.post(
        "/documents",
        files={"file": (name, io.BytesIO(text), "text/plain")},
        data={"csrf_token": token},
    )
    assert response.status_code == 303, response.text
    uploads = site.app.state.settings.upload_dir.resolve()
    stored = [p for p in tmp_path.rglob("*") if p.is_file() and "escape" in p.name]
    assert stored == []
    kept = list(uploads.iterdir())
    assert len(kept) == 1 and re.fullmatch(r"[0-9a-f]{32}\.txt", kept[0].name)
    review = officer.get(response.headers["location"]).text
    assert "escape.txt" in review and ".." not in re.findall(r"caption-l\">([^<]*)<", review)[0]


def test_an_unreadable_kind_of_file_is_refused_before_it_is_stored(
    site: Site, officer: TestClient
) -> None:
    token = csrf_from(officer.get("/documents").text)
    response = officer.post(
        "/documents",
        files={"file": ("payload.exe", io.BytesIO(b"MZ"), "application/octet-stream")},
        data={"csrf_token": token},
    )
    assert response.status_code == 422
    uploads = site.app.state.settings.upload_dir
    assert not uploads.exists() or list(uploads.iterdir()) == []


SCRIPT = '<script>alert("x")</script>'


def test_html_in_proposal_text_and_documents_is_escaped(site: Site, officer: TestClient) -> None:
    token = officer.get("/api/v1/session").json()["csrf_token"]
    pid = reg.register(site.engine)[0].id
    read = officer.get(f"/api/v1/proposals/{pid}").json()
    changed = {**read["proposal"], "title": f"Cut {SCRIPT}", "description": SCRIPT}
    assert (
        officer.put(
            f"/api/v1/proposals/{pid}",
            json={"proposal": changed, "version": read["version"]},
            headers={"X-CSRF-Token": token},
        ).status_code
        == 200
    )
    for path in (f"/proposals/{pid}", "/proposals", "/"):
        html = officer.get(path).text
        assert SCRIPT not in html, path
    assert "&lt;script&gt;" in officer.get(f"/proposals/{pid}").text
    doc = f"<p>Saving of £1,000 {SCRIPT} in 2024/25.</p>".encode()
    upload = officer.post(
        "/documents",
        files={"file": ("evil.txt", io.BytesIO(doc), "text/plain")},
        data={"csrf_token": csrf_from(officer.get("/documents").text)},
    )
    assert upload.status_code == 303
    review = officer.get(upload.headers["location"]).text
    assert SCRIPT not in review and "&lt;script&gt;" in review


def test_sign_in_is_rate_limited(site: Site) -> None:
    client = site.client()
    limit = site.app.state.settings.signin_attempts_per_minute
    token = csrf_from(client.get("/sign-in").text)
    codes = [
        client.post(
            "/sign-in",
            data={
                "email": "officer@council.gov.uk",
                "password": "wrong password!",
                "csrf_token": token,
            },
        ).status_code
        for _ in range(limit + 1)
    ]
    assert codes[:limit] == [400] * limit
    assert codes[limit] == 429
    # even the right password is refused until the minute is up
    right = client.post(
        "/sign-in",
        data={"email": "officer@council.gov.uk", "password": PASSWORD, "csrf_token": token},
    )
    assert right.status_code == 429


def test_session_cookie_is_httponly_samesite_and_secure_over_https(site: Site) -> None:
    plain = site.client().get("/sign-in").headers["set-cookie"]
    assert "HttpOnly" in plain and "SameSite=Lax" in plain and "Secure" not in plain
    secure_client = TestClient(site.app, base_url="https://testserver", follow_redirects=False)
    over_https = secure_client.get("/sign-in").headers["set-cookie"]
    assert "Secure" in over_https


def test_a_wrong_password_does_not_sign_in(site: Site) -> None:
    client = site.client()
    token = csrf_from(client.get("/sign-in").text)
    response = client.post(
        "/sign-in",
        data={
            "email": "viewer@council.gov.uk",
            "password": "not the password",
            "csrf_token": token,
        },
    )
    assert response.status_code == 400
    assert "Enter a correct email address and password" in response.text
    assert client.get("/").status_code == 303


@pytest.mark.parametrize("role", list(Role))
def test_every_role_can_read_the_pages(site: Site, role: Role) -> None:
    client = site.client(role)
    pid = reg.register(site.engine)[0].id
    for path in ("/", "/proposals", f"/proposals/{pid}", f"/proposals/{pid}/history", "/documents"):
        assert client.get(path).status_code == 200, (role, path)


def test_roles_split_the_work(site: Site, officer: TestClient, member: TestClient) -> None:
    """Officers edit and run but do not conclude; members conclude but do not edit."""
    pid = reg.register(site.engine)[0].id
    officer_token = csrf_from(officer.get(f"/proposals/{pid}").text)
    member_token = csrf_from(member.get(f"/proposals/{pid}").text)
    assert (
        officer.post(
            f"/proposals/{pid}/conclusions", data={"conclusion": "x", "csrf_token": officer_token}
        ).status_code
        == 403
    )
    assert member.get(f"/proposals/{pid}/scenario").status_code == 403
    assert (
        member.post(
            f"/proposals/{pid}/scenario", data={"csrf_token": member_token, "version": "1"}
        ).status_code
        == 403
    )
    assert "Try a scenario" not in member.get(f"/proposals/{pid}").text
    assert "Record a conclusion" not in officer.get(f"/proposals/{pid}").text


def test_every_change_from_the_web_is_in_the_proposal_history(
    site: Site, officer: TestClient, member: TestClient
) -> None:
    pid = reg.register(site.engine)[0].id
    token = csrf_from(member.get(f"/proposals/{pid}").text)
    member.post(
        f"/proposals/{pid}/overrides",
        data={
            "question": "alternatives",
            "verdict": "not_assured",
            "reason": "Only one option.",
            "csrf_token": token,
        },
    )
    api = {"X-CSRF-Token": officer.get("/api/v1/session").json()["csrf_token"]}
    read = officer.get(f"/api/v1/proposals/{pid}").json()
    officer.put(
        f"/api/v1/proposals/{pid}",
        json={"proposal": {**read["proposal"], "title": "Renamed"}, "version": read["version"]},
        headers=api,
    )
    _ref, entries = proposals.history(site.engine, pid)
    actions = [(e.action, e.actor) for e in entries]
    assert ("override", "member@council.gov.uk") in actions
    assert ("update", "officer@council.gov.uk") in actions
    update = next(
        e for e in entries if e.action == "update" and e.actor == "officer@council.gov.uk"
    )
    assert "title" in update.changed
