"""Rules D1–D11: each one triggered by a minimal proposal, and just not triggered."""

from __future__ import annotations

import dataclasses
from types import ModuleType

import pytest

from scrutiny.domain.money import format_gbp_rounded
from scrutiny.domain.vocab import Question, Verdict

D = Question.deliverable


def test_a_clean_proposal_has_no_deliverable_findings(kit: ModuleType) -> None:
    report = kit.run(kit.pf_of(kit.proposal()))
    assert report.for_ref("P-1").questions[D].findings == []
    assert kit.verdict(report, D) == Verdict.assured


# D1 -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("savings", [{}, {"2024/25": 0}])
def test_d1_no_breakdown_is_an_information_gap(kit: ModuleType, savings: dict) -> None:
    report = kit.run(kit.pf_of(kit.proposal(savings=savings, stated_total=500000)))
    (f,) = kit.findings(report, "D1")
    assert "no savings profile" in f.message and "£0.5m" in f.message
    assert kit.verdict(report, D) == Verdict.insufficient_information


def test_d1_not_for_a_profile_of_one_pound_or_a_removed_proposal(kit: ModuleType) -> None:
    assert kit.findings(kit.run(kit.pf_of(kit.proposal(savings={"2024/25": 1}))), "D1") == []
    removed = kit.proposal(savings={}, status="removed")
    assert kit.findings(kit.run(kit.pf_of(removed)), "D1") == []


# D2 -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("share", "p_meet", "rag", "severity", "verdict"),
    [
        (0.45, 0.99, "red", "high", Verdict.not_assured),
        (0.5, 0.1, "amber", "medium", Verdict.partially_assured),
        (0.9, 0.79, "amber", "medium", Verdict.partially_assured),
        (0.9, 0.8, "green", "info", Verdict.assured),
    ],
)
def test_d2_severity_follows_the_rag_rating(
    kit: ModuleType, share: float, p_meet: float, rag: str, severity: str, verdict: Verdict
) -> None:
    summary = kit.summary_for("P-1", {"2024/25": 0.95, "2025/26": p_meet}, share={"2025/26": share})
    pf = kit.pf_of(kit.proposal(savings={"2024/25": 120000, "2025/26": 120000}))
    report = kit.run(pf, summary)
    (f,) = kit.findings(report, "D2")
    assert f.severity.value == severity
    stats = summary.proposals[0].years["2025/26"]  # the worst year, with its own target
    expected = f"expects {format_gbp_rounded(stats.mean)} of the £240k cumulative target"
    assert f.message.startswith(f"In 2025/26 the simulation {expected} ({round(share * 100)}%)")
    assert f"{format_gbp_rounded(stats.at_risk)} at risk: rated {rag}." in f.message
    # the probability comes after, as a secondary figure
    assert f.message.index("at risk") < f.message.index(f"{round(p_meet * 100)}%")
    assert "chance of delivering at least 95% of the target" in f.message
    assert [e.name for e in f.evidence] == ["mean", "expected_share", "at_risk", "p_meet_target"]
    assert all(e.year == "2025/26" for e in f.evidence)
    assert kit.verdict(report, D) == verdict


def test_d2_picks_the_worst_rated_year(kit: ModuleType) -> None:
    summary = kit.summary_for(
        "P-1", {"2024/25": 0.3, "2025/26": 0.99}, share={"2024/25": 0.8, "2025/26": 0.4}
    )
    pf = kit.pf_of(kit.proposal(savings={"2024/25": 120000, "2025/26": 120000}))
    (f,) = kit.findings(kit.run(pf, summary), "D2")
    assert f.severity.value == "high" and f.message.startswith("In 2025/26")


def test_d2_rates_a_summary_without_a_rating_under_the_policy(kit: ModuleType) -> None:
    summary = kit.summary_for("P-1", {"2024/25": 0.85}, share={"2024/25": 0.97})
    bare = (
        summary.proposals[0]
        .years["2024/25"]
        .model_copy(update={"rag": None, "expected_share": None})
    )
    summary.proposals[0].years["2024/25"] = bare
    (f,) = kit.findings(kit.run(kit.pf_of(kit.proposal()), summary), "D2")
    assert f.severity.value == "info" and "rated green" in f.message


