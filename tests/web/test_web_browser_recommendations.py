"""In chromium, with and without JavaScript: an officer records the executive's response to a
recommendation and adds an update; an item past its response date shows as overdue; the
pages pass axe-core."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import Browser, expect
from test_web_browser import LiveServer, _axe, _context, sign_in
from test_web_browser import live as live

from scrutiny.workflows import recommendations as recs

pytestmark = pytest.mark.browser

MEETING = datetime.date(2024, 1, 17)


def _track(live: LiveServer, text: str) -> int:
    rec = recs.add_recommendation(
        live.site.engine, "Croydon", text, addressee="Cabinet", owner="Director",
        meeting_date=MEETING, ref="2024-28 SAV CYPE 003", actor="clerk",
    )  # fmt: skip
    return rec.id


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_an_officer_responds_to_a_recommendation(
    browser: Browser, live: LiveServer, js: bool
) -> None:
    live.site.app.state.today = lambda: datetime.date(2024, 3, 27)
    rid = _track(live, f"Report on in-house fostering ({'with' if js else 'without'} scripts).")
    context = _context(browser, js=js)
    page = context.new_page()
    sign_in(page, live, "officer")
    page.get_by_role("link", name="Recommendations").click()
    page.get_by_role(
        "link", name=re.compile(re.escape(f"({'with' if js else 'without'} scripts)"))
    ).click()
    expect(page).to_have_url(f"{live.url}/recommendations/{rid}")
    page.get_by_label("The executive's response").select_option("partly")
    page.get_by_label("In its words").fill("A report twice a year.")
    page.get_by_role("button", name="Record response").click()
    expect(page.get_by_text("Response recorded")).to_be_visible()
    expect(page.locator("#response-given")).to_contain_text(
        "Partly accepted on 27 March 2024: A report twice a year."
    )
    page.get_by_label("Update", exact=True).fill("First report in June.")
    page.get_by_label("Status after this update").select_option("in_progress")
    page.get_by_role("button", name="Add update").click()
    expect(page.get_by_text("Update added")).to_be_visible()
    expect(page.locator("#summary")).to_contain_text("In progress")
    expect(page.get_by_text("First report in June.")).to_be_visible()
    if js:
        assert context.errors == []  # type: ignore[attr-defined]
    context.close()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_an_overdue_item_shows_as_overdue(browser: Browser, live: LiveServer, js: bool) -> None:
    text = f"Publish the sufficiency strategy ({'js' if js else 'no-js'})."
    rid = _track(live, text)
    live.site.app.state.today = lambda: datetime.date(2024, 3, 27)
    context = _context(browser, js=js)
    page = context.new_page()
    sign_in(page, live, "member")
    page.goto(f"{live.url}/recommendations")
    page.get_by_label("Overdue only").check()
    page.get_by_role("button", name="Apply filters").click()
    row = page.locator("tr", has_text=text)
    expect(row).to_contain_text("Overdue")
    expect(row).to_contain_text("by 10 days")
    row.get_by_role("link", name=text).click()
    expect(page).to_have_url(f"{live.url}/recommendations/{rid}")
    expect(page.locator("#summary")).to_contain_text("Overdue by 10 days")
    expect(page.get_by_role("button", name="Record response")).to_have_count(0)  # members read
    context.close()


def test_the_recommendation_pages_pass_axe(browser: Browser, live: LiveServer) -> None:
    rid = _track(live, "Check the pages with axe.")
    live.site.app.state.today = lambda: datetime.date(2024, 3, 27)
    context = _context(browser, js=True, bypass_csp=True)
    page = context.new_page()
    sign_in(page, live, "officer")
    for address in (
        "/recommendations?council=Croydon",
        f"/recommendations/{rid}",
        "/recommendations/new",
        "/plan?council=Croydon",
    ):
        page.goto(f"{live.url}{address}")
        assert [(v["id"], v["help"]) for v in _axe(page)] == [], address
    context.close()
