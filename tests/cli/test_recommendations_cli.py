"""`scrutiny recommendations`: list (with --overdue and JSON that follows its schema), add,
respond, update, record from the analysis, and the work programme; bad input is one line, a
non-zero exit and nothing written. On SQLite, and on PostgreSQL."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import jsonschema
import pytest
from click.testing import Result

from scrutiny.store.engine import open_database
from scrutiny.store.unit_of_work import UnitOfWork
from scrutiny.workflows.scenario import simulate_and_challenge

Run = Callable[..., Result]
SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "schemas" / "recommendations.schema.json"
CYPE3 = "2024-28 SAV CYPE 003"


def _listed(run: Run, *args: str) -> list[dict]:
    result = run("recommendations", "list", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    return data


def _tracked(run: Run, examples: Path) -> None:
    assert run("import", examples / "croydon-2024.yaml").exit_code == 0
    added = run(
        "recommendations", "add", "Croydon", "--text",
        "Add the Council's efforts to increase in-house foster provision to the Work Programme.",
        "--to", "Cabinet", "--owner", "Director of Children's Social Care",
        "--meeting", "2024-01-17", "--ref", CYPE3, "--by", "clerk",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    assert "response due 17 March 2024" in added.stderr


def _flow(run: Run, examples: Path) -> None:
    _tracked(run, examples)
    [rec] = _listed(run, "--council", "Croydon", "--today", "2024-03-01")
    assert rec == {
        "id": rec["id"],
        "council": "Croydon",
        "text": "Add the Council's efforts to increase in-house foster provision to the Work "
        "Programme.",
        "addressee": "Cabinet",
        "owner": "Director of Children's Social Care",
        "due": "2024-03-17",
        "status": "open",
        "response": None,
    }
    assert _listed(run, "--overdue", "--today", "2024-03-17") == []
    assert [r["id"] for r in _listed(run, "--overdue", "--today", "2024-03-18")] == [rec["id"]]
    text = run("recommendations", "list", "--today", "2024-03-20")
    assert "Overdue by 3 days. No response yet." in text.stdout
    responded = run(
        "recommendations", "respond", str(rec["id"]), "--response", "partly", "--text",
        "Agreed to report twice a year.", "--on", "2024-03-20", "--by", "cabinet.office",
    )  # fmt: skip
    assert responded.exit_code == 0, responded.stderr
    updated = run(
        "recommendations", "update", str(rec["id"]), "--note", "First report in June.",
        "--status", "in_progress", "--on", "2024-04-02",
    )  # fmt: skip
    assert updated.exit_code == 0, updated.stderr
    [after] = _listed(run, "--today", "2024-05-01")
    assert after["status"] == "in_progress"
    assert after["response"] == {
        "kind": "partly",
        "text": "Agreed to report twice a year.",
        "on": "2024-03-20",
        "by": "cabinet.office",
    }
    assert _listed(run, "--overdue", "--today", "2025-01-01") == []


def test_add_list_respond_and_update(run: Run, examples: Path) -> None:
    _flow(run, examples)


@pytest.fixture
def own_postgres(postgres_server_url: str) -> Iterator[str]:
    """A database of this test's own on the PostgreSQL server (the session's database is a
    template for other tests, so it is left as it is)."""
    import sqlalchemy

    server = sqlalchemy.engine.make_url(postgres_server_url)
    name = f"cli_{uuid.uuid4().hex[:12]}"
    admin = sqlalchemy.create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        from scrutiny.store.engine import dispose_engines

        dispose_engines()
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.mark.postgres
def test_add_list_respond_and_update_on_postgresql(
    run: Run, examples: Path, own_postgres: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scrutiny.config import get_settings

    monkeypatch.setenv("SCRUTINY_DATABASE_URL", own_postgres)
    get_settings.cache_clear()
    _flow(run, examples)
    get_settings.cache_clear()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["respond", "1", "--response", "maybe", "--text", "x"],
         "response 'maybe' is not one of accepted, partly or rejected"),
        (["respond", "1", "--response", "accepted", "--text", " "], "give the response's words"),
        (["respond", "9", "--response", "accepted", "--text", "Yes"],
         "no recommendation with id 9"),
        (["respond", "1", "--response", "accepted", "--text", "Yes", "--on", "soon"],
         "--on 'soon' is not a date"),
        (["update", "1", "--note", "x", "--status", "finished"], "status 'finished' is not one of"),
        (["add", "Croydon", "--text", "Do it", "--to", "Cabinet"], "give the meeting date"),
        (["add", "Croydon", "--text", "Do it", "--to", "Cabinet", "--meeting", "2024-01-17",
          "--ref", "NOPE"], "no proposal with ref 'NOPE'"),
        (["add", "Nowhere", "--text", "Do it", "--to", "Cabinet", "--meeting", "2024-01-17"],
         "no council named 'Nowhere'"),
        (["programme", "add", "Croydon", "--title", "Fostering", "--ref", "NOPE"],
         "no proposal with ref 'NOPE'"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_writes_nothing(
    run: Run, examples: Path, args: list[str], message: str
) -> None:
    _tracked(run, examples)
    result = run("recommendations", *args)
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    [rec] = _listed(run)
    assert rec["status"] == "open" and rec["response"] is None
    assert (
        "no work programme items" in run("recommendations", "programme", "list", "Croydon").stderr
    )


def test_record_tracks_the_minutes_and_the_drafts_once(run: Run, examples: Path) -> None:
    assert run("import", examples / "croydon-2024.yaml").exit_code == 0
    refused = run("recommendations", "record", "Croydon", "--meeting", "2024-01-17")
    assert refused.exit_code == 1
    assert "has no analysis of its latest register yet" in refused.stderr
    engine = open_database()
    with UnitOfWork(engine) as uow:
        latest = uow.files.latest("Croydon")
        assert latest is not None
    simulate_and_challenge(engine, latest.id, actor="test", iterations=500)
    undated = run("recommendations", "record", "Croydon")
    assert undated.exit_code == 2 and "gives no meeting date" in undated.stderr
    first = run("recommendations", "record", "Croydon", "--meeting", "2024-01-17")
    assert first.exit_code == 0, first.stderr
    data = _listed(run)
    assert len(data) >= 2 and f"{len(data)} recommendations added" in first.stderr
    fostering = next(r for r in data if "in-house foster provision" in r["text"])
    assert fostering["addressee"] == "Children & Young People Sub-Committee"  # its work programme
    assert fostering["due"] == "2024-03-17"
    assert all(" Addressed to " not in r["text"] for r in data)
    assert any(r["addressee"] == "Cabinet" for r in data)
    again = run("recommendations", "record", "Croydon", "--meeting", "2024-01-17")
    assert "0 recommendations added" in again.stderr
    assert len(_listed(run)) == len(data)


def test_the_work_programme_lists_items_by_date(run: Run, examples: Path) -> None:
    assert run("import", examples / "croydon-2024.yaml").exit_code == 0
    for title, date in (("In-house foster provision", "2024-09-10"), ("Budget", "2024-06-04")):
        added = run(
            "recommendations", "programme", "add", "Croydon", "--title", title, "--date", date,
            "--ref", CYPE3,
        )  # fmt: skip
        assert added.exit_code == 0, added.stderr
    listed = run("recommendations", "programme", "list", "Croydon")
    assert listed.stdout.splitlines() == [
        f"4 June 2024: Budget (follows {CYPE3})",
        f"10 September 2024: In-house foster provision (follows {CYPE3})",
    ]


def test_plan_show_says_where_the_removed_saving_is(run: Run, examples: Path) -> None:
    assert run("import", examples / "croydon-2024.yaml").exit_code == 0
    shown = run("plan", "show", "Croydon")
    assert shown.exit_code == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[1].split() == [
        "Planned",
        "Removed",
        "Replaced",
        "Plan",
        "now",
        "Still",
        "to",
        "find",
    ]
    assert lines[2].split() == ["2024/25", "£1.1m", "£1.1m", "£0", "£0", "£1.1m"]
    assert (
        "2024-28 SAV CYPE 001 (Children's Social Care): removed from the plan; planned £1.1m, "
        "now £0" in lines
    )
    assert (
        "2024-28 SAV CYPE 003 (Children Looked After): in the plan; no savings figure in the register"
        in lines
    )
    missing = run("plan", "show", "Nowhere")
    assert missing.exit_code == 1 and "no council named 'Nowhere'" in missing.stderr
