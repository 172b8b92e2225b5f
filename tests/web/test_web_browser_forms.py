"""In chromium, with and without JavaScript: after saving a scenario the address is the page
shown, and a refused form keeps what was typed with an accessible error summary."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect
from test_web_browser import LiveServer, _axe, _context, _croydon_vacancy, sign_in
from test_web_browser import live as live

from scrutiny.workflows import register as reg

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_after_saving_a_scenario_the_address_is_the_proposal(
    browser: Browser, live: LiveServer, js: bool
) -> None:
    context = _context(browser, js=js)
    page = context.new_page()
    sign_in(page, live, "officer")
    pid = _croydon_vacancy(live)
    page.goto(f"{live.url}/proposals/{pid}/scenario")
    page.get_by_label(re.compile(r"^Budgeted establishment \(FTE\)")).fill("250" if js else "255")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_text(re.compile(r"Saved as version \d+"))).to_be_visible()
    expect(page).to_have_url(f"{live.url}/proposals/{pid}")
    expect(page.get_by_role("heading", name="Savings profile")).to_be_visible()
    if js:
        assert context.errors == []  # type: ignore[attr-defined]
    context.close()


def test_a_refused_override_keeps_the_reason_and_passes_axe(
    browser: Browser, live: LiveServer
) -> None:
    context = _context(browser, js=True, bypass_csp=True)
    page = context.new_page()
    sign_in(page, live, "member")
    pid = reg.register(live.site.engine, council="Thurrock")[0].id
    page.goto(f"{live.url}/proposals/{pid}")
    page.get_by_label("Your verdict").select_option("not_assured")
    page.get_by_label("Reason").fill("The plan has no milestones")
    page.get_by_role("button", name="Record verdict").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link", name="Choose one of the three questions")).to_be_visible()
    expect(page.get_by_label("Reason")).to_have_value("The plan has no milestones")
    expect(page.get_by_label("Your verdict")).to_have_value("not_assured")
    assert [(v["id"], v["help"]) for v in _axe(page)] == []  # no serious or critical violation
    context.close()
