"""The shipped dataset is exactly what the build makes from the published reference files."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrutiny.errors import ConfigError
from scrutiny.reference import build
from scrutiny.reference.shipped import DATA, read, read_savings_delivery, savings_delivery, shipped

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference"


@pytest.fixture(scope="module")
def reference() -> Path:
    if not (REFERENCE / "cla_by_la.csv").is_file():
        pytest.skip("reference data not present next to the repository")
    return REFERENCE


@pytest.fixture(scope="module")
def rebuilt(reference: Path) -> dict[str, bytes]:
    return build.build_files(reference)


def test_rebuilding_reproduces_the_shipped_files_exactly(rebuilt: dict[str, bytes]) -> None:
    shipped_names = sorted(p.name for p in DATA.iterdir() if not p.name.startswith("."))
    assert sorted(rebuilt) == shipped_names
    for name, content in rebuilt.items():
        assert (DATA / name).read_bytes() == content, f"{name} differs: run the build"


def test_build_writes_through_temporary_names(rebuilt: dict[str, bytes], tmp_path: Path) -> None:
    assert build.main(["--reference", str(REFERENCE), "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(rebuilt)
    assert read(tmp_path).get("cla_rate_per_10k", 2024, "883") == shipped().get(
        "cla_rate_per_10k", 2024, "883"
    )


def test_croydon_2024_workforce_matches_the_reference_file(reference: Path) -> None:
    data = shipped()
    with (reference / "workforce_by_la.csv").open(newline="", encoding="utf-8") as handle:
        rows = [
            r
            for r in csv.DictReader(handle)
            if r["year"] == "2024" and r["old_la_code"] in ("306", "")
        ]
    assert rows
    for r in rows:
        code = "306" if r["old_la_code"] else ("E92000001" if not r["region_code"] else None)
        if code is None:
            continue
        obs = data.get(r["measure"], 2024, code)
        assert obs is not None, r["measure"]
        assert obs.value == (float(r["value"]) if r["value"] else None)
        assert (obs.flag, obs.source, obs.period) == (r["flag"], r["source"], r["period"])


def test_every_source_id_has_a_publication() -> None:
    data = shipped()
    used = {
        part
        for m in ("cla_rate_per_10k", "vacancy_rate_fte", "referrals_rate_per_10k")
        for y in data.years(m)
        for o in data.across(m, y)
        for part in o.source.split("+")
    }
    assert used <= set(data.sources)


def test_the_build_refuses_a_folder_without_the_files(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"cla_by_la\.csv"):
        build.build_files(tmp_path)
    assert build.main(["--reference", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()


def test_the_shipped_archive_has_no_timestamp() -> None:
    raw = (DATA / "national.csv.gz").read_bytes()
    assert raw[4:8] == b"\0\0\0\0"  # gzip MTIME
    text = gzip.decompress(raw).decode("utf-8")
    assert text.splitlines()[0] == ",".join(build.HEADER)


def test_cla_flags_are_split_by_column() -> None:
    assert build._field_flag("number:c;percent:c", "percent") == "c"
    assert build._field_flag("number:c;rate:c", "rate_per_10k") == "c"
    assert build._field_flag("percent:k", "number") == ""
    assert build._field_flag("derived:sum_of_rounded", "number") == "derived:sum_of_rounded"


@given(
    st.dictionaries(
        st.sampled_from(["number", "percent", "rate"]),
        st.sampled_from(["c", "k", "x", "z"]),
        min_size=1,
    ),
    st.sampled_from(["number", "percent", "rate_per_10k"]),
)
def test_a_cla_flag_gives_each_column_its_own_symbol(flags: dict[str, str], column: str) -> None:
    text = ";".join(f"{field}:{symbol}" for field, symbol in flags.items())
    assert build._field_flag(text, column) == flags.get(column.split("_")[0], "")


SAVINGS_HEADER = (
    "council,year,scope,planned_gbp,delivered_gbp,pct_delivered,green,amber,red,"
    "point_in_year,url,quote\n"
)


def test_only_year_end_savings_figures_join_the_reference_class(tmp_path: Path) -> None:
    path = tmp_path / "savings_delivery.csv"
    path.write_text(
        SAVINGS_HEADER
        + "Z Council,2023/24,whole council,100,80,80.0,,,,outturn,https://z,said\n"
        + "Z Council,2023/24,whole council,100,60,60,,,,Q2 forecast,https://z,said\n"
        + 'A Council,2022/23,"children, families",10,9,90.0,,,,year-end (table),a,said\n'
        + "B Council,2022/23,whole council,10,,,,,,outturn,b,no percentage\n",
        encoding="utf-8",
    )
    rows = build._savings_rows(path)
    assert rows == [
        ("A Council", "2022/23", "children, families", "10", "9", "90.0", "year-end (table)", "a"),
        ("Z Council", "2023/24", "whole council", "100", "80", "80.0", "outturn", "https://z"),
    ]


def test_the_shipped_reference_class_is_year_end_shares() -> None:
    rows = savings_delivery()
    assert len(rows) == 15 and len({r.council for r in rows}) == 8
    assert all(0 < r.share <= 1 for r in rows)
    with (DATA / "savings_delivery.csv").open(newline="", encoding="utf-8") as handle:
        assert all(build.is_year_end(r["point_in_year"]) for r in csv.DictReader(handle))


def test_a_bad_percentage_in_the_reference_class_is_named(tmp_path: Path) -> None:
    (tmp_path / "savings_delivery.csv").write_text(
        "council,year,scope,planned_gbp,delivered_gbp,pct_delivered,point_in_year,url\n"
        "Z Council,2023/24,whole council,100,80,eighty,outturn,https://z\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"Z Council 2023/24: 'eighty' is not a percentage"):
        read_savings_delivery(tmp_path)


def test_the_shipped_statistical_neighbours_are_the_dfe_groupings() -> None:
    data = shipped()
    assert [(g.version, g.in_force_from.isoformat(), g.source) for g in data.groupings] == [
        ("2021", "2021-04-01", "sn2021"),
        ("2025", "2025-05-01", "sn2025"),
    ]
    old, new = data.groupings
    assert len(old.neighbours) == 152 and len(new.neighbours) == 153
    assert all(len(n) == 10 for g in data.groupings for n in g.neighbours.values())
    # As the DfE's tables list them (closest first).
    assert new.neighbours["306"][:3] == ("209", "320", "383")
    assert old.neighbours["306"][:3] == ("308", "320", "209")
    assert {"sn2021", "sn2025"} <= set(data.sources)


def _sn_files(folder: Path, version: str = "2021", ranks: range = range(1, 11)) -> None:
    sn = folder / build.SN_FOLDER
    sn.mkdir(parents=True)
    head = "la_code_old,la_name,rank,sn_la_code_old,sn_la_name,version\n"
    for name, expected, *_ in build.SN_GROUPINGS:
        rows = "".join(
            f"883,Thurrock,{r},{800 + r},X,{version if expected == '2021' else expected}\n"
            for r in ranks
        )
        (sn / name).write_text(head + rows, encoding="utf-8")


def test_the_neighbour_build_refuses_another_version(tmp_path: Path) -> None:
    _sn_files(tmp_path, version="2019")
    with pytest.raises(ValueError, match=r"april2021\.csv: version '2019', expected 2021"):
        build._neighbour_rows(tmp_path)


def test_the_neighbour_build_refuses_a_council_without_ten_neighbours(tmp_path: Path) -> None:
    _sn_files(tmp_path, ranks=range(1, 10))
    with pytest.raises(ValueError, match="council 883 has not exactly ten ranked neighbours"):
        build._neighbour_rows(tmp_path)


def test_the_neighbour_build_keeps_rank_order(tmp_path: Path) -> None:
    _sn_files(tmp_path)
    rows = build._neighbour_rows(tmp_path)
    assert rows[0] == ("2021", "2021-04-01", "883", "1", "801", "sn2021")
    assert [r[3] for r in rows[:10]] == [str(r) for r in range(1, 11)]
    assert len(rows) == 20
