"""Hand-made results for the seed examples, so the writers are tested apart from the engines.

The simulation summary is computed from real random draws (numpy, fixed seed) of an achievement
share on each proposal's own targets; the challenge report applies a few of challenge.md's rules
by hand to the proposal's own fields, and records one member's override.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import numpy as np
import pikepdf
import pytest

from scrutiny import yaml_files
from scrutiny.domain.delivery import DEFAULT
from scrutiny.domain.evidence import FieldEvidence, Finding, OutputEvidence, Override
from scrutiny.domain.proposal_file import ProposalFile, parse_proposal_file
from scrutiny.domain.results import (
    ChallengeReport,
    Driver,
    Histogram,
    KeyQuestion,
    PortfolioSimulation,
    ProposalChallenge,
    ProposalSimulation,
    QuestionResult,
    SimulationSummary,
    YearStats,
)
from scrutiny.domain.vocab import Question, Severity, Verdict

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def structure(pdf: pikepdf.Pdf) -> tuple[dict[str, int], list[str]]:
    """A tagged PDF's structure tree: how many elements of each kind (``/H1``: 1), and the text
    alternative of every figure, as a screen reader finds them."""
    kinds: dict[str, int] = {}
    alts: list[str] = []
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                kind = str(node.S)
                kinds[kind] = kinds.get(kind, 0) + 1
                if kind == "/Figure":
                    alts.append(str(node.get("/Alt", "")))
            kids = node.get("/K")
            if isinstance(kids, pikepdf.Array):
                stack.extend(kids)
            elif isinstance(kids, pikepdf.Dictionary):
                stack.append(kids)
    return kinds, alts


def load(path: Path) -> ProposalFile:
    """The example file, validated by the domain (the model checks belong to the models' tests)."""
    return parse_proposal_file(yaml_files.read(path), str(path))


def _stats(target: float, cumulative: float, delivered: np.ndarray) -> YearStats:
    """The year's figures as risk/summary.py measures them under the default policy."""
    p10, p50, p90 = np.percentile(delivered, [10, 50, 90])
    mean = float(delivered.mean())
    stats = YearStats(
        target=target,
        cumulative_target=cumulative,
        mean=mean,
        p10=float(p10),
        p50=float(p50),
        p90=float(p90),
    )
    if cumulative <= 0:
        return stats
    share = mean / cumulative
    meet = float(np.mean(delivered >= DEFAULT.threshold(cumulative)))
    measure = {
        "expected_share": share,
        "at_risk": float(np.maximum(cumulative - delivered, 0).mean()),
        "p_meet_target": meet,
        "rag": DEFAULT.rag(share, meet),
    }
    return stats.model_copy(update=measure)


def simulate_by_hand(pf: ProposalFile, iterations: int = 2000, seed: int = 0) -> SimulationSummary:
    rng = np.random.default_rng(seed)
    years = pf.horizon()
    sims = []
    portfolio = np.zeros((iterations, len(years)))
    for p in pf.proposals:
        if p.is_removed:  # not simulated: its target is money still to be found
            continue
        achievement = rng.beta(4, 1.6, size=iterations)
        slip = rng.uniform(0.6, 1.0, size=iterations)
        delivered = np.zeros((iterations, len(years)))
        for j, year in enumerate(years):
            cumulative = p.cumulative_target(year)
            delivered[:, j] = cumulative * achievement * (slip if j == 0 else 1.0)
        if p.model_type == "vacancy_factor":
            delivered -= 400_000 * rng.uniform(0, 1.5, size=(iterations, 1))
        stats = {
            y: _stats(float(p.savings.get(y, 0)), p.cumulative_target(y), delivered[:, j])
            for j, y in enumerate(years)
            if p.cumulative_target(y) > 0 or p.model is not None
        }
        last = p.target_years()[-1] if p.savings else None
        hist = None
        if last is not None:
            counts, edges = np.histogram(delivered[:, years.index(last)], bins=30)
            hist = Histogram(year=last, edges=edges.tolist(), counts=counts.tolist())
        outputs: dict[str, dict[str, float | None]] = {}
        if p.model_type == "vacancy_factor":
            outputs = {
                y: {
                    "caseload_mean": 19.5 + j,
                    "caseload_p90": 22.0 + j,
                    "p_caseload_above_threshold": 0.7,
                    "caseload_threshold": 18.0,
                }
                for j, y in enumerate(years)
            }
        drivers = [
            Driver(input=name, rank_correlation=round(0.9 - 0.35 * i, 2) * (-1 if i == 2 else 1))
            for i, name in enumerate(p.model.inputs if p.model else [])
            if i < 4
        ]
        sims.append(
            ProposalSimulation(
                ref=p.ref,
                model=p.model_type,
                years=stats,
                drivers=drivers,
                outputs=outputs,
                status=p.status.value,
                histogram=hist,
            )
        )
        portfolio += delivered
    port_years = {}
    for j, y in enumerate(years):
        live = [p for p in pf.proposals if not p.is_removed]
        cumulative = sum(p.cumulative_target(y) for p in live)
        increment = sum(p.savings.get(y, 0) for p in live)
        port_years[y] = _stats(float(increment), cumulative, portfolio[:, j])
    return SimulationSummary(
        iterations=iterations,
        seed=seed,
        years=years,
        proposals=sims,
        portfolio=PortfolioSimulation(
            years=port_years,
            removed_targets=sum(p.total_target() for p in pf.proposals if p.is_removed),
            funding_gap=dict(pf.mtfs.funding_gap) if pf.mtfs else {},
        ),
    )


def challenge_by_hand(pf: ProposalFile, summary: SimulationSummary) -> ChallengeReport:
    out = []
    for i, p in enumerate(pf.proposals):
        if p.is_removed:  # no verdicts: only where its sum will be found
            out.append(
                ProposalChallenge(
                    ref=p.ref,
                    title=p.title,
                    questions={},
                    conclusions=[f"1. The committee noted that {p.ref} had been removed."],
                    recommendations=[
                        f"Refer the question of where the {p.ref} saving will be found."
                    ],
                )
            )
            continue
        sim = summary.for_ref(p.ref)
        deliverable: list[Finding] = []
        if not p.savings and not p.is_removed:
            deliverable.append(
                Finding(
                    rule="D1",
                    severity=Severity.high,
                    message="No savings profile is given, so deliverability cannot be assessed.",
                    evidence=[FieldEvidence(path=f"proposals[{i}].savings", value={})],
                )
            )
        hardest = sim.hardest_year() if sim else None
        if hardest is not None:
            year, st = hardest
            sev = {"red": Severity.high, "amber": Severity.medium}.get(st.rag, Severity.info)
            deliverable.append(
                Finding(
                    rule="D2",
                    severity=sev,
                    message=f"In {year} the simulation expects £{st.mean:,.0f}: rated {st.rag}.",
                    evidence=[OutputEvidence(name="mean", value=st.mean, year=year)],
                )
            )
        impact: list[Finding] = []
        status = p.eqia.status.value if p.eqia else "missing"
        if status != "complete":
            impact.append(
                Finding(
                    rule="I1",
                    severity=Severity.high if status == "not_started" else Severity.medium,
                    message=f"The equality impact assessment is {status.replace('_', ' ')}.",
                    evidence=[FieldEvidence(path=f"proposals[{i}].eqia.status", value=status)],
                )
            )
        alts: list[Finding] = []
        if not p.alternatives:
            alts.append(
                Finding(
                    rule="A1",
                    severity=Severity.medium,
                    message="No alternative options are recorded.",
                    evidence=[FieldEvidence(path=f"proposals[{i}].alternatives", value=[])],
                )
            )

        def verdict(findings: list[Finding], gap: bool) -> Verdict:
            if any(f.severity == Severity.high for f in findings):
                return Verdict.not_assured
            if gap:
                return Verdict.insufficient_information
            if any(f.severity == Severity.medium for f in findings):
                return Verdict.partially_assured
            return Verdict.assured

        questions = {
            Question.deliverable: QuestionResult(
                verdict=verdict(deliverable, not p.savings), findings=deliverable
            ),
            Question.impact: QuestionResult(verdict=verdict(impact, False), findings=impact),
            Question.alternatives: QuestionResult(
                verdict=verdict(alts, not p.alternatives), findings=alts
            ),
        }
        if not any(q.questions for q in out):  # the first proposal still in the plan
            questions[Question.impact] = questions[Question.impact].model_copy(
                update={
                    "override": Override(
                        verdict=Verdict.partially_assured,
                        reason="Officers undertook at the meeting to bring the EqIA to the next meeting.",
                        by="Cllr A. Member",
                        at=datetime.datetime(2024, 1, 17, 19, 30),
                    )
                }
            )
        out.append(
            ProposalChallenge(
                ref=p.ref,
                title=p.title,
                questions=questions,
                lines_of_enquiry=[
                    f"What evidence supports the {p.title.lower()} saving of £{p.total_target():,.0f}?"
                ],
                conclusions=[
                    f"The committee noted proposal {p.ref} and its target of £{p.total_target():,.0f}.",
                    "The committee could not be assured that the equality impact was understood.",
                ],
                recommendations=[
                    f"That the equality impact assessment for {p.ref} be brought to the committee before Cabinet.",
                ],
            )
        )
    live = [p for p in out if p.questions]
    keys = [
        KeyQuestion(
            rank=n, ref=p.ref, question=p.lines_of_enquiry[0], why=f"{p.ref} is asked.", rule="D2"
        )
        for n, p in enumerate(live[:8], start=1)
    ]
    shared = f"Request the options considered for {', '.join(p.ref for p in live)}."
    return ChallengeReport(
        proposals=out, key_questions=keys, file_recommendations=[shared] if live else []
    )


@pytest.fixture(scope="session", params=["thurrock-2022.yaml", "croydon-2024.yaml"])
def seed_results(
    request: pytest.FixtureRequest,
) -> tuple[ProposalFile, SimulationSummary, ChallengeReport]:
    pf = load(EXAMPLES / request.param)
    summary = simulate_by_hand(pf)
    return pf, summary, challenge_by_hand(pf, summary)


@pytest.fixture(scope="session")
def thurrock() -> tuple[ProposalFile, SimulationSummary, ChallengeReport]:
    pf = load(EXAMPLES / "thurrock-2022.yaml")
    summary = simulate_by_hand(pf)
    return pf, summary, challenge_by_hand(pf, summary)


def register_of(count: int) -> ProposalFile:
    """A synthetic register of `count` proposals over three years, for long tables."""
    years = ["2025/26", "2026/27", "2027/28"]
    proposals = []
    for i in range(count):
        savings = {years[j]: 50_000 * (1 + (i + j) % 7) for j in range(1 + i % 3)}
        proposals.append(
            {
                "ref": f"SYN-{i + 1:03d}",
                "title": f"Synthetic proposal number {i + 1} for a long register",
                "category": "other",
                "status": "removed" if i % 13 == 5 else "proposed",
                "savings": savings,
                "model": {
                    "type": "fixed",
                    "inputs": {
                        "achievement": {"dist": "pert", "min": 0.5, "mode": 0.9, "max": 1.0}
                    },
                },
                "eqia": {"status": ["complete", "planned", "not_started"][i % 3]},
            }
        )
    data = {
        "council": "Synthshire",
        "committee": "Children's Scrutiny Committee",
        "mtfs": {"funding_gap": {y: 9_000_000 for y in years}},
        "proposals": proposals,
    }
    return parse_proposal_file(data, "synthetic")
