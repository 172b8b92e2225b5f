"""Similar councils: standardised distance on log child population, CIN rate and CLA rate."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from scrutiny.national.dataset import Area, NationalData, Observation
from scrutiny.national.similarity import similar_councils, standardise


def _data(rows: dict[str, tuple[float | None, float, float]]) -> NationalData:
    areas = [
        Area(code, f"E0{code}", f"Council {code}", "council", "E12000001", "North East")
        for code in rows
    ]
    obs = []
    for code, (pop, cin, cla) in rows.items():
        for measure, value in (
            ("cla_population_0_17", pop),
            ("cin_at_31_march_rate_per_10k", cin),
            ("cla_rate_per_10k", cla),
        ):
            obs.append(
                Observation("cla", measure, 2024, "31 March 2024", code, value, "x", "", "s")
            )
    return NationalData.of(areas, obs)


def test_nearest_is_the_most_alike_and_self_is_left_out() -> None:
    data = _data(
        {
            "1": (10_000, 300, 60),
            "2": (10_500, 310, 62),  # nearly the same as 1
            "3": (40_000, 300, 60),  # four times larger
            "4": (10_000, 600, 120),  # twice the need and care
        }
    )
    found = similar_councils(data, "1", 2024)
    assert [n.code for n in found] == ["2", "3", "4"]
    assert found[0].distance < found[1].distance < found[2].distance


def test_council_without_all_three_figures_has_no_neighbours() -> None:
    data = _data({"1": (None, 300, 60), "2": (10_000, 300, 60), "3": (20_000, 200, 50)})
    assert similar_councils(data, "1", 2024) == []
    assert [n.code for n in similar_councils(data, "2", 2024)] == ["3"]


def test_city_of_london_and_scilly_are_never_neighbours() -> None:
    data = _data(
        {
            "1": (10_000, 300, 60),
            "201": (10_000, 300, 60),
            "420": (10_000, 300, 60),
            "5": (90_000, 900, 150),
        }
    )
    assert [n.code for n in similar_councils(data, "1", 2024)] == ["5"]


def test_at_most_ten_neighbours() -> None:
    data = _data({str(i): (10_000 + 100 * i, 300 + i, 60 + i) for i in range(1, 20)})
    found = similar_councils(data, "1", 2024)
    assert len(found) == 10
    assert [n.code for n in found] == [str(i) for i in range(2, 12)]


@given(
    st.dictionaries(
        st.text("abcdef", min_size=1, max_size=3),
        st.tuples(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6)),
        min_size=2,
        max_size=30,
    )
)
def test_standardised_columns_have_mean_zero_and_unit_spread(
    table: dict[str, tuple[float, float]],
) -> None:
    z = standardise(table)
    assert set(z) == set(table)
    for i in range(2):
        column = [row[i] for row in z.values()]
        assert math.isclose(sum(column) / len(column), 0.0, abs_tol=1e-6)
        raw = [row[i] for row in table.values()]
        if max(raw) - min(raw) > 1e-3:
            sd = math.sqrt(sum(v * v for v in column) / len(column))
            assert math.isclose(sd, 1.0, rel_tol=1e-6)
