"""In chromium, with and without JavaScript: a viewer projects a council's children looked
after, sees the fan chart and the tables, and a refused choice gives the form back."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect
from test_web_browser import PHONE, LiveServer, _axe, _context, sign_in
from test_web_browser import live as live

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_projecting_a_council_and_a_refused_choice(
    browser: Browser, live: LiveServer, js: bool
) -> None:
    context = _context(browser, js=js)
    page = context.new_page()
    sign_in(page, live, "viewer")
    page.get_by_role("link", name="Projection").click()
    expect(page.get_by_role("heading", name="Children looked after projection")).to_be_visible()
    expect(page.get_by_label("Council")).to_have_value("Croydon")  # the register's first

    page.get_by_label("Council").select_option("Leeds")
    page.get_by_label("Years ahead").fill("2")
    page.get_by_role("button", name="Show projection").click()
    expect(page).to_have_url(re.compile(r"/projection\?council=Leeds&years=2"))
    expect(page.get_by_role("heading", name="Leeds", level=2)).to_be_visible()
    expect(page.get_by_text("All projected figures are estimates")).to_be_visible()
    chart = page.get_by_role("img", name=re.compile("Children looked after on 31 March"))
    expect(chart).to_be_visible()
    assert chart.bounding_box()["height"] > 100  # type: ignore[index]
    expect(page.locator("#projection-totals tr[data-year='2027']")).to_be_visible()
    expect(page.locator("#projection-totals tr[data-year='2028']")).to_have_count(0)
    expect(page.locator("#projection-placements")).to_contain_text("Foster care")
    expect(page.locator("#projection-costs")).to_contain_text("2026/27")

    page.get_by_label("Years ahead").fill("9")
    page.get_by_role("button", name="Show projection").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    summary.get_by_role("link", name="Years ahead must be a whole number from 1 to 5").click()
    if js:  # the design system's script moves the focus to the field
        expect(page.get_by_label("Years ahead")).to_be_focused()
    expect(page.get_by_label("Years ahead")).to_have_value("9")
    expect(page.get_by_label("Council")).to_have_value("Leeds")
    if js:
        errors = context.errors  # type: ignore[attr-defined]
        assert [e for e in errors if "status of 422" not in e] == []  # the refused form only
    context.close()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_trying_savings_levers(browser: Browser, live: LiveServer, js: bool) -> None:
    context = _context(browser, js=js)
    page = context.new_page()
    sign_in(page, live, "viewer")
    page.goto(f"{live.url}/projection?council=Leeds&years=3")
    expect(page.locator("#projection-avoided")).to_have_count(0)
    page.get_by_text("Try savings levers").click()  # the details open, with or without script
    page.get_by_label("Extra households").fill("10")
    page.get_by_label("Children a year").fill("4")
    page.get_by_label("Placement they move to").select_option(label="Agency foster care")
    page.get_by_label("Share of entries prevented (%)").fill("5")
    page.get_by_label("Yearly rise in costs (inflation) (%)").fill("3")
    page.get_by_role("button", name="Show projection").click()
    expect(page).to_have_url(re.compile(r"fostering_households=10.*inflation=3"))
    levers = page.locator("#projection-levers")
    expect(levers).to_contain_text("Children looked after with the levers on 31 March")
    expect(levers.locator("tr[data-year='2028']")).to_be_visible()
    avoided = page.locator("#projection-avoided")
    expect(avoided).to_contain_text("with costs rising by 3% a year")
    expect(avoided.locator("tr[data-year='2027/28']")).to_contain_text("£")
    chart = page.get_by_role("img", name=re.compile("Projected with the levers"))
    expect(chart).to_be_visible()
    expect(page.get_by_label("Extra households")).to_have_value("10")  # the form comes back
    page.get_by_label("Share of entries prevented (%)").fill("120")
    page.get_by_role("button", name="Show projection").click()
    summary = page.locator(".govuk-error-summary")
    summary.get_by_role("link", name="Share of entries prevented must be from 0% to 100%").click()
    expect(page.get_by_label("Share of entries prevented (%)")).to_be_visible()
    expect(page.locator("#projection-avoided")).to_have_count(0)
    context.close()


def test_the_projection_fits_a_phone_and_passes_axe(browser: Browser, live: LiveServer) -> None:
    context = _context(browser, js=True, bypass_csp=True)
    page = context.new_page()
    sign_in(page, live, "viewer")
    page.goto(f"{live.url}/projection?council=Leeds&years=5&data_to=2022")
    expect(page.get_by_role("heading", name="Leeds", level=2)).to_be_visible()
    assert [(v["id"], v["help"]) for v in _axe(page)] == []  # no serious or critical violation
    page.goto(
        f"{live.url}/projection?council=Leeds&years=3&fostering_households=10"
        "&step_down_children=4&prevention_share=5&inflation=3&fostering_ramp=x"
    )
    expect(page.locator("#levers")).to_have_attribute("open", "")  # the levers open, one refused
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert [(v["id"], v["help"]) for v in _axe(page)] == []
    page.get_by_label("Months to recruit the households").fill("")
    page.get_by_role("button", name="Show projection").click()
    expect(page.locator("#projection-avoided")).to_be_visible()
    assert [(v["id"], v["help"]) for v in _axe(page)] == []
    page.goto(f"{live.url}/projection?council=Nowhere&years=3")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert [(v["id"], v["help"]) for v in _axe(page)] == []
    page.set_viewport_size(PHONE)
    page.goto(f"{live.url}/projection?council=Leeds&years=5")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.goto(f"{live.url}/projection?council=Leeds&years=5&step_down_children=4&inflation=3")
    expect(page.locator("#projection-avoided")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()
