"""In chromium, with and without JavaScript: an officer enters a monitoring return and sees it
on the savings tracker; a refused one keeps what was typed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect
from test_web_browser import LiveServer, _axe, _context, sign_in
from test_web_browser import live as live

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_entering_a_return_puts_it_on_the_tracker(
    browser: Browser, live: LiveServer, js: bool
) -> None:
    context = _context(browser, js=js)
    page = context.new_page()
    sign_in(page, live, "officer")
    page.goto(f"{live.url}/monitoring?council=Thurrock")
    page.get_by_role("link", name="Enter a return for Thurrock").click()
    ref = "THR-CSC-01" if js else "THR-CSC-02"
    page.get_by_label("Period").fill("2022/23 Q1")
    page.get_by_label("Proposal").select_option(ref)
    page.get_by_label("Delivered to date (£)").fill("40000")
    page.get_by_label("Forecast for the year (£)").fill("not yet known")
    page.get_by_label("RAG rating").select_option("amber")
    page.get_by_label("Commentary").fill(
        f"Restructure consultation ran late ({'js' if js else 'no js'})"
    )
    page.get_by_role("button", name="Save return").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(
        summary.get_by_role("link", name=re.compile("Forecast for the year: must be an amount"))
    ).to_be_visible()
    expect(page.get_by_label("Commentary")).to_have_value(re.compile("consultation ran late"))

    page.get_by_label("Forecast for the year (£)").fill("160000")
    page.get_by_role("button", name="Save return").click()
    expect(page.get_by_text(f"Return for {ref} (2022/23 Q1) recorded")).to_be_visible()
    expect(page).to_have_url(f"{live.url}/monitoring?council=Thurrock")
    row = page.locator(f'tr[data-ref="{ref}"]')
    expect(row).to_contain_text("Amber")
    expect(row).to_contain_text("£40k")
    expect(row).to_contain_text("consultation ran late")

    page.get_by_label("RAG rating").select_option("amber")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(f'tr[data-ref="{ref}"]')).to_be_visible()
    expect(page).to_have_url(re.compile(r"rag=amber"))
    if js:
        errors = context.errors  # type: ignore[attr-defined]
        assert [e for e in errors if "status of 422" not in e] == []  # the refused form only
    context.close()


def test_the_tracker_and_a_refused_return_pass_axe(browser: Browser, live: LiveServer) -> None:
    context = _context(browser, js=True, bypass_csp=True)
    page = context.new_page()
    sign_in(page, live, "officer")
    page.goto(f"{live.url}/monitoring?council=Thurrock")
    expect(page.get_by_role("heading", name="Savings tracker")).to_be_visible()
    assert [(v["id"], v["help"]) for v in _axe(page)] == []  # no serious or critical violation
    page.goto(f"{live.url}/monitoring/return?council=Thurrock")
    page.get_by_label("Period").fill("next spring")
    page.get_by_role("button", name="Save return").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert [(v["id"], v["help"]) for v in _axe(page)] == []
    context.close()
