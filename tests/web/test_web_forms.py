"""A refused form comes back with what was typed, the GOV.UK error summary and each error beside
its field (422), and nothing is saved; after saving with htmx the address is the saved page."""

from __future__ import annotations

import html
import io
import re

from fastapi.testclient import TestClient
from test_web_scenario import _croydon_vacancy
from webtools import Site, csrf_from

from scrutiny.domain.limits import MAX_TEXT
from scrutiny.domain.vocab import Role
from scrutiny.workflows import proposals
from scrutiny.workflows import register as reg


def _summary(page: str) -> list[tuple[str, str]]:
    """(field id, message) for each entry of the error summary."""
    assert 'class="govuk-error-summary"' in page
    return re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', page)


def _history(site: Site, pid: int) -> list[str]:
    return [e.action for e in proposals.history(site.engine, pid)[1]]


def test_a_conclusion_too_long_comes_back_with_the_text(site: Site, member: TestClient) -> None:
    pid = reg.register(site.engine)[0].id
    before = _history(site, pid)
    text = "The committee is not assured. " + "x" * MAX_TEXT
    response = member.post(
        f"/proposals/{pid}/conclusions",
        data={"conclusion": text, "csrf_token": csrf_from(member.get(f"/proposals/{pid}").text)},
    )
    assert response.status_code == 422
    assert _summary(response.text) == [
        ("conclusion", "the conclusion must be at most 10,000 characters")
    ]
    assert 'id="conclusion-error"' in response.text
    assert "The committee is not assured. xxx" in response.text  # what was typed is kept
    assert _history(site, pid) == before


def test_an_override_without_a_question_keeps_the_verdict_and_reason(
    site: Site, member: TestClient
) -> None:
    # A proposal still in the plan: a removed one has no verdicts to override.
    pid = next(r.id for r in reg.register(site.engine) if r.status != "removed")
    before = _history(site, pid)
    response = member.post(
        f"/proposals/{pid}/overrides",
        data={
            "question": "",
            "verdict": "not_assured",
            "reason": "Agency costs are rising & the plan is late",
            "csrf_token": csrf_from(member.get(f"/proposals/{pid}").text),
        },
    )
    assert response.status_code == 422
    assert _summary(response.text) == [("question", "Choose one of the three questions")]
    assert 'class="govuk-select govuk-select--error" id="question"' in response.text
    assert '<option value="not_assured" selected>' in response.text
    assert html.escape("Agency costs are rising & the plan is late") in response.text
    assert _history(site, pid) == before


def test_a_new_account_with_a_bad_email_keeps_the_email_not_the_password(site: Site) -> None:
    admin = site.client(Role.admin)
    token = csrf_from(admin.get("/admin/users").text)
    response = admin.post(
        "/admin/users",
        data={
            "email": "not-an-address",
            "role": "member",
            "password": "a long enough secret",
            "csrf_token": token,
        },
    )
    assert response.status_code == 422
    assert [field for field, _ in _summary(response.text)] == ["email"]
    assert 'value="not-an-address"' in response.text
    assert '<option value="member" selected>' in response.text
    assert "a long enough secret" not in response.text


def test_an_unreadable_upload_comes_back_to_the_upload_form(
    site: Site, officer: TestClient
) -> None:
    response = officer.post(
        "/documents",
        files={"file": ("payload.exe", io.BytesIO(b"MZ"), "application/octet-stream")},
        data={"csrf_token": csrf_from(officer.get("/documents").text)},
    )
    assert response.status_code == 422
    assert [field for field, _ in _summary(response.text)] == ["file"]
    assert 'id="file-error"' in response.text and 'name="file"' in response.text


def test_a_figure_accepted_with_a_bad_year_keeps_the_choice(
    site: Site, officer: TestClient
) -> None:
    text = b"The directorate will save \xc2\xa3321,000 in 2024/25 by reducing agency staff.\n"
    upload = officer.post(
        "/documents",
        files={"file": ("paper.txt", io.BytesIO(text), "text/plain")},
        data={"csrf_token": csrf_from(officer.get("/documents").text)},
    )
    review = officer.get(upload.headers["location"]).text
    action = re.search(r'action="(/documents/\d+/figures/(\d+)/accept)"', review)
    assert action
    fid = action.group(2)
    target = reg.register(site.engine, council="Croydon")[0]
    before = proposals.proposal_page(site.engine, target.id).version
    response = officer.post(
        action.group(1),
        data={"proposal": str(target.id), "year": "next year", "csrf_token": csrf_from(review)},
    )
    assert response.status_code == 422
    assert [field for field, _ in _summary(response.text)] == [f"year-{fid}"]
    assert f'<option value="{target.id}" selected>' in response.text
    assert 'value="next year"' in response.text
    assert proposals.proposal_page(site.engine, target.id).version == before


def _scenario(site: Site, client: TestClient, pid: int, value: str, **headers: str):  # type: ignore[no-untyped-def]
    form = client.get(f"/proposals/{pid}/scenario").text
    version = re.search(r'name="version" value="(\d+)"', form)
    field = re.search(r'name="(in:[^"]+)"', form)
    assert version and field
    return client.post(
        f"/proposals/{pid}/scenario",
        data={
            field.group(1): value,
            "csrf_token": csrf_from(form),
            "version": version.group(1),
            "action": "save",
        },
        headers=headers,
    )


def test_saving_a_scenario_with_htmx_sends_the_browser_to_the_proposal(
    site: Site, officer: TestClient
) -> None:
    pid = _croydon_vacancy(site)
    saved = _scenario(site, officer, pid, "250", **{"HX-Request": "true"})
    assert saved.status_code == 200
    assert saved.headers["HX-Redirect"] == f"/proposals/{pid}"
    plain = _scenario(site, officer, pid, "240")
    assert plain.status_code == 303 and plain.headers["location"] == f"/proposals/{pid}"


def test_a_refused_scenario_keeps_the_number_typed_beside_its_field(
    site: Site, officer: TestClient
) -> None:
    pid = _croydon_vacancy(site)
    response = _scenario(site, officer, pid, "1e300")
    assert response.status_code == 422
    (field, message), *_ = _summary(response.text)
    assert field.startswith("in-") and "above" in message
    assert 'value="1e300"' in response.text
    assert f'id="{field}-error"' in response.text
