"""The main flows in Debian's chromium through Playwright, with and without JavaScript, and an
axe-core accessibility scan of every page."""

from __future__ import annotations

import io
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, BrowserContext, Page, expect
from webtools import PASSWORD, make_site, savings_appendix

from scrutiny.workflows import documents, downloads
from scrutiny.workflows import register as reg

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = {"serious", "critical"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    def __init__(self, site, port: int) -> None:  # type: ignore[no-untyped-def]
        self.site = site
        self.url = f"http://127.0.0.1:{port}"
        config = uvicorn.Config(site.app, host="127.0.0.1", port=port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def live(
    tmp_path_factory: pytest.TempPathFactory, examples: Path, seeded_sqlite: Path
) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("live")
    shutil.copyfile(seeded_sqlite, folder / "web.db")
    site = make_site(f"sqlite:///{folder / 'web.db'}", folder, examples)
    with LiveServer(site, _free_port()) as server:
        yield server


def _context(browser: Browser, *, js: bool, bypass_csp: bool = False) -> BrowserContext:
    """A fresh browser profile; the app's own Content-Security-Policy applies unless bypassed
    (only the accessibility scan bypasses it, to inject axe-core)."""
    context = browser.new_context(
        java_script_enabled=js, bypass_csp=bypass_csp, accept_downloads=True
    )
    if js:
        errors: list[str] = []
        context.on("weberror", lambda e: errors.append(str(e.error)))
        context.on(
            "console",
            lambda m: errors.append(m.text) if m.type == "error" else None,
        )
        context.errors = errors  # type: ignore[attr-defined]
    return context


def sign_in(page: Page, live: LiveServer, role: str) -> None:
    page.goto(f"{live.url}/sign-in")
    page.get_by_label("Email address").fill(f"{role}@council.gov.uk")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()


def _croydon_vacancy(live: LiveServer) -> int:
    rows = reg.register(live.site.engine, council="Croydon")
    return next(r.id for r in rows if r.ref == "2024-28 SAV CYPE 001")


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_sign_in_dashboard_and_open_a_proposal(
    browser: Browser, live: LiveServer, js: bool
) -> None:
    context = _context(browser, js=js)
    page = context.new_page()
    sign_in(page, live, "viewer")
    expect(page.get_by_role("heading", name="Thurrock", level=2)).to_be_visible()
    expect(page.get_by_text("Expected delivery (share of target)").first).to_be_visible()
    page.get_by_role("link", name="Register").click()
    page.get_by_label("Council").select_option("Croydon")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"council=Croydon"))
    page.get_by_role("link", name="2024-28 SAV CYPE 003").click()  # 001 was removed
    expect(page.get_by_role("heading", name="Savings profile")).to_be_visible()
    expect(page.get_by_role("heading", name="Model inputs")).to_be_visible()
    expect(page.locator("svg.app-chart")).to_be_visible()
    if js:  # GOV.UK Frontend started its components under the app's CSP, without errors
        assert page.locator("[data-govuk-button-init]").count() > 0
        assert context.errors == []  # type: ignore[attr-defined]
    context.close()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_officer_changes_an_input_and_sees_the_new_probability(
    browser: Browser, live: LiveServer, js: bool
) -> None:
    context = _context(browser, js=js)
    page = context.new_page()
    sign_in(page, live, "officer")
    pid = _croydon_vacancy(live)
    page.goto(f"{live.url}/proposals/{pid}")
    page.get_by_role("link", name="Try a scenario").click()
    field = page.get_by_label(re.compile(r"^Share of the establishment vacant: highest"))
    field.fill("0.95")
    page.get_by_label(re.compile(r"^Share of the establishment vacant: most likely")).fill("0.9")
    page.get_by_label(re.compile(r"^Share of the establishment vacant: lowest")).fill("0.85")
    page.get_by_role("button", name="Simulate and compare").click()
    table = page.locator("#comparison")
    expect(table).to_be_visible()
    changed = page.locator("[data-changed-probability]").first.inner_text()
    assert re.fullmatch(r"\d+%", changed)
    if js:  # the comparison came back through htmx, under the app's CSP, without errors
        assert page.evaluate("typeof htmx") == "object"
        assert context.errors == []  # type: ignore[attr-defined]
    context.close()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_member_records_a_conclusion(browser: Browser, live: LiveServer, js: bool) -> None:
    context = _context(browser, js=js)
    page = context.new_page()
    sign_in(page, live, "member")
    pid = reg.register(live.site.engine, council="Thurrock")[0].id
    page.goto(f"{live.url}/proposals/{pid}")
    text = f"Members want a delivery plan by March ({'with' if js else 'without'} JavaScript)."
    page.get_by_label("Record a conclusion").fill(text)
    page.get_by_role("button", name="Record conclusion").click()
    expect(page.get_by_text("Conclusion recorded")).to_be_visible()
    expect(page.get_by_text(text)).to_be_visible()
    context.close()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_officer_uploads_a_document_and_accepts_a_figure(
    browser: Browser, live: LiveServer, js: bool, tmp_path: Path
) -> None:
    amount = "£612,000" if js else "£613,000"
    paper = tmp_path / "cabinet-paper.txt"
    paper.write_text(f"The service will save {amount} in 2025/26 from commissioning.\n")
    context = _context(browser, js=js)
    page = context.new_page()
    sign_in(page, live, "officer")
    page.get_by_role("link", name="Documents").click()
    page.get_by_label("Upload a committee paper").set_input_files(str(paper))
    page.get_by_role("button", name="Upload and read").click()
    expect(page.get_by_role("heading", name="Review extracted figures")).to_be_visible()
    expect(page.locator("mark.app-highlight", has_text=amount)).to_be_visible()
    card = page.locator(".govuk-summary-card", has_text=amount)
    card.get_by_label("Accept into proposal").select_option(label="Croydon: 2024-28 SAV CYPE 003")
    card.get_by_role("button", name="Accept figure").click()
    expect(page.get_by_text("as evidence")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Review extracted figures")
    context.close()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_download_the_reports(browser: Browser, live: LiveServer, js: bool) -> None:
    """The PDF report when this build has the report writers (and every other format offered)."""
    context = _context(browser, js=js)
    page = context.new_page()
    sign_in(page, live, "viewer")
    page.get_by_role("link", name="Reports").click()
    offered = downloads.formats()
    for fmt in offered:
        link = page.locator(f'a[href$="/{fmt}"]').first
        with page.expect_download() as info:
            link.click()
        path = info.value.path()
        assert info.value.suggested_filename.endswith(f".{fmt}")
        head = Path(path).read_bytes()[:4]
        assert head == {"pdf": b"%PDF", "docx": b"PK\x03\x04", "xlsx": b"PK\x03\x04"}.get(fmt, head)
    context.close()


def _pages(live: LiveServer) -> list[str]:
    """Every page a signed-in admin can open (and a missing one), with the review of a stored
    paper and of a savings appendix with tables."""
    pid = _croydon_vacancy(live)
    rows = reg.register(live.site.engine)
    if not hasattr(live, "document_id"):
        live.document_id = documents.store_upload(  # type: ignore[attr-defined]
            live.site.engine,
            live.site.app.state.settings,
            io.BytesIO("Agency spend falls by £75,000 in 2024/25.\n".encode()),
            "axe-check.txt",
            actor="test",
        )
        live.tables_id = documents.store_upload(  # type: ignore[attr-defined]
            live.site.engine,
            live.site.app.state.settings,
            io.BytesIO(savings_appendix()),
            "axe-tables.docx",
            actor="test",
        )
    return [
        "/",
        "/proposals",
        f"/proposals/{pid}",
        f"/proposals/{rows[-1].id}",
        f"/proposals/{pid}/scenario",
        f"/proposals/{pid}/history",
        "/documents",
        f"/documents/{live.document_id}",  # type: ignore[attr-defined]
        f"/documents/{live.tables_id}",  # type: ignore[attr-defined]
        "/reports",
        "/admin/users",
        "/proposals/999999",
    ]


def _axe(page: Page) -> list[dict[str, object]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v.get("impact") in SERIOUS]


def test_no_page_has_a_serious_accessibility_violation(browser: Browser, live: LiveServer) -> None:
    assert AXE.is_file(), "axe-core is installed by `make web-assets` (npm ci)"
    context = _context(browser, js=True, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live.url}/sign-in")
    problems = {"/sign-in": _axe(page)}
    sign_in(page, live, "admin")
    for path in _pages(live):
        page.goto(f"{live.url}{path}")
        problems[path] = _axe(page)
    found = {
        path: [(v["id"], v["impact"], v["help"]) for v in violations]
        for path, violations in problems.items()
        if violations
    }
    assert found == {}
    context.close()


PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_no_page_scrolls_sideways_on_a_phone(browser: Browser, live: LiveServer, js: bool) -> None:
    """At 390 px every page fits the screen's width: wide tables scroll inside their own
    focusable region instead of widening the page."""
    context = browser.new_context(java_script_enabled=js, viewport=PHONE)
    page = context.new_page()
    widths = {}
    page.goto(f"{live.url}/sign-in")
    widths["/sign-in"] = page.evaluate("document.documentElement.scrollWidth")
    sign_in(page, live, "admin")
    for path in _pages(live):
        page.goto(f"{live.url}{path}")
        widths[path] = page.evaluate("document.documentElement.scrollWidth")
    assert page.evaluate("window.innerWidth") == PHONE["width"]
    assert {path: w for path, w in widths.items() if w > PHONE["width"]} == {}
    regions = page.locator("[role=region][tabindex='0']")
    page.goto(f"{live.url}/proposals")
    assert regions.count() >= 1  # the register's table scrolls in a region a keyboard can reach
    context.close()


def test_the_menu_folds_away_on_a_phone_and_opens_with_its_button(
    browser: Browser, live: LiveServer
) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    sign_in(page, live, "member")
    menu = page.get_by_role("button", name="Menu")
    register = page.get_by_role("navigation", name="Menu").get_by_role("link", name="Register")
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(register).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    register.click()
    expect(page.get_by_role("heading", name="Register of savings proposals")).to_be_visible()
    current = page.get_by_role("navigation", name="Menu").locator("[aria-current]")
    page.get_by_role("button", name="Menu").click()
    expect(current).to_have_text("Register")
    context.close()


def test_without_javascript_the_menu_is_a_plain_list(browser: Browser, live: LiveServer) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    sign_in(page, live, "admin")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    nav = page.get_by_role("navigation", name="Menu")
    for name in ("Dashboard", "Register", "Documents", "Reports", "Accounts"):
        expect(nav.get_by_role("link", name=name)).to_be_visible()
    context.close()