def test_d2_needs_a_simulation_and_a_target_and_skips_removed_proposals(kit: ModuleType) -> None:
    assert kit.findings(kit.run(kit.pf_of(kit.proposal())), "D2") == []
    summary = kit.summary_for("P-1", {"2024/25": 0.1})
    report = kit.run(kit.pf_of(kit.proposal(status="removed")), summary)
    assert report.for_ref("P-1").questions == {}
    no_target = (
        summary.proposals[0]
        .years["2024/25"]
        .model_copy(update={"cumulative_target": 0.0, "p_meet_target": None, "rag": None})
    )
    summary.proposals[0].years["2024/25"] = no_target
    assert kit.findings(kit.run(kit.pf_of(kit.proposal()), summary), "D2") == []


# D3 -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("outputs", "fires"),
    [
        ({"p_caseload_above_threshold": 0.21, "caseload_mean": 17.0}, True),
        ({"p_caseload_above_threshold": 0.2, "caseload_mean": 17.0}, False),
        ({"p_caseload_above_threshold": 0.0, "caseload_mean": 18.1}, True),
        ({"p_caseload_above_threshold": 0.0, "caseload_mean": 18.0}, False),
    ],
)
def test_d3_caseload_thresholds(kit: ModuleType, outputs: dict, fires: bool) -> None:
    summary = kit.summary_for("P-1", outputs={"2024/25": outputs})
    report = kit.run(kit.pf_of(kit.proposal()), summary)
    assert kit.severities(report, "D3") == (["high"] if fires else [])
    if fires:
        assert "unacceptable risk" in kit.findings(report, "D3")[0].message
        assert kit.verdict(report, D) == Verdict.not_assured


def test_d3_uses_the_models_own_caseload_threshold(kit: ModuleType) -> None:
    model = {"type": "vacancy_factor", "inputs": {"caseload_threshold": 20, "vacancy_factor": 0.05}}
    pf = kit.pf_of(kit.proposal(model=model, category="staffing", statutory_duties=["CA 1989 s17"]))
    held = kit.run(pf, kit.summary_for("P-1", outputs={"2024/25": {"caseload_mean": 19.5}}))
    assert kit.severities(held, "D3") == ["medium"]  # a vacancy factor is at least medium
    assert "stay within 20 cases per FTE" in kit.findings(held, "D3")[0].message
    over = kit.run(pf, kit.summary_for("P-1", outputs={"2024/25": {"caseload_mean": 20.5}}))
    assert kit.severities(over, "D3") == ["high"]
    assert "5% vacancy factor" in kit.findings(over, "D3")[0].message


def test_d3_vacancy_factor_only_in_a_front_line_statutory_service(kit: ModuleType) -> None:
    model = {"type": "vacancy_factor", "inputs": {"vacancy_factor": 0.07}}
    front = kit.proposal(model=model, statutory_duties=["Children Act 1989 s47"])
    (f,) = kit.findings(kit.run(kit.pf_of(front)), "D3")
    assert f.severity.value == "medium" and "7% vacancy factor" in f.message
    back_office = kit.proposal(model=model, service_users_affected=None, category="other")
    assert kit.findings(kit.run(kit.pf_of(back_office)), "D3") == []


def with_and_without(mean: float, without: float, share: float, share_without: float) -> dict:
    return {
        "caseload_mean": mean,
        "caseload_without_mean": without,
        "caseload_change_mean": mean - without,
        "p_caseload_above_threshold": share,
        "p_caseload_above_threshold_without": share_without,
    }


VACANCY = {"type": "vacancy_factor", "inputs": {"vacancy_factor": 0.07}}


