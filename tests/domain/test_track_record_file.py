"""The proposal file's `track_record`: what is accepted, what is refused and how it is named."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrutiny import yaml_files
from scrutiny.domain.proposal_file import parse_proposal_file
from scrutiny.errors import InvalidInput

ROW = {
    "year": "2023/24",
    "planned": 4_200_000,
    "delivered": 3_300_000,
    "scope": "children's services",
    "point": "outturn",
    "evidence": {"source": "Outturn report 2023/24", "locator": "Appendix 3", "quote": "£3.3m"},
}


def data(*rows: dict[str, Any]) -> dict[str, Any]:
    return {"council": "Testshire", "proposals": [], "track_record": list(rows)}


def problems(*rows: dict[str, Any]) -> list[str]:
    with pytest.raises(InvalidInput) as err:
        parse_proposal_file(data(*rows), "test.yaml")
    return [f"{p.path}: {p.message}" for p in err.value.problems]


def test_a_track_record_is_read_with_its_share_and_evidence() -> None:
    pf = parse_proposal_file(data(ROW, {**ROW, "scope": "whole council"}), "test.yaml")
    first = pf.track_record[0]
    assert first.share == pytest.approx(3.3 / 4.2)
    assert first.evidence is not None and first.evidence.locator == "Appendix 3"
    # Exported as given, leaving out the default point (as every default is left out).
    assert pf.to_data()["track_record"][0] == {k: v for k, v in ROW.items() if k != "point"}


def test_delivered_may_exceed_planned_and_the_point_defaults_to_outturn() -> None:
    row = {k: v for k, v in ROW.items() if k not in ("point", "evidence")}
    pf = parse_proposal_file(data({**row, "delivered": 5_000_000}), "test.yaml")
    assert pf.track_record[0].share > 1 and pf.track_record[0].point == "outturn"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"planned": 0}, "track_record[0].planned: Input should be greater than 0"),
        ({"delivered": -1}, "track_record[0].delivered: must not be negative"),
        ({"year": "2023/25"}, "track_record[0].year: '2023/25' is not a financial year"),
        ({"point": "half-year"}, "track_record[0].point: Input should be 'outturn', 'forecast'"),
        ({"scope": ""}, "track_record[0].scope: String should have at least 1 character"),
        ({"colour": "red"}, "track_record[0].colour: unknown key"),
    ],
)
def test_bad_rows_are_named_by_field(change: dict[str, Any], expected: str) -> None:
    found = problems({**ROW, **change})
    assert len(found) == 1 and found[0].startswith(expected), found


def test_a_year_given_twice_for_one_scope_is_refused() -> None:
    found = problems(ROW, {**ROW, "point": "q2"}, {**ROW, "scope": "whole council"})
    assert found == [
        'track_record[1].year: 2023/24 is given more than once for "children\'s services" '
        "(one row per year and scope)"
    ]


@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "year": st.sampled_from(["2019/20", "2020/21", "2021/22", "2022/23"]),
                "planned": st.integers(1, 90_000_000),
                "delivered": st.integers(0, 90_000_000),
                "scope": st.sampled_from(["children's services", "whole council"]),
                "point": st.sampled_from(["outturn", "forecast", "q1", "q2", "q3", "q4"]),
            }
        ),
        max_size=6,
        unique_by=lambda r: (r["scope"], r["year"]),
    )
)
def test_any_valid_track_record_round_trips_through_yaml(rows: list[dict[str, Any]]) -> None:
    pf = parse_proposal_file(data(*rows), "test.yaml")
    again = parse_proposal_file(
        yaml_files.parse_text(yaml_files.dump(pf.to_data()), "again.yaml"), "again.yaml"
    )
    assert again == pf
