"""The view-model: figures come from the results and keep their sources."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrutiny.domain.evidence import Override
from scrutiny.domain.money import format_gbp_rounded
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.results import ChallengeReport, Driver, SimulationSummary
from scrutiny.domain.vocab import Question, Verdict
from scrutiny.parameters.schema import Parameter, ParameterSet, Source, Value
from scrutiny.reports.chart_specs import DELIVERY_BARS, MIN_DRIVER, WATERFALL_BARS
from scrutiny.reports.context import build_context
from scrutiny.reports.view import MemberConclusion
from scrutiny.reports.wording import percent

from .conftest import EXAMPLES, challenge_by_hand, load, register_of, simulate_by_hand

Results = tuple[ProposalFile, SimulationSummary, ChallengeReport]


def test_summary_years_add_up_the_live_proposals_and_the_funding_gap(thurrock: Results) -> None:
    pf, summary, challenge = thurrock
    ctx = build_context(pf, summary, challenge)
    first, second = ctx.summary_years
    assert (first.year, first.funding_gap, first.savings_required) == ("2022/23", 20e6, 1.5e6)
    assert (second.year, second.savings_required, second.cumulative_target) == (
        "2023/24",
        3e5,
        1.8e6,
    )
    assert first.p_meet == summary.portfolio.years["2022/23"].p_meet_target
    assert first.share_of_gap == 1.5e6 / 20e6


def test_removed_proposals_are_money_still_to_be_found(seed_results: Results) -> None:
    pf, summary, challenge = seed_results
    ctx = build_context(pf, summary, challenge)
    expected = {p.ref: p.total_target() for p in pf.proposals if p.is_removed}
    assert {r.ref: r.amount for r in ctx.removed} == expected
    if expected:
        assert any("must still be found elsewhere" in k for k in ctx.key_points)
        live = sum(y.savings_required for y in ctx.summary_years)
        assert live == sum(p.total_target() for p in pf.proposals if not p.is_removed)


def test_inputs_carry_the_assumption_and_source_behind_them(thurrock: Results) -> None:
    pf, summary, challenge = thurrock
    section = build_context(pf, summary, challenge).proposals[2]
    inputs = {i.name: i for i in section.inputs}
    given = pf.proposals[2].model.inputs["net_households"]  # type: ignore[union-attr]
    assert inputs["net_households"].value == (
        f"{given.min:g} to {given.max:g} households a year, most likely {given.mode:g}"  # type: ignore[union-attr]
    )
    assert inputs["net_households"].label == "New fostering households a year, net of those leaving"
    assert inputs["net_households"].assumed
    (assumption,) = [
        a for a in pf.proposals[2].assumptions if a.field == "model.inputs.net_households"
    ]
    assert assumption.source and assumption.source.startswith("004_")  # the paper's file name
    assert inputs["net_households"].source == assumption.source.replace(
        "004_5c1a62b0452b6908.txt",
        "Proposed Budget Reductions for Children's Social Care and "
        "Early Help (Children's Services Overview and Scrutiny Committee, 12 October 2021)",
    )  # the paper under its own name
    assert inputs["net_households"].rationale == assumption.rationale
    assert section.evidence[0].where == (  # the paper under its own name, not its file's
        "Proposed Budget Reductions for Children's Social Care and Early Help (Children's "
        "Services Overview and Scrutiny Committee, 12 October 2021), para 3.9"
    )


def test_members_override_is_shown_beside_the_engine_verdict(thurrock: Results) -> None:
    pf, summary, challenge = thurrock
    section = build_context(pf, summary, challenge).proposals[0]
    impact = next(q for q in section.questions if q.key == Question.impact)
    assert impact.override is not None
    assert impact.engine.verdict == Verdict.partially_assured
    assert impact.effective.text == "◐ Partially assured (members)"
    assert impact.override.at == "17 January 2024"
    assert section.row.tags[Question.impact].overridden


def test_charts_state_their_figures_in_the_text_alternative(thurrock: Results) -> None:
    pf, summary, challenge = thurrock
    ctx = build_context(pf, summary, challenge)
    fan = ctx.proposals[2].charts[0]
    assert fan.kind == "fan"
    p50 = summary.for_ref("THR-CSC-03").years["2023/24"].p50  # type: ignore[union-attr]
    assert f"median {format_gbp_rounded(p50)}" in fan.alt  # rounded as the body rounds it
    assert "P50" not in fan.alt and "P10" not in fan.alt  # words, not variable names
    waterfall = ctx.portfolio_charts[0]
    assert "total £1.8m against a funding gap of £34.3m (5% of it)" in waterfall.alt
    assert [c.kind for c in ctx.proposals[3].charts] == []  # THR-CSC-04 has no target


@pytest.fixture(scope="module")
def simulated_once() -> Results:
    """Thurrock simulated (by hand) and challenged once for every example below: the property
    varies only the drivers, so nothing else need be worked out again."""
    pf = load(EXAMPLES / "thurrock-2022.yaml")
    summary = simulate_by_hand(pf, iterations=200)
    return pf, summary, challenge_by_hand(pf, summary)


# No deadline: each example lays out a whole report context (charts included), whose time
# depends on the machine's load, not on the example; the simulation is done once, above.
@settings(deadline=None)
@given(st.lists(st.floats(-1, 1), max_size=10))
def test_a_drivers_chart_needs_two_inputs_and_one_input_is_named_instead(
    simulated_once: Results, correlations: list[float]
) -> None:
    pf, summary, challenge = simulated_once
    sims = [
        s.model_copy(
            update={
                "drivers": [
                    Driver(input=f"model.inputs.input_{i}", rank_correlation=r)
                    for i, r in enumerate(correlations)
                ]
            }
        )
        for s in summary.proposals
    ]
    summary = summary.model_copy(update={"proposals": sims})
    ctx = build_context(pf, summary, challenge)
    moving = [(i, r) for i, r in enumerate(correlations) if abs(r) >= MIN_DRIVER][:8]
    for section in ctx.proposals:
        if summary.for_ref(section.ref) is None:
            continue
        tornado = [c for c in section.charts if c.kind == "tornado"]
        assert len(tornado) == (len(moving) >= 2)
        if len(moving) == 1:
            (i, r) = moving[0]
            assert section.driver_note is not None
            assert f"input {i}" in section.driver_note and f"{r:+.2f}" in section.driver_note
        else:
            assert section.driver_note is None


def test_a_long_registers_waterfall_shows_the_largest_and_adds_up_the_rest() -> None:
    pf = register_of(40)
    summary = simulate_by_hand(pf, iterations=200)
    ctx = build_context(pf, summary, challenge_by_hand(pf, summary))
    [waterfall, delivery] = ctx.portfolio_charts
    assert delivery.kind == "delivery" and len(delivery.labels) == DELIVERY_BARS
    assert delivery.title.startswith(f"Expected delivery against target for the {DELIVERY_BARS} of")
    live = sorted((p for p in pf.proposals if not p.is_removed), key=lambda p: -p.total_target())
    targets = waterfall.values("target")
    assert len(waterfall.labels) == WATERFALL_BARS
    assert list(waterfall.labels[:-1]) == [p.ref for p in live[: WATERFALL_BARS - 1]]
    assert waterfall.labels[-1] == f"{len(live) - WATERFALL_BARS + 1} others"
    assert sum(targets) == sum(p.total_target() for p in live)
    assert all(p.ref in waterfall.alt for p in live)  # the text alternative names them all
    short = register_of(WATERFALL_BARS)
    ctx = build_context(short, simulate_by_hand(short, iterations=200), None)
    every = [p.ref for p in short.proposals if not p.is_removed]
    assert list(ctx.portfolio_charts[0].labels) == every  # each proposal its own bar


def kept(pf: ProposalFile) -> ProposalFile:
    """The file with every proposal kept in the plan (a removed one has no section)."""
    data = pf.model_dump()
    for p in data["proposals"]:
        p["status"] = "proposed"
    return type(pf).model_validate(data)


def test_caseload_chart_only_where_the_model_gives_a_caseload(seed_results: Results) -> None:
    pf = kept(seed_results[0])
    summary = simulate_by_hand(pf, iterations=300)
    ctx = build_context(pf, summary, challenge_by_hand(pf, summary))
    for section, p in zip(ctx.proposals, pf.proposals, strict=True):
        kinds = [c.kind for c in section.charts]
        assert ("caseload" in kinds) == (p.model_type == "vacancy_factor")


def test_parameters_appendix_cites_each_source() -> None:
    source = Source(title="Children looked after in England", publisher="DfE", locator="Table A1")
    param = Parameter(
        description="Children looked after per 10,000 children, England",
        unit="rate_per_10k",
        as_of=datetime.date(2026, 11, 1),
        values={"2023/24": Value(value=70, source=source)},
    )
    pf = ProposalFile(council="Testshire")
    ctx = build_context(pf, None, None, ParameterSet({"national.cla_rate": param}))
    (line,) = ctx.parameters
    assert (line.name, line.value, line.year) == (
        "national.cla_rate",
        "70 (rate per 10k)",
        "2023/24",
    )
    assert line.source == "DfE, Children looked after in England, Table A1"
    assert ctx.iterations is None and "No simulation was run" in ctx.method[1]


def test_override_record_keeps_who_and_why(thurrock: Results) -> None:
    pf, summary, challenge = thurrock
    changed = challenge.model_copy(deep=True)
    q = changed.proposals[1].questions[Question.deliverable]
    changed.proposals[1].questions[Question.deliverable] = q.model_copy(
        update={
            "override": Override(
                verdict=Verdict.assured,
                reason="Digital efficiencies already delivered in Q1.",
                by="Cllr B",
                at=datetime.datetime(2021, 10, 12, 20, 0),
            )
        }
    )
    row = build_context(pf, summary, changed).rows[1]
    assert row.tags[Question.deliverable].verdict == Verdict.assured
    assert row.tags[Question.deliverable].overridden


@given(st.floats(min_value=0, max_value=1, allow_nan=False))
def test_percent_never_rounds_a_chance_away(share: float) -> None:
    text = percent(share)
    assert text.endswith("%")
    if 0 < share < 0.005:
        assert text == "<1%"
    elif 0.995 <= share < 1:
        assert text == ">99%"
    else:
        assert text == f"{round(share * 100)}%" or text == f"{share * 100:.0f}%"


def test_caseload_threshold_comes_from_the_models_parameter_when_not_given() -> None:
    pf = kept(load(EXAMPLES / "croydon-2024.yaml"))
    summary = simulate_by_hand(pf, iterations=300)
    challenge = challenge_by_hand(pf, summary)
    vacancy = [p for p in pf.proposals if p.model_type == "vacancy_factor"]
    assert vacancy
    stripped = summary.model_copy(deep=True)
    for sim in stripped.proposals:
        for out in sim.outputs.values():
            out.pop("caseload_threshold", None)
    source = Source(title="Local caseload policy", publisher="Testshire")
    param = Parameter(
        description="Caseload above which caseloads are unsafe",
        unit="cases_per_fte",
        as_of=datetime.date(2026, 11, 1),
        values={"2020/21": Value(value=16.5, source=source)},
    )
    params = ParameterSet({"workforce.caseload_threshold": param})
    ctx = build_context(pf, stripped, challenge, params)
    section = next(s for s in ctx.proposals if s.ref == vacancy[0].ref)
    (chart,) = [c for c in section.charts if c.kind == "caseload"]
    assert chart.marker == 16.5 and "threshold of 16.5 cases" in chart.alt
    without = build_context(pf, stripped, challenge, ParameterSet())
    section = next(s for s in without.proposals if s.ref == vacancy[0].ref)
    assert "caseload" not in [c.kind for c in section.charts]


def test_each_proposal_has_a_one_line_glance_leading_with_expected_delivery(
    thurrock: Results,
) -> None:
    pf, summary, challenge = thurrock
    ctx = build_context(pf, summary, challenge)
    first, *_, last = ctx.proposals
    year, st = summary.for_ref(first.ref).hardest_year()  # type: ignore[union-attr]
    assert first.glance == (
        f"a saving of £1m; expected {format_gbp_rounded(st.mean)} of the £1m target by "
        f"{year} ({percent(st.expected_share)}), {format_gbp_rounded(st.at_risk)} at risk: rated "
        f"{st.rag}; a {percent(st.p_meet_target)} chance of delivering at least 95% of it."
    )
    assert last.glance == "no saving is quantified in the papers."


def test_the_same_field_in_several_proposals_is_one_evidence_line_naming_them() -> None:
    from scrutiny.domain.evidence import FieldEvidence, OutputEvidence
    from scrutiny.reports.context import _evidence

    refs = ["P-1", "P-2", "P-3", "P-4"]
    items = [
        FieldEvidence(path="proposals[2].service", value="Early Help"),
        OutputEvidence(name="p_meet_target", value=0.4, year="2025/26"),
        FieldEvidence(path="proposals[0].service", value="Early Help"),
        FieldEvidence(path="proposals[3].service", value="Early Help"),
        FieldEvidence(path="proposals[1].service", value="Family Hubs"),
        FieldEvidence(path="mtfs.funding_gap", value=1),
    ]
    assert _evidence(items, refs) == (
        "Service: Early Help for P-3, P-1 and P-4",
        "Chance of meeting the cumulative target in 2025/26: 40%",
        "P-2: Service: Family Hubs",
        "Funding gap: 1",
    )


def test_evidence_does_not_repeat_proposals_the_finding_names() -> None:
    from scrutiny.domain.evidence import FieldEvidence
    from scrutiny.reports.context import _evidence

    refs = ["P-1", "P-2", "P-10"]
    items = [FieldEvidence(path=f"proposals[{i}].service", value="Early Help") for i in range(3)]
    named = "3 proposals fall on Early Help (P-1, P-2 and P-10)."
    assert _evidence(items, refs, named) == (
        "Service: Early Help for each of the 3 proposals named",
    )
    not_all = "2 proposals fall on Early Help (P-10 and P-2)."  # P-10 does not name P-1
    assert _evidence(items, refs, not_all) == ("Service: Early Help for P-1, P-2 and P-10",)


@given(st.lists(st.tuples(st.integers(0, 5), st.sampled_from(["a", "b"])), max_size=12))
def test_grouped_evidence_names_every_proposal_cited(cited: list[tuple[int, str]]) -> None:
    from scrutiny.domain.evidence import FieldEvidence
    from scrutiny.reports.context import _evidence

    refs = [f"R-{i}" for i in range(4)]  # indices 4 and 5 are outside the file
    items = [FieldEvidence(path=f"proposals[{i}].service", value=v) for i, v in cited]
    text = " ".join(_evidence(items, refs))
    for i, v in cited:  # named by ref in a grouped line or its own, else by the field alone
        if i < len(refs):
            assert f"{refs[i]}: Service: {v}" in text or (
                f"Service: {v} for" in text and refs[i] in text
            )
        else:
            assert f"Service: {v}" in text
    assert len(_evidence(items, refs)) <= len(items)


def test_overrides_as_recorded_now_replace_those_the_challenge_ran_with(thurrock: Results) -> None:
    pf, summary, challenge = thurrock
    ref = pf.proposals[1].ref
    now = Override(
        verdict=Verdict.not_assured,
        reason="Recorded after the challenge ran",
        by="member",
        at=datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC),
    )
    updated = challenge.with_overrides({(ref, Question.deliverable): now})
    ran_with = {
        (p.ref, q) for p in challenge.proposals for q, r in p.questions.items() if r.override
    }
    assert ran_with  # the fixture's own override, made before: dropped when no longer recorded
    kept = {(p.ref, q) for p in updated.proposals for q, r in p.questions.items() if r.override}
    assert kept == {(ref, Question.deliverable)}
    section = build_context(pf, summary, updated).proposals[1]
    deliverable = next(q for q in section.questions if q.key == Question.deliverable)
    assert deliverable.override is not None
    assert deliverable.override.reason == "Recorded after the challenge ran"
    assert (
        deliverable.engine.verdict == challenge.proposals[1].questions[Question.deliverable].verdict
    )
    # the engine's own results are untouched
    assert challenge.proposals[1].questions[Question.deliverable].override is None


def test_members_conclusions_and_an_out_of_date_note_reach_the_context(thurrock: Results) -> None:
    pf, summary, challenge = thurrock
    ref = pf.proposals[0].ref
    said = MemberConclusion("Members want a plan by March.", "member", "1 December 2026")
    ctx = build_context(
        pf, summary, challenge, member_conclusions={ref: [said]}, out_of_date="changed since."
    )
    assert ctx.out_of_date == "changed since."
    assert ctx.proposals[0].member_conclusions == (said,)
    assert all(not p.member_conclusions for p in ctx.proposals[1:])
    assert build_context(pf, summary, challenge).out_of_date is None


def test_key_questions_are_introduced_with_the_committee_meeting_and_procedure(
    thurrock: Results,
) -> None:
    pf, summary, challenge = thurrock
    ctx = build_context(pf, summary, challenge)
    assert ctx.key_questions_intro == (
        "The questions that matter most for Children's Services Overview and Scrutiny "
        "Committee, 12 October 2021 (pre-decision scrutiny of proposed budget reductions), "
        "most important first."
    )
    bare = build_context(
        pf.model_copy(update={"committee": None, "procedure": None}), summary, challenge
    )
    assert bare.key_questions_intro.startswith("The questions that matter most for 12 October")