@pytest.mark.parametrize(
    ("outputs", "severity", "words"),
    [
        # above the threshold and the saving adds 0.6 ≥ 0.5 cases per FTE
        (with_and_without(19.1, 18.5, 0.99, 0.92), "high", "19.1 cases per FTE with the saving"),
        # above with or without it, the saving adding only 0.2
        (with_and_without(19.1, 18.9, 0.99, 0.97), "medium", "with or without the saving"),
        # the saving adds only 0.4 but takes the mean over the threshold
        (with_and_without(18.2, 17.8, 0.15, 0.1), "high", "against 17.8 without it"),
        # means within, but the saving takes the chance of caseloads above it past 0.2
        (with_and_without(17.2, 17.0, 0.25, 0.15), "high", "25% against 15%"),
        # within the threshold, but the saving adds 1 case per FTE
        (with_and_without(16.0, 15.0, 0.05, 0.01), "medium", "1 cases per FTE higher"),
    ],
)
def test_d3_judges_the_change_the_saving_causes_alongside_the_level(
    kit: ModuleType, outputs: dict, severity: str, words: str
) -> None:
    summary = kit.summary_for("P-1", outputs={"2024/25": outputs})
    pf = kit.pf_of(kit.proposal(model=VACANCY, category="other", service_users_affected=None))
    (f,) = kit.findings(kit.run(pf, summary), "D3")
    assert f.severity.value == severity
    assert words in f.message
    paths = {e.name for e in f.evidence if e.kind == "output"}
    assert {"caseload_mean", "caseload_without_mean", "caseload_change_mean"} <= paths


def test_d3_high_finding_states_the_caseload_with_and_without_the_saving(kit: ModuleType) -> None:
    summary = kit.summary_for("P-1", outputs={"2024/25": with_and_without(19.1, 18.5, 0.99, 0.92)})
    report = kit.run(kit.pf_of(kit.proposal(model=VACANCY)), summary)
    (line,) = [x for x in report.for_ref("P-1").lines_of_enquiry if "caseloads" in x]
    assert "the model gives 19.1 in 2024/25, against 18.5 without it" in line
    (f,) = kit.findings(report, "D3")
    assert f.message == (
        "Holding a 7% vacancy factor would present an unacceptable risk to children: against a "
        "threshold of 18 cases per FTE, in 2024/25 the mean caseload is 19.1 cases per FTE with "
        "the saving against 18.5 without it, and the chance of caseloads above the threshold is "
        "99% against 92%; the saving itself adds 0.60 cases per FTE."
    )


def test_d3_material_change_is_a_policy_threshold(kit: ModuleType) -> None:
    summary = kit.summary_for("P-1", outputs={"2024/25": with_and_without(19.1, 18.8, 0.99, 0.97)})
    pf = kit.pf_of(kit.proposal(model=VACANCY))
    assert kit.severities(kit.run(pf, summary), "D3") == ["medium"]  # adds 0.3 < 0.5
    strict = dataclasses.replace(kit.default_policy(), d3_caseload_change=0.25)
    (f,) = kit.findings(kit.run(pf, summary, strict), "D3")
    assert f.severity.value == "high" and "adds 0.30 cases per FTE" in f.message


def test_d3_front_line_vacancy_factor_within_the_threshold_states_both_caseloads(
    kit: ModuleType,
) -> None:
    summary = kit.summary_for("P-1", outputs={"2024/25": with_and_without(16.2, 16.0, 0.02, 0.01)})
    front = kit.proposal(model=VACANCY, statutory_duties=["Children Act 1989 s47"])
    (f,) = kit.findings(kit.run(kit.pf_of(front), summary), "D3")
    assert f.severity.value == "medium"
    assert "stay within 18 cases per FTE" in f.message
    assert "16.2 cases per FTE with the saving against 16 without it" in f.message
    back_office = kit.proposal(model=VACANCY, service_users_affected=None, category="other")
    assert kit.findings(kit.run(kit.pf_of(back_office), summary), "D3") == []


