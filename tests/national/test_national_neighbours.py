"""As at a date: which period each dataset uses, and which DfE statistical neighbours."""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from scrutiny.national.assumptions import published_by
from scrutiny.national.compare import DATASET_PERIODS, benchmark, period_end, years_as_at
from scrutiny.national.dataset import NationalData
from scrutiny.national.lookup import find_council
from scrutiny.national.neighbours import DFE, Grouping, dfe_neighbours, grouping_in_force
from scrutiny.parameters.schema import Source, Value
from scrutiny.reference.shipped import shipped

G2021 = Grouping("2021", datetime.date(2021, 4, 1), "sn2021", {"1": ("2",)})
G2025 = Grouping("2025", datetime.date(2025, 5, 1), "sn2025", {"1": ("3",)})
dates = st.dates(datetime.date(2015, 1, 1), datetime.date(2030, 12, 31))


@given(dates)
def test_the_grouping_in_force_is_the_latest_not_after_the_date(at: datetime.date) -> None:
    grouping, later = grouping_in_force((G2025, G2021), at)
    assert grouping is not None
    if at >= G2025.in_force_from:
        assert grouping is G2025 and not later
    elif at >= G2021.in_force_from:
        assert grouping is G2021 and not later
    else:  # before every grouping shipped: the earliest, marked as published later
        assert grouping is G2021 and later


def test_without_a_date_the_latest_grouping_and_none_when_none_is_shipped() -> None:
    assert grouping_in_force((G2021, G2025), None) == (G2025, False)
    assert grouping_in_force((), datetime.date(2024, 1, 1)) == (None, False)


@settings(deadline=None)  # the first example reads the shipped dataset
@given(dates)
def test_each_dataset_uses_the_latest_period_that_ended_before_the_date(
    at: datetime.date,
) -> None:
    data = shipped()
    years = years_as_at(data, at)
    for dataset, (measure, _) in DATASET_PERIODS.items():
        year = years[dataset]
        assert period_end(dataset, year) < at
        later = [y for y in data.years(measure) if year < y and period_end(dataset, y) < at]
        assert later == []


def test_a_meeting_on_12_october_2021() -> None:
    years = years_as_at(shipped(), datetime.date(2021, 10, 12))
    assert years == {"cla": 2021, "workforce": 2021, "cin": 2021, "spend": 2021}
    on_census_day = years_as_at(shipped(), datetime.date(2021, 9, 30))
    assert on_census_day["workforce"] == 2020 and on_census_day["cla"] == 2021


def test_thurrock_dfe_neighbours_in_2021_and_2025() -> None:
    data = shipped()
    old = dfe_neighbours(data, "883", datetime.date(2021, 10, 12))
    assert old.kind == DFE and old.source == "sn2021" and not old.note
    assert [n.code for n in old.councils] == [
        "887", "303", "311", "866", "332", "882", "941", "894", "826", "874",
    ]  # fmt: skip
    assert all(n.distance is None for n in old.councils)
    new = dfe_neighbours(data, "883", datetime.date(2025, 6, 1))
    assert [n.name for n in new.councils][:3] == ["Swindon", "Bexley", "Havering"]
    assert new.name == "DfE statistical neighbours (May 2025 grouping)"
    early = dfe_neighbours(data, "883", datetime.date(2020, 1, 1))
    assert early.source == "sn2021" and "published later" in early.note


def test_a_benchmark_as_at_a_date_reads_each_dataset_in_its_own_year() -> None:
    data = shipped()
    thurrock = find_council(data, "Thurrock")
    assert thurrock is not None
    at = datetime.date(2021, 6, 1)
    years = years_as_at(data, at)
    result = benchmark(data, thurrock, years["cla"], years=years, neighbours=None, as_at=at)
    assert result.years == {"cla": 2021, "workforce": 2020, "cin": 2021, "spend": 2021}
    assert result.row("vacancy_rate_fte").council.period == "30 September 2020"
    assert result.row("cla_rate_per_10k").council.period == "31 March 2021"
    assert result.to_json()["as_at"] == "2021-06-01"


def test_an_empty_dataset_has_no_dfe_neighbours() -> None:
    group = dfe_neighbours(NationalData.of([], []), "883", None)
    assert group.councils == ()


def _value(published: datetime.date | str | None) -> Value:
    return Value(value=1.0, source=Source(title="t", publisher="p", published=published))


def test_a_figure_counts_only_once_published() -> None:
    meeting = datetime.date(2021, 10, 12)
    assert published_by(_value(datetime.date(2021, 10, 12)), meeting)
    assert not published_by(_value(datetime.date(2021, 10, 22)), meeting)
    assert published_by(_value("2020"), meeting)
    assert not published_by(_value("2021"), meeting)  # a year alone: from its end
    assert published_by(_value(None), meeting)  # undated: kept
    assert published_by(_value(datetime.date(2030, 1, 1)), None)  # no date: everything
