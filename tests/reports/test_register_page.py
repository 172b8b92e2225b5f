"""The register summary page (`scrutiny demo`'s index.html) as a councillor reads it."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scrutiny.reports.register_html import RegisterEntry, render_register
from scrutiny.workflows.challenge import run_challenge
from scrutiny.workflows.simulate import run_simulation
from scrutiny.workflows.validate import load

GENERATED = datetime.datetime(2026, 1, 5, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture(scope="module")
def summary_page(examples: Path) -> BeautifulSoup:
    entries = []
    for name in ("thurrock-2022.yaml", "croydon-2024.yaml"):
        pf = load(examples / name)
        summary = run_simulation(pf, iterations=400, seed=3)
        entries.append(
            RegisterEntry(pf=pf, version=1, summary=summary, challenge=run_challenge(pf, summary))
        )
    return BeautifulSoup(render_register(entries, generated=GENERATED), "html.parser")


def _section(page: BeautifulSoup, council: str) -> BeautifulSoup:
    for section in page.find_all("section"):
        if section.h2 and section.h2.get_text().startswith(council):
            return section
    raise AssertionError(f"no section for {council}")


def _row(section: BeautifulSoup, label: str) -> list[str]:
    for tr in section.find_all("tr"):
        head = tr.find("th")
        if head and head.get_text(" ", strip=True).startswith(label):
            return [c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
    raise AssertionError(f"no row {label}")


def test_a_proposal_with_nothing_to_save_has_no_chance_figure(summary_page: BeautifulSoup) -> None:
    thurrock = _row(_section(summary_page, "Thurrock"), "THR-CSC-04")
    assert "no target" in thurrock and "100%" not in thurrock
    croydon = _row(_section(summary_page, "Croydon"), "2024-28 SAV CYPE 003")
    assert "no target" in croydon and "100%" not in croydon


def test_totals_leave_out_removed_proposals_and_show_them_apart(
    summary_page: BeautifulSoup,
) -> None:
    croydon = _section(summary_page, "Croydon")
    total = _row(croydon, "Total")
    assert total[0] == "Total of the plan (excluding removed)"
    assert total[1:3] == ["£0", "£0"]
    assert total[-2] == "no target"  # the portfolio has no target once CYPE 001 is removed
    removed = _row(croydon, "Removed from the plan")
    assert removed[1:3] == ["£1,100,000", "£1,100,000"]
    text = croydon.get_text(" ", strip=True)
    assert "Savings in the plan: £0 ; a further £1,100,000 was in a proposal" in text


def test_the_total_row_carries_the_portfolio_simulation(summary_page: BeautifulSoup) -> None:
    thurrock = _section(summary_page, "Thurrock")
    total = _row(thurrock, "Total")
    assert total[0] == "Total"  # nothing removed, so no qualifier
    assert total[1:4] == ["£1,500,000", "£300,000", "£1,800,000"]
    expected = re.fullmatch(r"£(\d+(?:\.\d+)?)m \((\d+)%\)", total[4])
    assert expected and 1.0 < float(expected[1]) < 1.8, total[4]  # leads with expected delivery
    assert re.fullmatch(r"£\d+k", total[5])  # money at risk, as a finance officer writes it
    assert total[6] in ("Red", "Amber", "Green")  # the RAG rating in words
    assert re.fullmatch(r"\d+%", total[7])  # the chance comes last


def test_the_headline_is_quoted_and_the_difference_explained(summary_page: BeautifulSoup) -> None:
    text = _section(summary_page, "Thurrock").get_text(" ", strip=True)
    assert "The papers' headline figure is £1,200,000 (Executive Summary:" in text
    assert "the proposals in the plan add up to £600,000 more" in text
    assert "median of 400 simulated outcomes" in text
