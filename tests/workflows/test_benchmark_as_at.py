"""Challenge and report compare published figures as at the meeting, or as at a date asked for."""

from __future__ import annotations

import datetime
from pathlib import Path

from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.parameters.loader import load_defaults
from scrutiny.workflows.benchmark import benchmarks_for, report_section
from scrutiny.workflows.challenge import run_challenge
from scrutiny.workflows.validate import load

HINDSIGHT = datetime.date(2025, 12, 1)


def _croydon(examples: Path, meeting: str | None) -> ProposalFile:
    pf = load(examples / "croydon-2024.yaml")
    return pf.model_copy(
        update={"meeting_date": datetime.date.fromisoformat(meeting) if meeting else None}
    )


def test_checks_use_the_workforce_census_before_the_meeting(examples: Path) -> None:
    checks = {c.input: c for c in benchmarks_for(_croydon(examples, "2024-01-17"))}
    vacancy = checks["vacancy_rate"]
    assert vacancy.council is not None and vacancy.council.period == "30 September 2023"
    assert all(year <= 2023 for year, _ in vacancy.history)
    later = {c.input: c for c in benchmarks_for(_croydon(examples, "2024-01-17"), as_at=HINDSIGHT)}
    assert later["vacancy_rate"].council is not None
    assert later["vacancy_rate"].council.period == "30 September 2025"


def test_without_a_meeting_date_the_latest_figures(examples: Path) -> None:
    checks = {c.input: c for c in benchmarks_for(_croydon(examples, None))}
    assert checks["vacancy_rate"].council is not None
    assert checks["vacancy_rate"].council.period == "30 September 2025"


def test_the_report_section_is_as_at_the_meeting_unless_asked(examples: Path) -> None:
    pf = _croydon(examples, "2024-01-17")
    section = report_section(pf)
    assert section is not None
    assert section.benchmark.periods["cla"] == "31 March 2023"
    assert section.neighbours_name == "DfE statistical neighbours (April 2021 grouping)"
    hindsight = report_section(pf, as_at=HINDSIGHT)
    assert hindsight is not None
    assert hindsight.benchmark.periods["cla"] == "31 March 2025"
    assert hindsight.neighbours_name == "DfE statistical neighbours (May 2025 grouping)"


def test_the_challenge_takes_the_date_for_hindsight(examples: Path) -> None:
    # Thurrock met on 12 October 2021: its fostering costs (savings from 2022/23) have no
    # national figure for that year, so D12 does not compare them, with or without hindsight.
    pf = load(examples / "thurrock-2022.yaml")
    for as_at in (None, HINDSIGHT):
        report = run_challenge(pf, None, as_at=as_at)
        d12 = [
            f
            for p in pf.proposals
            for q in report.for_ref(p.ref).questions.values()
            for f in q.findings
            if f.rule == "D12" and "weekly cost" in f.message
        ]
        assert d12 == []
    (inhouse,) = [
        c
        for c in benchmarks_for(pf, parameters=load_defaults())
        if c.input == "inhouse_weekly_cost"
    ]
    assert inhouse.status == "not_comparable"
    assert "not 2022/23" in inhouse.message