def test_d3_reads_a_restructures_caseloads_with_and_without_it(kit: ModuleType) -> None:
    model = {"type": "restructure", "inputs": {"fte_deleted": 2, "cost_per_fte": 40000}}
    pf = kit.pf_of(kit.proposal(model=model))
    summary = kit.summary_for("P-1", outputs={"2024/25": with_and_without(18.9, 17.0, 0.6, 0.1)})
    (f,) = kit.findings(kit.run(pf, summary), "D3")
    assert f.severity.value == "high"
    assert f.message.startswith("P-1 would present an unacceptable risk to children")
    assert "adds 1.9 cases per FTE" in f.message
    same = kit.summary_for("P-1", outputs={"2024/25": with_and_without(17.0, 17.0, 0.1, 0.1)})
    assert kit.findings(kit.run(pf, same), "D3") == []  # within the threshold, no change


# D4 -------------------------------------------------------------------------------------------
def test_d4_one_off_saving_against_a_recurring_gap(kit: ModuleType) -> None:
    pf = kit.pf_of(kit.proposal(recurring=False), mtfs={"funding_gap": {"2024/25": 5000000}})
    (f,) = kit.findings(kit.run(pf), "D4")
    assert f.severity.value == "medium"
    assert "one-off saving of £0.12m in 2024/25" in f.message and "£5.0m" in f.message
    assert kit.findings(kit.run(kit.pf_of(kit.proposal(recurring=True))), "D4") == []


def test_d4_vacancy_factor_is_not_sustainable(kit: ModuleType) -> None:
    model = {"type": "vacancy_factor", "inputs": {"vacancy_factor": 0.07}}
    (f,) = kit.findings(kit.run(kit.pf_of(kit.proposal(model=model))), "D4")
    assert f.severity.value == "medium" and "returns to the budget" in f.message


# D5 -------------------------------------------------------------------------------------------
FOSTERING = {"type": "fostering_recruitment", "inputs": {"net_households": 15}}


def test_d5_market_dependency_without_cover_is_medium(kit: ModuleType) -> None:
    unrelated = {"description": "IT system late", "likelihood": 2, "impact": 2, "mitigation": "x"}
    pf = kit.pf_of(kit.proposal(model=FOSTERING, risks=[unrelated]))
    (f,) = kit.findings(kit.run(pf), "D5")
    assert f.severity.value == "medium"
    assert "recruiting foster carers" in f.message
    assert "assumes 15 net new fostering households a year" in f.message


def test_d5_mitigated_market_risk_is_low(kit: ModuleType) -> None:
    risk = {
        "description": "Foster carer recruitment falls short",
        "likelihood": 2,
        "impact": 2,
        "mitigation": "Recruitment campaign",
    }
    (f,) = kit.findings(kit.run(kit.pf_of(kit.proposal(model=FOSTERING, risks=[risk]))), "D5")
    assert f.severity.value == "low" and "Recruitment campaign" in f.message


def test_d5_listed_dependencies_count_and_none_means_no_finding(kit: ModuleType) -> None:
    deps = kit.proposal(dependencies=["new children's home"])
    assert kit.severities(kit.run(kit.pf_of(deps)), "D5") == ["medium"]
    assert kit.findings(kit.run(kit.pf_of(kit.proposal())), "D5") == []


# D6 -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("likelihood", "impact", "mitigation", "expected"),
    [
        (3, 5, None, ["high"]),  # 15
        (3, 5, "Weekly review", ["medium"]),
        (4, 3, None, ["low"]),  # 12: the highest score below 15
        (3, 3, None, ["low"]),  # 9
        (4, 2, None, []),  # 8
        (2, 4, "Weekly review", []),
    ],
)
def test_d6_risk_scores(
    kit: ModuleType, likelihood: int, impact: int, mitigation: str | None, expected: list
) -> None:
    risk = {"description": "Caseloads rise", "likelihood": likelihood, "impact": impact}
    if mitigation:
        risk["mitigation"] = mitigation
    report = kit.run(kit.pf_of(kit.proposal(risks=[risk])))
    assert kit.severities(report, "D6") == expected
    if expected:
        assert (
            f"{likelihood} × {impact} = {likelihood * impact}"
            in kit.findings(report, "D6")[0].message
        )


