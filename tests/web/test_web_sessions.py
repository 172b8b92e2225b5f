"""Sessions kept in the database, the sign-in limit, trusted proxies, returning to the page asked
for after sign-in, and pages and downloads that no browser or proxy keeps a copy of."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import update
from webtools import PASSWORD, Site, csrf_from, settings_for

from scrutiny.config import load_settings, parse_networks
from scrutiny.domain.vocab import Role
from scrutiny.errors import ConfigError
from scrutiny.store.tables import SessionRow
from scrutiny.web.app import create_app
from scrutiny.web.proxies import forwarded_client
from scrutiny.web.security import FailureCounter, local_path
from scrutiny.workflows import register as reg
from scrutiny.workflows.accounts import list_accounts, set_active

OFFICER = "officer@council.gov.uk"


def attempt(client: TestClient, email: str, password: str, next: str | None = None) -> str | int:
    """One sign-in: where it sends the browser (on success), else the status code."""
    page = client.get("/sign-in")
    token = csrf_from(page.text if page.status_code == 200 else client.get("/").text)
    data = {"email": email, "password": password, "csrf_token": token}
    if next is not None:
        data["next"] = next
    response = client.post("/sign-in", data=data)
    return response.headers["location"] if response.status_code == 303 else response.status_code


def _at(site: Site, address: str) -> TestClient:
    """An anonymous client whose connection comes from `address`."""
    return TestClient(site.app, follow_redirects=False, client=(address, 50000))


# --------------------------------------------------------------------------------------------
# Sessions in the database: SQLite and PostgreSQL.


@pytest.fixture
def any_db(any_site: Site) -> Site:
    return any_site


def test_a_signed_out_cookie_is_refused_by_pages_and_the_api(any_db: Site) -> None:
    client = any_db.client(Role.officer)
    cookie = client.cookies.get("scrutiny_session")
    assert cookie and client.get("/api/v1/session").status_code == 200
    token = csrf_from(client.get("/").text)
    assert client.post("/sign-out", data={"csrf_token": token}).status_code == 303

    replay = TestClient(any_db.app, follow_redirects=False)
    replay.cookies.set("scrutiny_session", cookie)
    assert replay.get("/api/v1/session").status_code == 401
    page = replay.get("/proposals")
    assert page.status_code == 303 and page.headers["location"].startswith("/sign-in")


def test_deactivating_an_account_ends_every_session_of_it_and_re_activating_allows_sign_in(
    any_db: Site,
) -> None:
    desk, laptop = any_db.client(Role.viewer), any_db.client(Role.viewer)
    assert desk.get("/").status_code == 200 and laptop.get("/").status_code == 200
    admin = any_db.client(Role.admin)
    page = admin.get("/admin/users").text
    deactivate = re.search(
        r'viewer@council\.gov\.uk</td>.*?action="(/admin/users/(\d+)/deactivate)"', page, re.S
    )
    assert deactivate
    assert admin.post(deactivate.group(1), data={"csrf_token": csrf_from(page)}).status_code == 303
    for client in (desk, laptop):
        assert client.get("/api/v1/session").status_code == 401
    assert attempt(any_db.client(), "viewer@council.gov.uk", PASSWORD) == 400

    page = admin.get("/admin/users").text
    assert "Deactivated" in page
    activate = f"/admin/users/{deactivate.group(2)}/activate"
    assert f'action="{activate}"' in page
    assert admin.post(activate, data={"csrf_token": csrf_from(page)}).status_code == 303
    assert "re-activated for viewer@council.gov.uk" in admin.get("/admin/users").text
    assert attempt(any_db.client(), "viewer@council.gov.uk", PASSWORD) == "/"
    # the sessions ended by deactivation stay ended
    assert desk.get("/api/v1/session").status_code == 401


def test_only_admins_re_activate(site: Site, officer: TestClient) -> None:
    viewer_id = next(
        a.id for a, _ in list_accounts(site.engine) if a.email == "viewer@council.gov.uk"
    )
    set_active(site.engine, viewer_id, False, actor="test")
    token = csrf_from(officer.get("/").text)
    refused = officer.post(f"/admin/users/{viewer_id}/activate", data={"csrf_token": token})
    assert refused.status_code == 403
    assert attempt(site.client(), "viewer@council.gov.uk", PASSWORD) == 400


def test_an_expired_session_is_refused_even_with_a_valid_cookie(site: Site) -> None:
    client = site.client(Role.member)
    assert client.get("/").status_code == 200
    past = datetime.datetime.now(datetime.UTC) - datetime.timedelta(seconds=1)
    with site.engine.begin() as conn:
        conn.execute(update(SessionRow).values(expires_at=past))
    assert client.get("/api/v1/session").status_code == 401


def test_signing_in_again_replaces_the_session(site: Site) -> None:
    client = site.client(Role.officer)
    first = client.cookies.get("scrutiny_session")
    assert attempt(client, OFFICER, PASSWORD) == "/"
    replay = TestClient(site.app, follow_redirects=False)
    replay.cookies.set("scrutiny_session", first or "")
    assert replay.get("/api/v1/session").status_code == 401
    assert client.get("/api/v1/session").status_code == 200


# --------------------------------------------------------------------------------------------
# The sign-in limit counts failures only, per account and per address separately.


def test_eight_correct_sign_ins_in_a_minute_all_succeed(site: Site) -> None:
    client = site.client()
    assert [attempt(client, OFFICER, PASSWORD) for _ in range(8)] == ["/"] * 8


def test_failures_on_an_account_block_it_from_every_address(site: Site) -> None:
    limit = site.app.state.settings.signin_attempts_per_minute
    home = _at(site, "10.0.0.1")
    assert [attempt(home, OFFICER, "wrong password!") for _ in range(limit)] == [400] * limit
    elsewhere = _at(site, "10.0.0.2")
    assert attempt(elsewhere, OFFICER, PASSWORD) == 429
    # other accounts at the same address are not blocked
    assert attempt(home, "member@council.gov.uk", PASSWORD) == "/"


def test_a_colleague_mistyping_their_own_password_never_blocks_anyone_else(site: Site) -> None:
    limit = site.app.state.settings.signin_attempts_per_minute
    office = "10.1.1.1"
    colleague = _at(site, office)
    codes = [attempt(colleague, "viewer@council.gov.uk", "wrong password!") for _ in range(limit)]
    assert codes == [400] * limit
    assert attempt(colleague, "viewer@council.gov.uk", PASSWORD) == 429  # their own account
    assert attempt(_at(site, office), OFFICER, PASSWORD) == "/"


def test_failures_from_one_address_block_that_address_only(site: Site) -> None:
    per_address = site.app.state.settings.signin_failures_per_address_per_minute
    per_account = site.app.state.settings.signin_attempts_per_minute
    guesser = _at(site, "10.2.2.2")
    emails = [f"nobody{i}@council.gov.uk" for i in range(per_address)]
    assert per_address // len(emails) < per_account  # no single account reaches its own limit
    assert [attempt(guesser, e, "guess guess guess") for e in emails] == [400] * per_address
    assert attempt(guesser, OFFICER, PASSWORD) == 429
    assert attempt(_at(site, "10.2.2.3"), OFFICER, PASSWORD) == "/"


def test_failure_counter_forgets_failures_a_window_old() -> None:
    now = [0.0]
    counter = FailureCounter(3, 60.0, clock=lambda: now[0])
    for t in (0.0, 10.0, 20.0):
        now[0] = t
        assert not counter.blocked("k")
        counter.fail("k")
    assert counter.blocked("k") and not counter.blocked("other")
    now[0] = 59.9
    assert counter.blocked("k")
    now[0] = 60.0  # the first failure is now a full window old
    assert not counter.blocked("k")


# --------------------------------------------------------------------------------------------
# Trusted proxies: none by default, loopback included.


def _failures_until_blocked(site: Site, peer: str, forwarded: list[str]) -> bool:
    """Fail once from each forwarded address (through `peer`); whether `peer`'s next sign-in,
    from a fresh forwarded address, is blocked."""
    client = _at(site, peer)
    for i, address in enumerate(forwarded):
        client.headers["X-Forwarded-For"] = address
        assert attempt(client, f"nobody{i}@council.gov.uk", "guess guess guess") == 400
    client.headers["X-Forwarded-For"] = "203.0.113.250"
    return attempt(client, OFFICER, PASSWORD) == 429


def test_x_forwarded_for_from_loopback_is_ignored_by_default(site: Site) -> None:
    assert site.app.state.settings.trusted_proxies == ""
    n = site.app.state.settings.signin_failures_per_address_per_minute
    spoofed = [f"203.0.113.{i}" for i in range(n)]
    assert _failures_until_blocked(site, "127.0.0.1", spoofed)  # all counted against loopback


def test_a_trusted_proxy_passes_on_the_client_address(
    site: Site, tmp_path: Path, examples: Path
) -> None:
    settings = settings_for(site.app.state.settings.database_url, tmp_path)
    trusted = Site(
        app=create_app(settings.model_copy(update={"trusted_proxies": "127.0.0.1"})),
        examples=examples,
    )
    n = trusted.app.state.settings.signin_failures_per_address_per_minute
    clients = [f"203.0.113.{i}" for i in range(n)]
    assert not _failures_until_blocked(trusted, "127.0.0.1", clients)  # each client its own
    # the proxy's own word on the scheme is believed too: the cookie becomes Secure
    via_https = _at(trusted, "127.0.0.1")
    via_https.headers["X-Forwarded-Proto"] = "https"
    assert "Secure" in via_https.get("/sign-in").headers["set-cookie"]
    # and a peer that is not a trusted proxy cannot pretend to be one
    direct = _at(trusted, "10.9.9.9")
    direct.headers["X-Forwarded-Proto"] = "https"
    assert "Secure" not in direct.get("/sign-in").headers["set-cookie"]


def test_trusted_proxies_must_be_addresses_or_networks() -> None:
    with pytest.raises(ConfigError, match=r"SCRUTINY_TRUSTED_PROXIES: .*'proxy\.local'"):
        load_settings(trusted_proxies="10.0.0.1, proxy.local")
    assert [str(n) for n in parse_networks(" 10.0.0.1 , 192.168.0.0/24,")] == [
        "10.0.0.1/32",
        "192.168.0.0/24",
    ]


_ip = st.ip_addresses(v=4).map(str)


@settings(deadline=None)  # a loaded machine must not fail a pure check
@given(peer=_ip, hops=st.lists(_ip, max_size=5), trusted=st.lists(_ip, max_size=3))
def test_the_client_address_is_the_peer_unless_a_trusted_proxy_says_otherwise(
    peer: str, hops: list[str], trusted: list[str]
) -> None:
    networks = parse_networks(",".join(trusted))
    client = forwarded_client(peer, ", ".join(hops), networks)
    if peer not in trusted:
        assert client == peer
    else:
        assert client in [*hops, peer]
        untrusted = [h for h in hops if h not in trusted]
        if untrusted:
            assert client == untrusted[-1]  # the nearest hop no trusted proxy vouches for


# --------------------------------------------------------------------------------------------
# Back to the page asked for after sign-in; never to another site.


def test_a_deep_link_survives_sign_in(site: Site) -> None:
    pid = reg.register(site.engine)[0].id
    wanted = f"/proposals/{pid}/history?x=1"
    client = site.client()
    redirect = client.get(wanted)
    assert redirect.status_code == 303
    sign_in_page = client.get(redirect.headers["location"]).text
    assert 'name="next"' in sign_in_page and f'value="/proposals/{pid}/history?x=1"' in sign_in_page
    assert attempt(client, OFFICER, PASSWORD, next=wanted) == wanted
    assert client.get(wanted).status_code == 200
    # already signed in: the sign-in page sends them straight on
    again = client.get("/sign-in", params={"next": wanted})
    assert again.status_code == 303 and again.headers["location"] == wanted


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/path",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "/proposals\r\nSet-Cookie: x=1",
        "evil.example",
        "",
    ],
)
def test_sign_in_never_sends_anyone_to_another_site(site: Site, target: str) -> None:
    assert attempt(site.client(), OFFICER, PASSWORD, next=target) == "/"


@settings(deadline=None)  # a loaded machine must not fail a pure check
@given(st.text(max_size=60))
def test_local_path_accepts_only_paths_on_this_site(target: str) -> None:
    accepted = local_path(target)
    if accepted is not None:
        assert accepted == target
        assert target.startswith("/") and not target.startswith("//")
        assert "\\" not in target and not any(ord(c) < 0x20 for c in target)


@settings(deadline=None)  # a loaded machine must not fail a pure check
@given(st.from_regex(r"/[a-z0-9/_-]{0,30}(\?[a-z]=[0-9])?", fullmatch=True))
def test_local_path_keeps_ordinary_paths(target: str) -> None:
    assert local_path(target) == (None if target.startswith("//") else target)


# --------------------------------------------------------------------------------------------
# Cache-Control: no-store on everything signed in, and every download.


def test_signed_in_pages_api_and_downloads_are_not_stored(site: Site, officer: TestClient) -> None:
    pid = reg.register(site.engine)[0].id
    version = reg.overview(site.engine)[0].file_version_id
    paths = [
        "/",
        "/proposals",
        f"/proposals/{pid}",
        f"/proposals/{pid}/history",
        f"/proposals/{pid}/scenario",
        "/documents",
        "/reports",
        "/api/v1/proposals",
        f"/api/v1/proposals/{pid}",
        f"/reports/{version}/html",
        f"/reports/{version}/xlsx",
    ]
    for path in paths:
        response = officer.get(path)
        assert response.status_code == 200, path
        assert response.headers.get("cache-control") == "no-store", path
    admin = site.client(Role.admin)
    assert admin.get("/admin/users").headers.get("cache-control") == "no-store"
    # the app's own stylesheet is the same for everyone: caches may keep it
    assert site.client().get("/static/app.css").headers.get("cache-control") != "no-store"
