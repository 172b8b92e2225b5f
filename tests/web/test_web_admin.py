"""Administrators add and deactivate accounts; nobody else can."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from webtools import Site, csrf_from, sign_in

from scrutiny.domain.vocab import Role


def test_admin_adds_an_account_that_can_sign_in(site: Site) -> None:
    admin = site.client(Role.admin)
    token = csrf_from(admin.get("/admin/users").text)
    added = admin.post(
        "/admin/users",
        data={
            "email": "New.Member@Council.gov.uk",
            "role": "member",
            "password": "a long enough password",
            "csrf_token": token,
        },
    )
    assert added.status_code == 303
    assert "new.member@council.gov.uk" in admin.get("/admin/users").text
    newcomer = TestClient(site.app, follow_redirects=False)
    sign_in(newcomer, "new.member@council.gov.uk", "a long enough password")
    short = admin.post(
        "/admin/users",
        data={
            "email": "x@council.gov.uk",
            "role": "viewer",
            "password": "short",
            "csrf_token": token,
        },
    )
    assert short.status_code == 422
    assert "at least 10 characters" in short.text


def test_a_deactivated_user_is_signed_out_at_once(site: Site, viewer: TestClient) -> None:
    assert viewer.get("/").status_code == 200
    admin = site.client(Role.admin)
    page = admin.get("/admin/users").text
    row = re.search(
        r'viewer@council\.gov\.uk</td>.*?action="(/admin/users/\d+/deactivate)"', page, re.S
    )
    assert row
    assert admin.post(row.group(1), data={"csrf_token": csrf_from(page)}).status_code == 303
    refused = viewer.get("/")
    assert refused.status_code == 303 and refused.headers["location"] == "/sign-in"


def test_only_admins_manage_accounts(officer: TestClient) -> None:
    assert officer.get("/admin/users").status_code == 403
    token = csrf_from(officer.get("/").text)
    response = officer.post(
        "/admin/users",
        data={
            "email": "sneaky@council.gov.uk",
            "role": "admin",
            "password": "a long enough password",
            "csrf_token": token,
        },
    )
    assert response.status_code == 403