# D7 -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("cost", "severity"), [(240000, "low"), (240001, "medium")])
def test_d7_payback_threshold(kit: ModuleType, cost: float, severity: str) -> None:
    # £120,000 a year repays £240,000 in exactly 24 months.
    pf = kit.pf_of(kit.proposal(one_off_costs={"2024/25": cost}))
    (f,) = kit.findings(kit.run(pf), "D7")
    assert f.severity.value == severity and "£0.24m" in f.message and "£0.12m a year" in f.message


def test_d7_no_one_off_costs_no_finding(kit: ModuleType) -> None:
    assert kit.findings(kit.run(kit.pf_of(kit.proposal())), "D7") == []


def test_d7_uses_modelled_one_off_costs(kit: ModuleType) -> None:
    summary = kit.summary_for("P-1", outputs={"2024/25": {"one_off_cost_mean": 600000.0}})
    (f,) = kit.findings(kit.run(kit.pf_of(kit.proposal()), summary), "D7")
    assert f.severity.value == "medium" and "60 months" in f.message
    assert f.evidence[0].name == "one_off_cost_mean"


# D8 -------------------------------------------------------------------------------------------
def test_d8_removed_states_the_sum_to_find_on_the_file_and_no_verdicts(kit: ModuleType) -> None:
    pf = kit.pf_of(
        kit.proposal(status="removed", savings={"2024/25": 1100000}),
        kit.proposal(ref="P-2"),
    )
    report = kit.run(pf, kit.summary_for("P-1", {"2024/25": 0.1}, share={"2024/25": 0.2}))
    (f,) = [f for f in report.file_findings if f.rule == "D8"]
    assert f.severity.value == "info" and f.ref == "P-1" and f.question == D
    assert "£1.1m" in f.message and "found elsewhere" in f.message
    removed = report.for_ref("P-1")
    assert removed.questions == {} and removed.lines_of_enquiry == []
    assert "found elsewhere" in " ".join(removed.conclusions)
    assert set(report.for_ref("P-2").questions) == set(Question)
    assert [f.rule for f in kit.run(kit.pf_of(kit.proposal())).file_findings] == []


# D9 -------------------------------------------------------------------------------------------
SHIFT = {"type": "placement_shift", "inputs": {"children_per_year": 4}}


def test_d9_same_service_and_model_type_names_both(kit: ModuleType) -> None:
    pf = kit.pf_of(kit.proposal(model=SHIFT), kit.proposal(ref="P-2", model=SHIFT))
    report = kit.run(pf)
    for ref, other in (("P-1", "P-2"), ("P-2", "P-1")):
        (f,) = kit.findings(report, "D9", ref)
        assert f.severity.value == "medium" and ref in f.message and other in f.message


def test_d9_names_the_overlapping_inputs_and_not_separate_pools(kit: ModuleType) -> None:
    def shift(ref: str, low: float, high: float) -> dict:
        inputs = {"children_per_year": {"dist": "uniform", "low": low, "high": high}}
        return kit.proposal(ref=ref, model={"type": "placement_shift", "inputs": inputs})

    (f,) = kit.findings(kit.run(kit.pf_of(shift("P-1", 2, 5), shift("P-2", 5, 8))), "D9")
    assert "overlapping children_per_year" in f.message
    assert kit.findings(kit.run(kit.pf_of(shift("P-1", 2, 5), shift("P-2", 5.5, 8))), "D9") == []


def test_d9_not_across_services_nor_for_fixed_savings(kit: ModuleType) -> None:
    other_service = kit.proposal(ref="P-2", model=SHIFT, service="Children Looked After")
    assert kit.findings(kit.run(kit.pf_of(kit.proposal(model=SHIFT), other_service)), "D9") == []
    both_fixed = kit.pf_of(kit.proposal(), kit.proposal(ref="P-2"))
    assert kit.findings(kit.run(both_fixed), "D9") == []


