"""The policy: thresholds come from parameters, a council's values change the findings, and
contradicting thresholds are refused naming both."""

from __future__ import annotations

import dataclasses
from types import ModuleType

import pytest

from scrutiny.challenge.policy import BORROWED, Policy
from scrutiny.domain.delivery import DeliveryPolicy
from scrutiny.errors import ParameterError
from scrutiny.parameters.loader import load_defaults


def test_defaults_are_the_documented_rule_thresholds() -> None:
    policy = Policy.from_parameters(load_defaults())
    assert not any(f.name.startswith("d2_") for f in dataclasses.fields(Policy))  # the RAG decides
    assert (policy.d6_score_low, policy.d6_score_high) == (9, 15)
    assert policy.d3_p_caseload_above == 0.2 and policy.d7_payback_months == 24


PUBLISHED = {"response_months", "redundancy_cost_low", "redundancy_cost_high"}


def test_every_policy_parameter_cites_the_rule_document() -> None:
    params = load_defaults().under("policy")
    measure = set(DeliveryPolicy.NAMES.values())
    assert len(params) == len(dataclasses.fields(Policy)) - 1 - len(BORROWED) + len(measure)
    for name, p in params.items():
        rule = name.split("_")[0].upper()
        (value,) = p.values.values()
        if name in PUBLISHED:
            # Set by law or published pay rates, not by this tool: a public source with its url.
            assert value.source.publisher != "scrutiny" and value.source.url, name
            assert p.note, name
            continue
        locator = "docs/simulation.md, the measure" if f"policy.{name}" in measure else rule
        assert value.source.publisher == "scrutiny" and value.source.locator == locator
        assert p.note, name


def test_the_delivery_measure_comes_from_the_policy_parameters() -> None:
    policy = Policy.from_parameters(load_defaults())
    assert policy.delivery == DeliveryPolicy(0.05, 0.8, 0.5)
    assert policy.delivery.rag(0.45, 0.99) == "red"
    assert policy.delivery.rag(0.9, 0.8) == "green"
    assert policy.delivery.rag(0.9, 0.79) == "amber"
    assert policy.delivery.rag(None, None) is None
    with pytest.raises(ParameterError, match=r"policy\.materiality"):
        DeliveryPolicy(materiality=1.5)


def test_a_missing_threshold_is_named() -> None:
    params = load_defaults()
    without = type(params)({k: v for k, v in params.items() if k != "policy.d7_payback_months"})
    with pytest.raises(ParameterError, match=r"policy\.d7_payback_months"):
        Policy.from_parameters(without)


def test_contradicting_thresholds_are_refused() -> None:
    policy = dataclasses.replace(Policy.from_parameters(load_defaults()), d6_score_low=16)
    with pytest.raises(ParameterError, match=r"d6_score_low.*d6_score_high"):
        policy.check()


def test_a_councils_thresholds_change_the_findings(kit: ModuleType) -> None:
    pf = kit.pf_of(kit.proposal(one_off_costs={"2024/25": 300000}))  # 30 months' payback
    assert kit.severities(kit.run(pf), "D7") == ["medium"]
    patient = dataclasses.replace(kit.default_policy(), d7_payback_months=36)
    assert kit.severities(kit.run(pf, policy=patient), "D7") == ["low"]

    summary = kit.summary_for("P-1", outputs={"2024/25": {"caseload_mean": 16.5}})
    assert kit.findings(kit.run(kit.pf_of(kit.proposal()), summary), "D3") == []
    strict = dataclasses.replace(kit.default_policy(), d3_caseload_threshold=16)
    (f,) = kit.findings(kit.run(kit.pf_of(kit.proposal()), summary, strict), "D3")
    assert f.severity.value == "high" and "threshold of 16 cases per FTE" in f.message

    three = kit.pf_of(kit.proposal(), kit.proposal(ref="P-2"))
    assert kit.severities(kit.run(three), "I5") == ["low"]
    fewer = dataclasses.replace(kit.default_policy(), i5_min_proposals=3)
    assert kit.findings(kit.run(three, policy=fewer), "I5") == []
