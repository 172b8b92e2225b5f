"""The comparison against the shipped dataset: the published figures the seeds rely on, and
missing values shown as missing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrutiny.national.compare import INDICATORS, benchmark, rank_of
from scrutiny.national.dataset import ENGLAND, NationalData
from scrutiny.national.lookup import close_matches, find_council
from scrutiny.reference.shipped import shipped


@pytest.fixture(scope="module")
def data() -> NationalData:
    return shipped()


def test_thurrock_2024_children_looked_after_beside_england(data: NationalData) -> None:
    thurrock = find_council(data, "Thurrock")
    assert thurrock is not None
    result = benchmark(data, thurrock, 2024)
    count, rate = result.row("cla_number"), result.row("cla_rate_per_10k")
    assert count.council.value == 290
    assert rate.council.value == 64
    # England at 31 March 2024 as revised in the 2025 release (first published as 70).
    assert rate.england.value == 69
    assert rate.england.source == "cla25"
    assert rate.council.period == "31 March 2024"
    assert result.region is not None and result.region.name == "East of England"
    assert rate.region.value == 50


def test_croydon_2024_workforce_beside_england(data: NationalData) -> None:
    croydon = find_council(data, "E09000008")
    assert croydon is not None and croydon.name == "Croydon"
    result = benchmark(data, croydon, 2024)
    vacancy = result.row("vacancy_rate_fte")
    assert (vacancy.council.value, vacancy.england.value) == (32.4, 17.3)
    assert vacancy.council.period == "30 September 2024"
    assert result.row("agency_rate_fte").council.value == 30.8
    assert result.row("caseload_fte").england.value == 15.4
    assert result.periods["workforce"] == "30 September 2024"
    assert result.periods["cla"] == "31 March 2024"


def test_every_value_carries_source_and_period(data: NationalData) -> None:
    croydon = find_council(data, "306")
    assert croydon is not None
    for row in benchmark(data, croydon, 2024).rows:
        for fig in (row.council, row.england, row.region):
            assert fig.year == 2024
            assert fig.period
            if fig.value is not None:
                assert fig.source and fig.publication
            else:
                assert fig.missing


def test_a_missing_value_is_missing_never_zero(data: NationalData) -> None:
    thurrock = find_council(data, "883")
    assert thurrock is not None
    # Thurrock made no RO3 return for 2023-24: published as `x`, not available.
    row = benchmark(data, thurrock, 2024).row("total_childrens_social_care:net_current_expenditure")
    assert row.council.value is None
    assert row.council.flag == "x"
    assert row.council.missing == "not available"
    assert row.rank is None
    assert row.to_json()["council"]["value"] is None
    # The derived per-child figure has no row at all: still shown as missing.
    per_child = benchmark(data, thurrock, 2024).row(
        "total_childrens_social_care_net_expenditure_per_child_0_17"
    )
    assert per_child.council.value is None and per_child.council.missing == "not published"


def test_suppressed_cells_are_missing(data: NationalData) -> None:
    suppressed = [
        o for o in data.across("placement_other_placements_percent", 2024) if o.flag == "c"
    ]
    assert suppressed, "the 2024 placement table has suppressed cells"
    assert all(o.value is None for o in suppressed)
    assert suppressed[0].missing_reason == "suppressed to protect confidentiality"


def test_combined_workforce_return_is_used_for_its_members(data: NationalData) -> None:
    kingston = find_council(data, "Kingston upon Thames")
    assert kingston is not None
    row = benchmark(data, kingston, 2024).row("vacancy_rate_fte")
    combined = data.get("vacancy_rate_fte", 2024, "314 / 318")
    assert combined is not None and row.council.value == combined.value
    assert row.council.area == "Kingston upon Thames / Richmond upon Thames"


def test_rank_and_quartile_count_from_the_lowest(data: NationalData) -> None:
    croydon = find_council(data, "Croydon")
    assert croydon is not None
    row = benchmark(data, croydon, 2024).row("vacancy_rate_fte")
    values = sorted(
        o.value
        for o in data.across("vacancy_rate_fte", 2024)
        if o.value is not None
        and o.code not in ("201", "420")
        and data.areas[o.code].level == "council"
    )
    assert row.of == len(values)
    assert row.rank == 1 + sum(v < 32.4 for v in values)
    assert row.quartile == 4
    assert row.indicator.direction == "lower is better"
    assert benchmark(data, croydon, 2024).row("cla_rate_per_10k").indicator.direction is None


def test_rank_of_small_cases() -> None:
    assert rank_of([1.0, 2.0, 3.0, 4.0], 1.0) == (1, 4, 1)
    assert rank_of([1.0, 2.0, 3.0, 4.0], 4.0) == (4, 4, 4)
    assert rank_of([1.0, 2.0, 2.0, 4.0], 2.0) == (2, 4, 2)


def test_england_and_region_rows_exist_for_every_indicator(data: NationalData) -> None:
    for ind in INDICATORS:
        years = data.years(ind.measure)
        assert years, ind.measure
        assert data.get(ind.measure, years[-1], ENGLAND) is not None, ind.measure


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("thurrock", "Thurrock"),
        ("E06000034", "Thurrock"),
        ("883", "Thurrock"),
        ("CROYDON", "Croydon"),
        ("London Borough of Croydon", "Croydon"),
        ("Bristol", "Bristol, City of"),
        ("e09000008", "Croydon"),
    ],
)
def test_council_is_found_by_name_or_code(data: NationalData, query: str, name: str) -> None:
    area = find_council(data, query)
    assert area is not None and area.name == name


def test_unknown_council_suggests_close_matches(data: NationalData) -> None:
    assert find_council(data, "Croydn") is None
    assert close_matches(data, "Croydn")[0] == "Croydon"
    assert find_council(data, "314 / 318") is None


def test_chart_bars_for_the_report(data: NationalData) -> None:
    thurrock = find_council(data, "Thurrock")
    assert thurrock is not None
    result = benchmark(data, thurrock, 2024)
    bars = result.chart("vacancy_rate_fte")
    assert [(b.label, b.kind, b.value) for b in bars[:3]] == [
        ("Thurrock", "council", 28.1),
        ("England", "england", 17.3),
        ("East of England", "region", 12.4),
    ]
    assert [b.label for b in bars[3:]] == [n.name for n in result.neighbours]
    spend = result.chart("total_childrens_social_care:net_current_expenditure")
    assert spend[0].value is None  # Thurrock made no 2023-24 return: a gap, not zero


@given(st.data())
def test_every_council_is_found_by_each_of_its_keys(draw: st.DataObject) -> None:
    data = shipped()
    councils = [a for a in data.councils() if "/" not in a.code]
    area = draw.draw(st.sampled_from(councils))
    key = draw.draw(st.sampled_from([area.name, area.ons_code, area.code]))
    case = draw.draw(st.sampled_from([str.upper, str.lower, str.title, str]))
    found = find_council(data, f"  {case(key)} ")
    if key == area.name:
        # a name two councils have had means the later one (Dorset)
        latest = max(a.last_year for a in councils if a.name == area.name)
        assert found is not None and found.name == area.name and found.last_year == latest
    else:
        assert found == area


def test_dorset_means_the_council_since_2020(data: NationalData) -> None:
    dorset = find_council(data, "Dorset")
    assert dorset is not None and (dorset.code, dorset.last_year) == ("838", 2025)
    old = find_council(data, "835")
    assert old is not None and old.name == "Dorset" and old.last_year == 2019
