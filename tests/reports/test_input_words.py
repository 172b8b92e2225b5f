"""Model inputs in words with their units, as every page and report prints them."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from scrutiny.domain.distributions import Discrete, Lognormal, Normal, Pert, Triangular, Uniform
from scrutiny.domain.vocab import Unit
from scrutiny.reports.wording import describe_input, unit_words

finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)


def test_the_figures_officers_would_write() -> None:
    assert describe_input(0.07, Unit.share) == "7%"
    assert describe_input(0.075, Unit.share) == "7.5%"
    assert describe_input(64935.07, Unit.gbp_per_fte_year) == "£64,935 a year"
    assert describe_input(Pert(dist="pert", min=0, mode=0, max=6), Unit.months) == (
        "0 to 6 months, most likely 0"
    )
    assert describe_input(15.4, Unit.fte) == "15.4 FTE"
    assert describe_input(-2500, Unit.gbp) == "−£2,500"
    assert (
        describe_input(
            Triangular(dist="triangular", min=900, mode=1000, max=1250), Unit.gbp_per_week
        )
        == "£900 to £1,250 a week, most likely £1,000"
    )
    assert describe_input(Uniform(dist="uniform", low=0.1, high=0.3), Unit.probability) == (
        "10% to 30%, any value equally likely"
    )
    assert describe_input(Normal(dist="normal", mean=12, sd=2, min=0), Unit.children_per_year) == (
        "about 12 children a year (give or take 2, never below 0)"
    )
    assert describe_input(Lognormal(dist="lognormal", median=10, p90=20), Unit.households) == (
        "about 10 households (a 1 in 10 chance of more than 20)"
    )
    assert describe_input(Discrete(dist="discrete", values=[1, 2], weights=[1, 3])) == (
        "one of 1 (25%), 2 (75%)"
    )
    assert describe_input(1234.5) == "1,234.5"  # a unit not known: the number alone


def test_how_a_form_asks_for_each_unit() -> None:
    assert unit_words(Unit.share) == "a share: 0.07 is 7%"
    assert unit_words(Unit.gbp_per_week) == "pounds a week"
    assert unit_words(Unit.months) == "months"
    assert unit_words(None) == ""


@given(st.floats(min_value=0, max_value=1))
def test_a_share_is_a_percentage_within_a_hundredth_of_a_point(share: float) -> None:
    text = describe_input(share, Unit.share)
    assert re.fullmatch(r"\d{1,3}(\.\d{1,2})?%", text)
    assert abs(float(text[:-1]) - share * 100) <= 0.005 + 1e-9  # two decimals at most


@given(finite, finite, finite, st.sampled_from(list(Unit)))
def test_a_three_point_range_reads_low_to_high_with_the_most_likely(
    a: float, b: float, c: float, unit: Unit
) -> None:
    low, mode, high = sorted((a, b, c))
    text = describe_input(Pert(dist="pert", min=low, mode=mode, max=high), unit)
    assert " to " in text and ", most likely " in text
    assert "_" not in text and "pert" not in text.lower() and "e+" not in text


def test_evidence_in_words() -> None:
    from scrutiny.domain.evidence import DocumentEvidence, FieldEvidence, OutputEvidence
    from scrutiny.domain.proposal import Proposal
    from scrutiny.reports.wording import evidence_words

    p = Proposal.model_validate(
        {
            "ref": "P-1",
            "title": "Restructure",
            "savings": {"2024/25": 100000},
            "model": {"type": "restructure", "inputs": {"fte_deleted": 2, "cost_per_fte": 50000}},
            "risks": [{"description": "Staff leave early", "likelihood": 2, "impact": 3}],
        }
    )
    papers = {"004_5c1a62b0452b6908.txt": "Budget Reductions (Scrutiny Committee, 12 October 2021)"}
    quote = DocumentEvidence(
        source="004_5c1a62b0452b6908.txt", locator="para 3.9", quote="save £0.1m", page=4
    )
    assert evidence_words(quote, p, ["P-1"], papers) == (
        "“save £0.1m” (Budget Reductions (Scrutiny Committee, 12 October 2021), para 3.9, page 4)"
    )
    risk = FieldEvidence(path="proposals[0].risks[0]", value={"likelihood": 2})
    assert evidence_words(risk, p, ["P-1"]) == (
        "Risk: Staff leave early (likelihood 2 and impact 3 out of 5; mitigation: not given)"
    )
    posts = FieldEvidence(path="proposals[0].model.inputs.fte_deleted", value=2)
    assert evidence_words(posts, p, ["P-1"]) == "Posts deleted (FTE): 2 FTE"
    other = FieldEvidence(path="proposals[1].service", value="Early Help")
    assert evidence_words(other, p, ["P-1", "P-2"]) == "P-2: Service: Early Help"
    savings = FieldEvidence(path="proposals[0].savings", value={"2024/25": 100000.0})
    assert evidence_words(savings, p, ["P-1"]) == "Savings by year: £0.1m in 2024/25"
    chance = OutputEvidence(name="p_meet_target", value=0.31, year="2024/25")
    assert evidence_words(chance) == "Chance of meeting the cumulative target in 2024/25: 31%"
