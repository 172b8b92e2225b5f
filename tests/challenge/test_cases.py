"""Readable scenario cases (``cases/*.yaml``): a proposal file and a hand-made simulation (the
probability of meeting each year's target and, when given, the expected share of it) in,
the verdicts, the rules that fire with their severities, and words the conclusions and
recommendations must contain out (and, for the file, its own recommendations and the key
questions)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from scrutiny import yaml_files
from scrutiny.domain.proposal_file import parse_proposal_file
from scrutiny.domain.results import PortfolioSimulation, SimulationSummary

CASES = sorted((Path(__file__).parent / "cases").glob("*.yaml"))


def summary(kit: ModuleType, sims: dict[str, Any] | None) -> SimulationSummary | None:
    if not sims:
        return None
    parts = [
        kit.summary_for(ref, s.get("p_meet"), s.get("outputs"), share=s.get("share")).proposals[0]
        for ref, s in sims.items()
    ]
    years = sorted({y for p in parts for y in p.years})
    return SimulationSummary(
        iterations=1000,
        seed=0,
        years=years,
        proposals=parts,
        portfolio=PortfolioSimulation(years={}),
    )


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(kit: ModuleType, path: Path) -> None:
    case = yaml_files.read(path)
    pf = parse_proposal_file(case["file"], str(path))
    report = kit.run(pf, summary(kit, case.get("simulation")))
    for ref, expected in case["expect"].items():
        found = report.for_ref(ref)
        verdicts = {q.value: r.verdict.value for q, r in found.questions.items()}
        assert verdicts == expected["verdicts"], ref
        fired: dict[str, str] = {}
        for r in found.questions.values():
            for f in r.findings:
                if f.severity.value != "info":
                    fired.setdefault(f.rule, f.severity.value)
        assert fired == expected["rules"], ref
        for words in expected.get("conclusions_mention", []):
            assert any(words in c for c in found.conclusions), (ref, words)
        for words in expected.get("recommendations_mention", []):
            assert any(words in r for r in found.recommendations), (ref, words)
    file_rules = {f.rule: f.severity.value for f in report.file_findings}
    assert file_rules == case.get("file_findings", {})
    for words in case.get("file_recommendations_mention", []):
        assert any(words in r for r in report.file_recommendations), words
    for words in case.get("key_questions_mention", []):
        assert any(words in q.question or words in q.why for q in report.key_questions), words
    every = [r for p in report.proposals for r in p.recommendations] + report.file_recommendations
    assert len(every) == len(set(every)), "a recommendation is repeated"
