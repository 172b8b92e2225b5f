"""`--as-at` on `scrutiny challenge` and `scrutiny report`: the file's own evidence published after
the meeting is left out and said so, unless a later date is asked for (hindsight)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from click.testing import Result

Run = Callable[..., Result]
FOSTERING = "THR-CSC-03"  # its agency weekly price cites a report of 22 October 2021


def challenge_json(run: Run, path: Path, *extra: object) -> dict[str, Any]:
    result = run("challenge", path, "-n", "200", "--format", "json", *extra)
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def left_out(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in data["file_findings"] if f["rule"] == "D16"]


def grades(data: dict[str, Any], ref: str) -> dict[str, str]:
    (p,) = [p for p in data["proposals"] if p["ref"] == ref]
    return dict(p["grades"])


def test_at_the_meeting_a_later_source_is_left_out_and_named(run: Run, examples: Path) -> None:
    data = challenge_json(run, examples / "thurrock-2022.yaml")
    (finding,) = left_out(data)
    assert finding["severity"] == "low"
    assert "after 12 October 2021" in finding["message"]
    assert "Competition and Markets Authority" in finding["message"]
    assert "published 22 October 2021" in finding["message"]
    assert FOSTERING in finding["message"]
    # Its figure is no longer a sourced default the committee had: it counts as assumed.
    assert grades(data, FOSTERING)["model.inputs.ifa_weekly_cost"] == "assumed"


def test_hindsight_keeps_the_later_source(run: Run, examples: Path) -> None:
    data = challenge_json(run, examples / "thurrock-2022.yaml", "--as-at", "2022-01-31")
    assert left_out(data) == []
    assert grades(data, FOSTERING)["model.inputs.ifa_weekly_cost"] == "default"


def test_the_day_of_publication_is_not_hindsight(run: Run, examples: Path) -> None:
    data = challenge_json(run, examples / "thurrock-2022.yaml", "--as-at", "2021-10-22")
    assert left_out(data) == []


def test_a_quoted_document_published_later_is_dropped_from_the_evidence(
    run: Run, examples: Path, tmp_path: Path
) -> None:
    raw = yaml.safe_load((examples / "thurrock-2022.yaml").read_text(encoding="utf-8"))
    (p,) = [p for p in raw["proposals"] if p["ref"] == FOSTERING]
    later = {
        "source": "fostering-update-2022.txt",
        "locator": "para 2",
        "quote": "Since the meeting the service has recruited seven households.",
        "published": "2022-03-01",
    }
    p["evidence"].append(later)
    path = tmp_path / "later.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")

    data = challenge_json(run, path)
    (finding,) = left_out(data)
    assert "fostering-update-2022.txt, para 2, published 1 March 2022" in finding["message"]
    quoted = json.dumps(data["proposals"])
    assert "recruited seven households" not in quoted

    later_view = challenge_json(run, path, "--as-at", "2022-03-01")
    assert left_out(later_view) == []


def test_a_bad_date_is_one_line_and_nothing_is_written(
    run: Run, examples: Path, tmp_path: Path
) -> None:
    for command in (
        ("challenge", examples / "thurrock-2022.yaml"),
        ("report", examples / "thurrock-2022.yaml", "--format", "html", "--out", tmp_path),
    ):
        result = run(*command, "--as-at", "12/10/2021", "-n", "50")
        assert result.exit_code == 2, result.stderr
        assert result.stderr.strip().splitlines() == [
            "error: --as-at '12/10/2021' is not a date (YYYY-MM-DD)"
        ]
        assert result.stdout == ""
    assert list(tmp_path.glob("*.html")) == []


def test_the_report_says_what_was_left_out_and_hindsight_does_not(
    run: Run, examples: Path, tmp_path: Path
) -> None:
    # What was left out, and the table of model inputs, are in the full appendices.
    args = ("report", examples / "thurrock-2022.yaml", "--format", "html", "-n", "50",
            "--appendices", "full")  # fmt: skip
    at_meeting = run(*args, "--out", tmp_path / "meeting")
    assert at_meeting.exit_code == 0, at_meeting.stderr
    html = Path(at_meeting.stdout.strip()).read_text(encoding="utf-8")
    assert "Left out as published after 12 October 2021" in html
    # The table of model inputs grades the figure as the challenge read it.
    assert "Assumption: Average weekly price charged by independent fostering agencies" in html

    later = run(*args, "--out", tmp_path / "later", "--as-at", "2022-01-31")
    assert later.exit_code == 0, later.stderr
    hindsight = Path(later.stdout.strip()).read_text(encoding="utf-8")
    assert "Left out as published" not in hindsight
    assert "Published figure standing in for a local one: Average weekly price" in hindsight
