"""In a real browser: a deep link survives the sign-in form, and the paged review page and the
question asked before accepting into another council's proposal have no serious accessibility
violation."""

from __future__ import annotations

import io

from playwright.sync_api import Browser, expect
from test_web_browser import AXE, LiveServer, _axe, _context, live, sign_in
from webtools import PASSWORD

from scrutiny.workflows import documents
from scrutiny.workflows import register as reg

__all__ = ["live"]  # the module's live server, shared with these tests


def test_a_deep_link_opens_after_signing_in(browser: Browser, live: LiveServer) -> None:
    pid = reg.register(live.site.engine)[0].id
    context = _context(browser, js=False)
    page = context.new_page()
    page.goto(f"{live.url}/proposals/{pid}/history")
    page.get_by_label("Email address").fill("viewer@council.gov.uk")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert page.url == f"{live.url}/proposals/{pid}/history"
    # signing out ends the session: the same link asks to sign in again
    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{live.url}/proposals/{pid}/history")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    context.close()


def test_paged_review_and_council_question_are_accessible(
    browser: Browser, live: LiveServer
) -> None:
    assert AXE.is_file(), "axe-core is installed by `make web-assets` (npm ci)"
    lines = ["Croydon budget paper for Croydon Council.\n"] + [
        f"Item {i}: a saving of £{2000 + i:,} in 2025/26.\n" for i in range(120)
    ]
    doc = documents.store_upload(
        live.site.engine,
        live.site.app.state.settings,
        io.BytesIO("".join(lines).encode()),
        "croydon-paged.txt",
        actor="test",
    )
    context = _context(browser, js=True, bypass_csp=True)
    page = context.new_page()
    sign_in(page, live, "officer")
    problems = {}
    page.goto(f"{live.url}/documents/{doc}?page=2")
    expect(page.get_by_role("navigation", name="Pages of amounts")).to_be_visible()
    problems["review page 2"] = _axe(page)

    card = page.locator(".govuk-summary-card").first
    card.get_by_label("Accept into proposal").select_option(label="Thurrock: THR-CSC-01")
    card.get_by_role("button", name="Accept figure").click()
    expect(page.get_by_role("heading", name="This paper is about another council")).to_be_visible()
    problems["council question"] = _axe(page)
    found = {
        name: [(v["id"], v["impact"], v["help"]) for v in violations]
        for name, violations in problems.items()
        if violations
    }
    assert found == {}
    context.close()