def test_d9_shared_dependency(kit: ModuleType) -> None:
    a = kit.proposal(dependencies=["Foster carer recruitment"])
    b = kit.proposal(ref="P-2", service="Other", dependencies=["foster carer recruitment"])
    (f,) = kit.findings(kit.run(kit.pf_of(a, b)), "D9")
    assert "Foster carer recruitment" in f.message
    c = kit.proposal(ref="P-2", service="Other", dependencies=["new children's home"])
    assert kit.findings(kit.run(kit.pf_of(a, c)), "D9") == []


# D10 ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("stated", "fires"), [(120001, False), (120002, True), (119998, True)])
def test_d10_stated_total(kit: ModuleType, stated: float, fires: bool) -> None:
    report = kit.run(kit.pf_of(kit.proposal(stated_total=stated)))
    assert kit.severities(report, "D10") == (["medium"] if fires else [])


def test_d10_headline_against_the_proposals(kit: ModuleType) -> None:
    pf = kit.pf_of(
        kit.proposal(savings={"2024/25": 1000000}),
        kit.proposal(ref="P-2", savings={"2024/25": 200000}),
        kit.proposal(ref="P-3", savings={"2024/25": 300000, "2025/26": 300000}),
        headline={"savings_total": 1200000},
    )
    (f,) = [f for f in kit.run(pf).file_findings if f.rule == "D10"]
    assert f.severity.value == "medium"
    assert "£1.2m" in f.message and "£1.8m" in f.message and "difference of £0.6m" in f.message
    assert "matches the first 2" in f.message
    assert f.evidence[0].path == "headline.savings_total"


def test_d10_headline_that_adds_up(kit: ModuleType) -> None:
    pf = kit.pf_of(kit.proposal(), headline={"savings_total": 120000.5})
    assert kit.run(pf).file_findings == []


# D11 ------------------------------------------------------------------------------------------
def test_d11_cost_avoidance(kit: ModuleType) -> None:
    (f,) = kit.findings(kit.run(kit.pf_of(kit.proposal(kind="cost_avoidance"))), "D11")
    assert f.severity.value == "low" and "slows the growth in spending" in f.message
    assert kit.findings(kit.run(kit.pf_of(kit.proposal(kind="saving"))), "D11") == []


def test_d9_is_one_finding_naming_every_other_proposal(kit: ModuleType) -> None:
    pf = kit.pf_of(*(kit.proposal(ref=f"P-{i}", model=SHIFT) for i in range(1, 5)))
    report = kit.run(pf)
    (f,) = kit.findings(report, "D9", "P-1")
    assert "as 3 other proposals" in f.message
    assert all(ref in f.message for ref in ("P-2", "P-3", "P-4"))
    assert {e.path for e in f.evidence} >= {f"proposals[{i}].model.type" for i in (1, 2, 3)}


def test_d9_names_proposals_that_clash_for_the_same_reason_together(kit: ModuleType) -> None:
    home = ["New children's home"]
    pf = kit.pf_of(
        kit.proposal(ref="P-1", model=SHIFT, dependencies=home),
        *(kit.proposal(ref=f"P-{i}", model=SHIFT) for i in range(2, 5)),
        kit.proposal(ref="P-5", service="Other", dependencies=["new children's home"]),
    )
    report = kit.run(pf)
    (f,) = kit.findings(report, "D9", "P-1")
    assert "as 4 other proposals" in f.message
    assert "P-2, P-3 and P-4 (all are placement_shift models" in f.message
    assert "P-5 (both depend on “New children's home”)" in f.message
    assert f.message.count("placement_shift models") == 1
    (line,) = [x for x in report.for_ref("P-1").lines_of_enquiry if "counted" in x]
    assert line.startswith("How have officers made sure the saving from P-1")
    assert "4 other proposals" in line and "(P-2, P-3, P-4 and P-5)?" in line
