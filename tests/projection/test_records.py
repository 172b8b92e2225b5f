"""SSDA903 records: both layouts read back what was written, bad rows dropped and counted,
unusable files refused in one line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrutiny.ingest.readers.ssda903 import CareRecordsError, code_maps, read_folder, write_folder
from scrutiny.projection.episodes import STATES, Row, build_records, parse_date
from scrutiny.projection.synthetic import generate


@pytest.fixture(scope="module")
def synthetic():  # type: ignore[no-untyped-def]
    return generate(entries_a_year=150, seed=4, burn_in_years=12)


@pytest.mark.parametrize("layout", ["years", "stacked"])
def test_both_layouts_read_back_every_episode(synthetic, layout: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write_folder(
        synthetic.births,
        synthetic.episodes,
        tmp_path,
        first_year=2019,
        last_year=2023,
        layout=layout,
    )
    records = read_folder(tmp_path)
    assert set(records.episodes) == set(synthetic.episodes)
    assert records.data_start == date(2018, 4, 1) and records.data_end == date(2023, 3, 31)
    assert records.dropped.lines() == []


def test_every_state_has_a_code_pair_and_codes_map_as_documented() -> None:
    maps = code_maps()
    assert maps.state("U4", "PR1") == "inhouse_fostering"
    assert maps.state("U6", "PR4") == "agency_fostering"
    assert maps.state("U1", "PR4") == "kinship"
    assert maps.state("K2", "PR1") == "inhouse_residential"
    assert maps.state("K2", "PR5") == "external_residential"
    assert maps.state("H5", "PR4") == "supported_accommodation"
    assert maps.state("P1", "PR0") == "placed_with_parents"
    assert maps.state("A4", "PR1") == "other"
    assert maps.state("XX", "PR1") is None
    assert {maps.state(p, q) for p in maps.placement for q in maps.in_house} == set(STATES)


def test_bad_rows_are_dropped_and_reported_with_where(tmp_path: Path) -> None:
    year = tmp_path / "2023"
    year.mkdir()
    (year / "header.csv").write_text(
        "CHILD,SEX,DOB\nA,1,01/05/2010\nB,2,31/02/2011\n,1,01/01/2012\n"
    )
    (year / "episodes.csv").write_text(
        "CHILD,DECOM,DEC,PLACE,PLACE_PROVIDER\n"
        "A,01/06/2022,,U4,PR1\n"
        "A,01/06/2021,01/05/2021,U4,PR1\n"
        "A,2022-01-01,,U4,PR1\n"
        "A,01/01/2022,,Q9,PR1\n"
        "B,01/01/2022,,U4,PR1\n"
    )
    records = read_folder(tmp_path)
    assert len(records.episodes) == 1
    lines = records.dropped.lines()
    assert any("ending before they start (first: 2023/episodes.csv:3)" in x for x in lines)
    assert any("without a valid start date (first: 2023/episodes.csv:4)" in x for x in lines)
    assert any(
        "placement code not in the code list (first: 2023/episodes.csv:5)" in x for x in lines
    )
    assert any("no usable header row (first: 2023/episodes.csv:6)" in x for x in lines)
    assert any("valid date of birth (first: 2023/header.csv:3)" in x for x in lines)
    assert any("without a child identifier (first: 2023/header.csv:4)" in x for x in lines)


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"2023/header.csv": "CHILD,DOB\nA,01/01/2010\n"}, "2023/: no episodes file"),
        (
            {"2023/header.csv": "CHILD,DOB\n", "2023/episodes.csv": "CHILD,DECOM,PLACE\n"},
            "2023/episodes.csv: missing columns DEC, PLACE_PROVIDER",
        ),
        (
            {
                "header.csv": "LA,CHILD,DOB\n1,A,2010-01-01\n",
                "episodes.csv": "LA,YEAR,CHILD,DECOM,DEC,PLACE,PLACE_PROVIDER\n",
            },
            "header.csv: missing column YEAR",
        ),
        (
            {
                "header.csv": "LA,YEAR,CHILD,DOB\n1,2023,A,2010-01-01\n2,2023,B,2010-01-01\n",
                "episodes.csv": "LA,YEAR,CHILD,DECOM,DEC,PLACE,PLACE_PROVIDER\n1,2023,A,2022-01-01,,U4,PR1\n",
            },
            "rows of 2 councils",
        ),
        ({"notes.txt": "x"}, "neither year folders"),
        (
            {
                "2023/header.csv": "CHILD,DOB\nA,01/01/2010\n",
                "2023/episodes.csv": "CHILD,DECOM,DEC,PLACE,PLACE_PROVIDER\nA,bad,,U4,PR1\n",
            },
            "no usable episodes",
        ),
    ],
)
def test_unusable_folders_are_refused_in_one_line(
    files: dict[str, str], message: str, tmp_path: Path
) -> None:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    with pytest.raises(CareRecordsError, match=message) as err:
        read_folder(tmp_path)
    assert "\n" not in str(err.value)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=12))
def test_date_parser_never_raises(text: str) -> None:
    for style in ("dmy", "iso"):
        got = parse_date(text, style)
        assert got is None or isinstance(got, date)


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)))
def test_both_date_styles_round_trip(day: date) -> None:
    assert parse_date(day.strftime("%d/%m/%Y"), "dmy") == day
    assert parse_date(day.isoformat(), "iso") == day


def test_the_latest_return_of_an_episode_is_kept() -> None:
    head = [Row("h:2", 2022, {"CHILD": "A", "DOB": "2010-01-01"})]
    eps = [
        Row(
            "e:2",
            2022,
            {
                "CHILD": "A",
                "DECOM": "2021-06-01",
                "DEC": "",
                "PLACE": "U4",
                "PLACE_PROVIDER": "PR1",
            },
        ),
        Row(
            "e:3",
            2023,
            {
                "CHILD": "A",
                "DECOM": "2021-06-01",
                "DEC": "2022-09-01",
                "PLACE": "U4",
                "PLACE_PROVIDER": "PR1",
            },
        ),
    ]
    records = build_records(head, eps, "iso", code_maps())
    assert [e.end for e in records.episodes] == [date(2022, 9, 1)]
