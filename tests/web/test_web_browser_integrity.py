"""In Debian's chromium: a figure accepted from a paper reaches the downloaded report (or the
report says it is out of date), and a member's conclusion appears in it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from test_web_browser import LiveServer, _axe, _context, _free_port, sign_in
from webtools import make_site

from scrutiny.workflows import proposals, scenario
from scrutiny.workflows import register as reg

pytestmark = pytest.mark.browser


@pytest.fixture
def fresh_live(tmp_path: Path, examples: Path, seeded_sqlite: Path) -> Iterator[LiveServer]:
    """A server on its own copy of the seeded database (the test changes the register)."""
    shutil.copyfile(seeded_sqlite, tmp_path / "web.db")
    site = make_site(f"sqlite:///{tmp_path / 'web.db'}", tmp_path, examples)
    with LiveServer(site, _free_port()) as server:
        yield server


def _section(html: str, ref: str) -> str:
    """The report's own section on one proposal."""
    anchor = "p-" + "".join(c if c.isalnum() else "-" for c in ref).lower()
    start = html.index(f'<section class="proposal" id="{anchor}"')
    return html[start : html.index("</section>", start)]


@pytest.mark.parametrize("large", [False, True], ids=["analysed-again", "left-out-of-date"])
def test_an_accepted_figure_and_a_members_conclusion_reach_the_downloaded_report(
    browser: Browser,
    fresh_live: LiveServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    large: bool,
) -> None:
    if large:  # as for a register too large to simulate again within the request
        monkeypatch.setattr(scenario, "RUN_AT_ONCE", 0)
    row = next(
        r for r in reg.register(fresh_live.site.engine, council="Thurrock") if r.ref == "THR-CSC-02"
    )
    assert row.total == 200_000  # the register's figure before the paper
    paper = tmp_path / "cabinet-paper.txt"
    paper.write_text("The service will save £480,000 in 2022/23 from edge of care work.\n")

    officer = _context(browser, js=True)
    page = officer.new_page()
    sign_in(page, fresh_live, "officer")
    page.get_by_role("link", name="Documents").click()
    page.get_by_label("Upload a committee paper").set_input_files(str(paper))
    page.get_by_role("button", name="Upload and read").click()
    card = page.locator(".govuk-summary-card", has_text="£480,000")
    card.get_by_label("Accept into proposal").select_option(label="Thurrock: THR-CSC-02")
    card.get_by_label("As the saving for financial year (optional)").fill("2022/23")
    card.get_by_role("button", name="Accept figure").click()
    expect(page.get_by_text("as evidence")).to_be_visible()
    if large:  # the proposal page says the figures are out of date and offers to run again
        expect(page.locator('[data-analysis="out-of-date"]')).to_be_visible()
        expect(page.get_by_role("button", name="Re-run analysis for Thurrock")).to_be_visible()
    else:
        expect(page.locator("[data-analysis]")).to_have_count(0)
    officer.close()

    member = _context(browser, js=True)
    page = member.new_page()
    sign_in(page, fresh_live, "member")
    page.goto(f"{fresh_live.url}/proposals/{row.id}")
    conclusion = "Members accept the higher figure only with a delivery plan by March."
    page.get_by_label("Record a conclusion").fill(conclusion)
    page.get_by_role("button", name="Record conclusion").click()
    expect(page.get_by_text("Conclusion recorded")).to_be_visible()
    page.get_by_role("link", name="Reports").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download Thurrock report: Web page (HTML)").click()
    html = Path(info.value.path()).read_text(encoding="utf-8")
    member.close()

    section = _section(html, "THR-CSC-02")
    assert conclusion in section
    assert "a saving of £480k" in section  # the proposal's own summary line, rounded as in prose
    # its year table: the new target for 2022/23 (the old one is kept only as the papers' total)
    assert '<th scope="row">2022/23</th><td class="num">£480k</td>' in section
    cover = html[html.index('<header class="cover">') : html.index("</header>")]
    if large:
        assert "Out of date" in cover
    else:  # simulated again: the report's figures are the new ones everywhere
        assert "Out of date" not in html
        simulated = proposals.proposal_page(fresh_live.site.engine, row.id).simulation
        assert simulated is not None
        assert simulated.years["2022/23"].cumulative_target == 480_000


def test_out_of_date_and_earlier_version_pages_have_no_serious_accessibility_violation(
    browser: Browser, fresh_live: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scenario, "RUN_AT_ONCE", 0)
    engine = fresh_live.site.engine
    row = next(r for r in reg.register(engine, council="Thurrock") if r.ref == "THR-CSC-02")
    before = proposals.proposal_page(engine, row.id)
    extra = before.proposal.model_copy(update={"ref": "THR-NEW-1", "title": "Added later"})
    reg.add_proposal(engine, "Thurrock", extra, actor="officer")
    changed = before.proposal.model_copy(update={"title": "Retitled after the analysis"})
    proposals.update_proposal(
        engine, row.id, changed, expected_version=before.version, actor="officer"
    )
    number = before.file_version_number
    context = _context(browser, js=True, bypass_csp=True)
    page = context.new_page()
    sign_in(page, fresh_live, "officer")
    problems = {}
    for path in (
        "/",
        "/proposals",
        f"/proposals/{row.id}",
        f"/proposals/{row.id}?version={number}",
    ):
        page.goto(f"{fresh_live.url}{path}")
        problems[path] = _axe(page)
    page.goto(f"{fresh_live.url}/proposals/{row.id}")
    expect(page.locator("[data-analysis]")).to_have_count(1)
    page.goto(f"{fresh_live.url}/proposals/{row.id}?version={number}")
    expect(page.locator("[data-superseded]")).to_be_visible()
    expect(page.get_by_role("link", name="See the proposal as it is now")).to_be_visible()
    found = {
        path: [(v["id"], v["impact"], v["help"]) for v in violations]
        for path, violations in problems.items()
        if violations
    }
    assert found == {}
    context.close()
