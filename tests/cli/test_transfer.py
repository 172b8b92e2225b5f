"""`scrutiny import`, `export` and `db upgrade` from the command line."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from sqlalchemy import select, text

from scrutiny import yaml_files
from scrutiny.store.engine import get_engine
from scrutiny.store.tables import Base
from scrutiny.workflows.validate import load, parse

Run = Callable[..., Result]


def snapshot() -> dict[str, list[Any]]:
    """Every row of every table, to show that nothing changed."""
    engine = get_engine()
    out: dict[str, list[Any]] = {}
    with engine.connect() as conn:
        for name, table in Base.metadata.tables.items():
            out[name] = sorted(map(repr, conn.execute(select(table)).all()))
        out["alembic_version"] = list(conn.execute(text("select * from alembic_version")).all())
    return out


def test_db_upgrade_creates_the_database(run: Run, tmp_path: Path) -> None:
    result = run("db", "upgrade")
    assert result.exit_code == 0, result.stderr
    assert "upgraded from an empty database to revision" in result.stderr
    again = run("db", "upgrade")
    assert "already at revision" in again.stderr
    current = run("db", "current")
    assert current.exit_code == 0 and "newest is" in current.stdout


def test_import_twice_keeps_one_version(run: Run, examples: Path) -> None:
    first = run("import", examples / "thurrock-2022.yaml", "--by", "clerk", "--format", "json")
    assert first.exit_code == 0, first.stderr
    assert json.loads(first.stdout) == {
        "council": "Thurrock",
        "version": 1,
        "created": True,
        "proposals": 4,
    }
    from scrutiny.store.unit_of_work import UnitOfWork

    with UnitOfWork() as uow:
        entries = uow.audit.entries(council="Thurrock")
    assert {e.actor for e in entries} == {"clerk"}
    assert [e.action for e in entries] == ["create"] * 4 + ["import"]
    second = run("import", examples / "thurrock-2022.yaml", "--format", "json")
    assert json.loads(second.stdout)["created"] is False
    assert "unchanged" in second.stderr


def test_a_refused_import_leaves_the_database_unchanged(
    run: Run, examples: Path, tmp_path: Path
) -> None:
    assert run("import", examples / "thurrock-2022.yaml").exit_code == 0
    before = snapshot()
    original = (examples / "croydon-2024.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "croydon-bad.yaml"
    bad.write_text(
        original.replace('savings: {"2024/25": 1100000}', 'savings: {"2024/25": -1100000}')
    )
    assert bad.read_text() != original
    result = run("import", bad)
    assert result.exit_code == 2
    assert (
        "a cost rather than a saving" in result.stderr and "2024-28 SAV CYPE 001" in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert snapshot() == before


def test_a_refused_import_into_no_database_creates_none(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("council: X\nproposals: [{ref: A, title: B, colour: red}]\n")
    result = run("import", bad)
    assert result.exit_code == 2
    assert not (tmp_path / "scrutiny.db").exists()


@pytest.mark.parametrize("name", ["thurrock-2022.yaml", "croydon-2024.yaml"])
def test_yaml_round_trip_through_the_database_is_lossless(
    run: Run, examples: Path, name: str
) -> None:
    original = load(examples / name)
    assert run("import", examples / "thurrock-2022.yaml").exit_code == 0
    assert run("import", examples / "croydon-2024.yaml").exit_code == 0
    result = run("export", "--format", "yaml", "--council", original.council)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == yaml_files.dump(original.to_data())
    assert parse(yaml_files.parse_text(result.stdout, "exported"), "exported") == original


def test_export_asks_which_council_when_there_are_several(run: Run, examples: Path) -> None:
    empty = run("export", "--format", "yaml")
    assert empty.exit_code == 1 and "no register yet" in empty.stderr
    run("import", examples / "thurrock-2022.yaml")
    run("import", examples / "croydon-2024.yaml")
    result = run("export", "--format", "csv")
    assert result.exit_code == 2
    assert "choose one with --council NAME" in result.stderr and result.stdout == ""
    unknown = run("export", "--format", "csv", "--council", "Atlantis")
    assert unknown.exit_code == 1 and "Atlantis" in unknown.stderr
    bad = run("export", "--format", "pdf", "--council", "Croydon")
    assert bad.exit_code == 2 and "--format must be yaml, csv or xlsx" in bad.stderr
    no_out = run("export", "--format", "xlsx", "--council", "Croydon")
    assert no_out.exit_code == 2 and "--out" in no_out.stderr


def test_csv_export_has_a_row_per_proposal_and_a_column_per_year(run: Run, examples: Path) -> None:
    pf = load(examples / "thurrock-2022.yaml")
    run("import", examples / "thurrock-2022.yaml")
    result = run("export", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["Ref"] for r in rows] == [p.ref for p in pf.proposals]
    for row, p in zip(rows, pf.proposals, strict=True):
        for year in pf.horizon():
            assert float(row[year]) == p.savings.get(year, 0)
        assert float(row["Total"]) == p.total_target()


def test_export_to_a_file_replaces_it_whole(run: Run, examples: Path, tmp_path: Path) -> None:
    run("import", examples / "croydon-2024.yaml")
    out = tmp_path / "out" / "croydon.yaml"
    result = run("export", "--format", "yaml", "--out", out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert f"wrote {out}" in result.stderr
    assert yaml_files.read(out) == load(examples / "croydon-2024.yaml").to_data()
    assert [p.name for p in out.parent.iterdir()] == ["croydon.yaml"]


@pytest.mark.postgres
def test_import_and_export_on_postgresql(
    run: Run, examples: Path, postgres_server_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scrutiny.config import get_settings
    from scrutiny.store.engine import make_engine

    wipe = make_engine(postgres_server_url)
    with wipe.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    wipe.dispose()
    monkeypatch.setenv("SCRUTINY_DATABASE_URL", postgres_server_url)
    get_settings.cache_clear()
    result = run("import", examples / "croydon-2024.yaml")
    assert result.exit_code == 0, result.stderr
    assert "into PostgreSQL postgresql+psycopg://" in result.stderr
    exported = run("export", "--format", "yaml")
    assert exported.stdout == yaml_files.dump(load(examples / "croydon-2024.yaml").to_data())
    get_settings.cache_clear()


def test_the_audit_trail_shows_who_changed_what(run: Run, examples: Path, tmp_path: Path) -> None:
    run("import", examples / "croydon-2024.yaml", "--by", "clerk")
    changed = tmp_path / "croydon.yaml"
    changed.write_text(
        (examples / "croydon-2024.yaml")
        .read_text(encoding="utf-8")
        .replace("status: removed", "status: proposed", 1)
    )
    assert run("import", changed, "--by", "officer").exit_code == 0
    result = run("db", "audit", "--ref", "2024-28 SAV CYPE 001", "--format", "json")
    assert result.exit_code == 0, result.stderr
    entries = json.loads(result.stdout)
    assert [(e["actor"], e["action"]) for e in entries] == [
        ("clerk", "create"),
        ("officer", "update"),
    ]
    assert entries[1]["changed"] == ["status"]
    assert (entries[1]["before"]["status"], entries[1]["after"]["status"]) == (
        "removed",
        "proposed",
    )
    text_out = run("db", "audit", "--council", "Croydon", "--last", "1").stdout.strip().splitlines()
    assert len(text_out) == 1 and "officer: import Croydon" in text_out[0]


def test_an_unwritable_destination_is_one_line(run: Run, examples: Path, tmp_path: Path) -> None:
    run("import", examples / "croydon-2024.yaml")
    folder = tmp_path / "a-folder"
    folder.mkdir()
    result = run("export", "--format", "yaml", "--out", folder)
    assert result.exit_code == 2 and "is a folder" in result.stderr
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where a folder should be")
    result = run("export", "--format", "csv", "--out", blocked / "out.csv")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {blocked / 'out.csv'}: cannot be written")
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_import_out_of_bounds_exits_2_in_one_line_and_writes_nothing(
    run: Run, examples: Path, tmp_path: Path
) -> None:
    assert run("import", examples / "thurrock-2022.yaml").exit_code == 0
    before = snapshot()
    data = yaml_files.read(examples / "thurrock-2022.yaml")
    restructure = next(
        p for p in data["proposals"] if p.get("model", {}).get("type") == "restructure"
    )
    restructure["model"]["inputs"]["fte_deleted"] = 1e300
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml_files.dump(data), encoding="utf-8")
    result = run("import", broken)
    assert result.exit_code == 2
    line = result.stderr.strip().splitlines()[-1]
    assert "model.inputs.fte_deleted: is above 1e+06 [fte] (got 1e+300)" in line
    assert snapshot() == before
