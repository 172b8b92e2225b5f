"""A savings appendix in Word, through `scrutiny ingest --accept`, becomes a valid proposal file
with every yearly figure and its evidence, and `scrutiny simulate` runs on it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import docx
import yaml
from click.testing import Result

Run = Callable[..., Result]

HEADER = ["Ref", "Description", "2026/27 (£)", "2027/28 (£)", "2028/29 (£)", "Total (£)"]
ROWS = [
    ["", "Children's Services", "", "", "", ""],
    ["OP13", "Emergency foster carers", "(437,369)", "0", "0", "(437,369)"],
    [
        "OP17",
        "Extend the family safeguarding programme",
        "(842,440)",
        "(859,289)",
        "0",
        "(1,701,729)",
    ],
    ["OP18", "Housing project for care leavers", "(742,032)", "645,032", "0", "(97,000)"],
    ["OP19", "Home to school transport review", "TBA", "", "", ""],
    ["", "Total", "(2,021,841)", "(214,257)", "0", "(2,236,098)"],
]


def _appendix(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Appendix 1: Detailed summary of operational savings", 1)
    table = document.add_table(rows=len(ROWS) + 1, cols=len(HEADER))
    for i, row in enumerate([HEADER, *ROWS]):
        for j, text in enumerate(row):
            table.cell(i, j).text = text
    document.save(str(path))
    return path


def test_word_appendix_into_a_valid_proposal_file_that_simulates(run: Run, tmp_path: Path) -> None:
    papers = tmp_path / "papers"
    papers.mkdir()
    _appendix(papers / "appendix-1.docx")
    offered = run("ingest", papers, "--workers", "1")
    assert offered.exit_code == 0, offered.stderr
    assert offered.stderr.strip().splitlines()[-1] == (
        "4 draft proposals to review; accept them into a proposal file with --accept FILE "
        "--council NAME, or into the council's register with --into-register --council NAME"
    )
    out = tmp_path / "walsall.yaml"  # accepting the drafts of the papers already stored
    result = run("ingest", papers, "--workers", "1", "--accept", out, "--council", "Walsall")
    assert result.exit_code == 0, result.stderr
    assert f"accepted 3 draft proposals into {out}" in result.stderr
    assert "left out OP19: every year is nil" in result.stderr  # its first year is "TBA"
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    by_ref = {p["ref"]: p for p in data["proposals"]}
    assert set(by_ref) == {"OP13", "OP17", "OP18"}
    assert by_ref["OP18"]["savings"] == {"2026/27": 742_032, "2027/28": -645_032, "2028/29": 0}
    assert by_ref["OP18"]["stated_total"] == 97_000
    evidence = by_ref["OP18"]["evidence"][0]
    assert evidence["source"] == "appendix-1.docx"
    assert evidence["locator"].startswith("table 1, row 5")
    assert "645,032" in evidence["quote"]

    valid = run("validate", out)
    assert valid.exit_code == 0, valid.stderr
    assert "OP18: reversal in 2027/28" in valid.stderr
    simulated = run("simulate", out, "--iterations", "200", "--format", "json")
    assert simulated.exit_code == 0, simulated.stderr
    years = {p["ref"]: p["years"] for p in json.loads(simulated.stdout)["proposals"]}
    assert years["OP18"]["2027/28"]["cumulative_target"] == 97_000

    # Accepted once: a second acceptance has nothing pending and writes nothing.
    again = tmp_path / "again.yaml"
    second = run("ingest", papers, "--workers", "1", "--accept", again, "--council", "Walsall")
    assert second.exit_code != 0 and not again.exists()
    assert "no draft proposal could be accepted" in second.stderr


def test_accept_needs_the_council(run: Run, tmp_path: Path) -> None:
    result = run("ingest", tmp_path, "--accept", tmp_path / "x.yaml")
    assert result.exit_code == 2 and "--council" in result.stderr


def _export(run: Run) -> dict[str, dict[str, object]]:
    exported = run("export", "--council", "Walsall", "--format", "yaml")
    assert exported.exit_code == 0, exported.stderr
    return {p["ref"]: p for p in yaml.safe_load(exported.stdout)["proposals"]}


def test_drafts_join_the_register_as_its_next_version(run: Run, tmp_path: Path) -> None:
    """Accepted into the register: a first version from one appendix, a second adding another
    paper's drafts to what is there, each figure with its evidence; a reference already in the
    register is left out, not overwritten."""
    first = tmp_path / "first"
    first.mkdir()
    _appendix(first / "appendix-1.docx")
    result = run("ingest", first, "--workers", "1", "--into-register", "--council", "Walsall")
    assert result.exit_code == 0, result.stderr
    assert "accepted 3 draft proposals into Walsall's register as version 1" in result.stderr
    register = _export(run)
    assert set(register) == {"OP13", "OP17", "OP18"}
    assert register["OP18"]["savings"] == {"2026/27": 742_032, "2027/28": -645_032, "2028/29": 0}
    assert "645,032" in register["OP18"]["evidence"][0]["quote"]  # type: ignore[index]

    second = tmp_path / "second"
    second.mkdir()
    (second / "appendix-2.txt").write_text(
        "Appendix 2: further savings (£000)\n"
        "Ref\tDescription\t2026/27\t2027/28\n"
        "OP13\tEmergency foster carers, again\t(100)\t0\n"
        "OP21\tSupported lodgings\t(250)\t(120)\n",
        encoding="utf-8",
    )
    result = run("ingest", second, "--workers", "1", "--into-register", "--council", "Walsall")
    assert result.exit_code == 0, result.stderr
    assert "accepted 1 draft proposal into Walsall's register as version 2" in result.stderr
    assert "left out OP13: its reference is already in the council's register" in result.stderr
    register = _export(run)
    assert set(register) == {"OP13", "OP17", "OP18", "OP21"}
    assert register["OP21"]["savings"] == {"2026/27": 250_000, "2027/28": 120_000}
    assert register["OP13"]["title"] == "Emergency foster carers"

    both = run(
        "ingest", second, "--into-register", "--accept", tmp_path / "x.yaml", "--council", "W"
    )
    assert both.exit_code == 2 and "not both" in both.stderr
    alone = run("ingest", second, "--into-register")
    assert alone.exit_code == 2 and "--council" in alone.stderr
