"""`scrutiny monitor import` and `scrutiny monitor forecast` from the command line."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
from click.testing import Result

Run = Callable[..., Result]

SCHEMA = json.loads(
    (
        Path(__file__).resolve().parents[2] / "docs" / "schemas" / "monitor-forecast.schema.json"
    ).read_text(encoding="utf-8")
)


def _filled_csv(run: Run, tmp_path: Path, period: str, share: float, rag: str = "Green") -> Path:
    text = run("export", "--format", "csv", "--period", period).stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    for row in rows:
        if row["Target for the year"]:
            target = float(row["Target for the year"])
            row["Delivered to date"] = str(target * share)
            row["Forecast for the year"] = str(target)
            row["RAG"] = rag
    path = tmp_path / f"returns-{period.replace('/', '-')}.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_import_then_forecast_gives_the_contract_json(
    run: Run, examples: Path, tmp_path: Path
) -> None:
    run("import", examples / "thurrock-2022.yaml")
    before = json.loads(run("monitor", "forecast", "Thurrock", "--format", "json").stdout)
    jsonschema.validate(before, SCHEMA)
    assert before["period"] is None and before["year"] == "2022/23"

    imported = run("monitor", "import", _filled_csv(run, tmp_path, "2022/23 Q1", 0.25),
                   "--by", "A. Finance", "--format", "json")  # fmt: skip
    assert imported.exit_code == 0, imported.stderr
    assert json.loads(imported.stdout) == {
        "council": "Thurrock", "period": "2022/23 Q1", "version": 1, "returns": 3}  # fmt: skip

    result = run("monitor", "forecast", "Thurrock", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    assert data["period"] == "2022/23 Q1"
    assert data["plan"]["target"] == sum(p["target"] for p in data["proposals"]) == 1_500_000
    assert all(p["delivered_to_date"] == p["target"] / 4 for p in data["proposals"])

    text = run("monitor", "forecast", "Thurrock").stdout
    assert "after the 2022/23 Q1 returns" in text and "THR-CSC-01" in text


def test_a_bad_return_is_one_line_with_exit_2_and_nothing_written(
    run: Run, examples: Path, tmp_path: Path
) -> None:
    run("import", examples / "thurrock-2022.yaml")
    path = _filled_csv(run, tmp_path, "2022/23 Q1", 0.25)
    path.write_text(path.read_text().replace("250000.0", "a quarter of it"), encoding="utf-8")
    result = run("monitor", "import", path)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "[THR-CSC-01] Delivered to date: must be an amount" in lines[0]
    audit = run("db", "audit", "--format", "json")
    assert not [e for e in json.loads(audit.stdout) if e["entity"] == "monitoring_return"]

    missing = tmp_path / "tracker.xlsx"
    run("export", "--format", "xlsx", "--out", missing)
    from openpyxl import load_workbook

    wb = load_workbook(missing)
    del wb["Monitoring return"]
    wb.save(missing)
    result = run("monitor", "import", missing)
    assert result.exit_code == 1 and "no sheet named 'Monitoring return'" in result.stderr


def test_forecast_of_an_unknown_council_or_year_is_one_line(run: Run, examples: Path) -> None:
    run("import", examples / "thurrock-2022.yaml")
    unknown = run("monitor", "forecast", "Atlantis")
    assert unknown.exit_code == 1 and "no register for council 'Atlantis'" in unknown.stderr
    year = run("monitor", "forecast", "Thurrock", "--year", "2030/31")
    assert year.exit_code == 2 and "not in Thurrock's plan" in year.stderr


def test_report_writes_the_monitoring_report(run: Run, examples: Path, tmp_path: Path) -> None:
    run("import", examples / "thurrock-2022.yaml")
    run("monitor", "import", _filled_csv(run, tmp_path, "2022/23 Q2", 0.5, "Amber"))
    out = tmp_path / "report.html"
    result = run("monitor", "report", "Thurrock", "--format", "html", "--out", out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == str(out)
    text = out.read_text(encoding="utf-8")
    assert "Position at 2022/23 Q2" in text and "3 amber" in text
    assert "No recommendations are being tracked." in text
    bad = run("monitor", "report", "Thurrock", "--format", "pptx")
    assert bad.exit_code == 2 and "--format must be html, pdf or docx" in bad.stderr


def test_an_overdue_recommendation_and_the_work_programme_reach_the_monitoring_report(
    run: Run, examples: Path, tmp_path: Path
) -> None:
    run("import", examples / "thurrock-2022.yaml")
    run("monitor", "import", _filled_csv(run, tmp_path, "2022/23 Q1", 0.25))
    late = run(
        "recommendations", "add", "Thurrock", "--text", "Report the agency social worker count quarterly.",
        "--to", "Cabinet", "--owner", "Director of Children's Services",
        "--meeting", "2021-10-12", "--ref", "THR-CSC-01", "--by", "clerk",
    )  # fmt: skip
    assert late.exit_code == 0, late.stderr
    answered = run(
        "recommendations", "add", "Thurrock", "--text", "Publish the fostering recruitment plan.",
        "--to", "Cabinet", "--meeting", "2021-10-12", "--by", "clerk",
    )  # fmt: skip
    assert answered.exit_code == 0, answered.stderr
    [second] = [
        r for r in json.loads(run("recommendations", "list", "--format", "json").stdout)
        if r["text"].startswith("Publish")
    ]  # fmt: skip
    responded = run(
        "recommendations", "respond", str(second["id"]), "--response", "accepted",
        "--text", "The plan will be published in January.",
    )  # fmt: skip
    assert responded.exit_code == 0, responded.stderr
    item = run(
        "recommendations", "programme", "add", "Thurrock", "--title", "In-house fostering",
        "--ref", "THR-CSC-03", "--by", "clerk",
    )  # fmt: skip
    assert item.exit_code == 0, item.stderr
    out = tmp_path / "report.html"
    result = run("monitor", "report", "Thurrock", "--format", "html", "--out", out)
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    rows = text.split("<tr")
    [overdue] = [r for r in rows if "agency social worker count" in r]
    assert "data-overdue" in overdue and "Overdue:" in overdue
    assert "past the response date. No response yet" in overdue
    [done] = [r for r in rows if "fostering recruitment plan" in r]
    assert "data-overdue" not in done and "The plan will be published in January." in done
    assert "In-house fostering" in text and "THR-CSC-03" in text
    assert "No recommendations are being tracked." not in text


def test_the_multi_year_plan_shows_what_monitoring_reports_delivered(
    run: Run, examples: Path, tmp_path: Path
) -> None:
    run("import", examples / "thurrock-2022.yaml")
    before = run("plan", "show", "Thurrock")
    assert before.exit_code == 0, before.stderr
    assert "Delivered" not in before.stdout.splitlines()[1]
    run("monitor", "import", _filled_csv(run, tmp_path, "2022/23 Q2", 0.5, "Amber"))
    after = run("plan", "show", "Thurrock")
    assert after.exit_code == 0, after.stderr
    header, first = after.stdout.splitlines()[1], after.stdout.splitlines()[2]
    assert header.split()[-3:] == ["Delivered", "to", "date"]
    # half of each 2022/23 target delivered by Q2: £750k of the £1.5m
    assert first.split()[0] == "2022/23" and "£750k" in first.split()
    second = after.stdout.splitlines()[3].split()
    assert second[0] == "2023/24" and len(second) == 6  # no return for 2023/24: left blank
