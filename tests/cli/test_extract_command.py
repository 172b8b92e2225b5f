"""`scrutiny extract`: the contract's JSON, the readable view, and one line for bad files."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from scrutiny.cli.app import build_app

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "schemas" / "extract.schema.json"
PAPER = (
    "Budget Savings 2025/26\n\n"
    "2025-29 SAV CYP 004 – Review of Home to School Transport\n\n"
    "The service forecasts an overspend of £1.2m (4% of budget). A saving of £0.300m per annum "
    "is proposed, deleting 6 posts (4.5 FTE).\n\n"
    "RESOLVED:\n1. That the savings be agreed.\n2. That the overspend be noted.\n"
)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_json_follows_the_contract_and_validates(runner: CliRunner, tmp_path: Path) -> None:
    paper = tmp_path / "report.txt"
    paper.write_text(PAPER, encoding="utf-8")
    result = runner.invoke(build_app(), ["extract", str(paper), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert data["source"] == "report.txt"
    assert data["pages"] is None
    assert [(m["text"], m["gbp"], m["kind"], m["period"]) for m in data["money"]] == [
        ("£1.2m", 1_200_000, "overspend", None),
        ("£0.300m", 300_000, "saving", "per annum"),
    ]
    first = data["money"][0]
    assert PAPER[first["start"] : first["end"]] == "£1.2m"
    assert data["references"] == ["2025-29 SAV CYP 004"]
    assert [(w["text"], w["what"], w["value"]) for w in data["workforce"]] == [
        ("6 posts", "posts", 6),
        ("4.5 FTE", "fte", 4.5),
    ]
    assert [p["text"] for p in data["percentages"]] == ["4%"]
    assert data["recommendations"] == 2
    assert [(p["ref"], p["title"]) for p in data["proposals"]] == [
        ("2025-29 SAV CYP 004", "Review of Home to School Transport")
    ]


def test_readable_view_shows_each_figure_in_its_sentence(runner: CliRunner, tmp_path: Path) -> None:
    paper = tmp_path / "report.md"
    paper.write_text(PAPER, encoding="utf-8")
    result = runner.invoke(build_app(), ["extract", str(paper)])
    assert result.exit_code == 0, result.output
    assert "£0.300m" in result.stdout and "saving, per annum" in result.stdout
    assert "A saving of £0.300m per annum is proposed" in result.stdout


@pytest.mark.parametrize(
    ("name", "content", "env", "message"),
    [
        ("bad.pdf", b"%PDF-1.4 not really", {}, "not a readable PDF"),
        ("big.txt", b"savings " * 100, {"SCRUTINY_MAX_DOCUMENT_BYTES": "100"}, "over the limit"),
        ("old.txt", b"\xa35m saving", {}, "not UTF-8"),
        ("none.txt", b"", {}, "empty"),
    ],
)
def test_bad_document_gives_one_line_and_exit_1(
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    content: bytes,
    env: dict[str, str],
    message: str,
) -> None:
    from scrutiny.config import get_settings

    for key, value in env.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    path = tmp_path / name
    path.write_bytes(content)
    result = runner.invoke(build_app(), ["extract", str(path), "--format", "json"])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {name}: ") and message in lines[0]
    assert [p.name for p in tmp_path.iterdir()] == [name]  # nothing written anywhere


def test_missing_file_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(build_app(), ["extract", str(tmp_path / "nowhere.pdf")])
    assert result.exit_code == 1
    assert "nowhere.pdf: no such file" in result.stderr


def test_table_and_card_drafts_follow_the_contract(runner: CliRunner, tmp_path: Path) -> None:
    paper = tmp_path / "appendix.txt"
    paper.write_text(
        "Savings proposals\n\nRef\tProposal\t2026/27 £000\tTotal £000\n"
        "CS1\tEdge of care\t(100)\t(101)\nCS2\tTransport\t(50)\t(50)\n\n"
        "Respite review\nService: Children\nSaving: £120,000\n",
        encoding="utf-8",
    )
    result = runner.invoke(build_app(), ["extract", str(paper), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    by_title = {p["title"]: p for p in data["proposals"]}
    assert by_title["Edge of care"]["savings"] == {"2026/27": 100_000}
    assert by_title["Edge of care"]["source"]["cells"] == ["CS1", "Edge of care", "(100)", "(101)"]
    assert by_title["Respite review"]["total"] == 120_000
    assert by_title["Respite review"]["unit"] == "£"
    assert [f["row"] for f in data["findings"]] == [2]  # the row total disagrees with its year
