"""A proposal's owner (the officer accountable for delivering it): kept with the register,
written in the tracker, shown on the monitoring tracker and used by its owner filter, falling
back to the officer who reported where the register names no owner."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from scrutiny.errors import InvalidInput
from scrutiny.reports.xlsx import write_tracker
from scrutiny.store.engine import get_engine
from scrutiny.workflows.demo import examples_dir
from scrutiny.workflows.monitoring import import_returns
from scrutiny.workflows.monitoring_report import build_view, tracker_page
from scrutiny.workflows.transfer import import_proposal_file
from scrutiny.workflows.validate import load

OWNER = "Head of Children's Social Care"
REPORTER = "Finance business partner, Children's Services (illustrative)"


def _with_owner(tmp_path: Path) -> Path:
    text = (examples_dir() / "thurrock-2022.yaml").read_text(encoding="utf-8")
    marker = "  - ref: THR-CSC-01\n"
    assert marker in text
    path = tmp_path / "thurrock.yaml"
    path.write_text(text.replace(marker, marker + f'    owner: "{OWNER}"\n', 1), encoding="utf-8")
    return path


def test_the_owner_is_kept_written_and_filtered_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    pf = load(_with_owner(tmp_path))
    assert pf.proposal("THR-CSC-01").owner == OWNER
    import_proposal_file(pf, source="thurrock.yaml")
    import_returns(examples_dir() / "illustrative-thurrock-2022-23-Q1.csv")

    sheet = load_workbook(write_tracker(pf, tmp_path / "tracker.xlsx"))["Savings tracker"]
    headers = [c.value for c in sheet[1]]
    owners = {sheet.cell(r, 1).value: sheet.cell(r, headers.index("Owner") + 1).value
              for r in range(2, sheet.max_row + 1)}  # fmt: skip
    assert owners["THR-CSC-01"] == OWNER and not owners["THR-CSC-02"]

    engine = get_engine()
    page = tracker_page(engine, council="Thurrock")
    assert page.owners == sorted({OWNER, REPORTER})
    mine = tracker_page(engine, council="Thurrock", owner=OWNER)
    assert mine.view is not None and [r.ref for r in mine.view.rows] == ["THR-CSC-01"]
    theirs = tracker_page(engine, council="Thurrock", owner=REPORTER)
    assert theirs.view is not None and "THR-CSC-01" not in [r.ref for r in theirs.view.rows]
    [row] = [r for r in build_view("Thurrock", engine=engine).rows if r.ref == "THR-CSC-01"]
    assert row.heading.endswith(f"(owner: {OWNER})")


def test_an_owner_that_is_not_text_is_refused(tmp_path: Path) -> None:
    path = _with_owner(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace(f'"{OWNER}"', "[1, 2]"))
    with pytest.raises(InvalidInput, match="owner"):
        load(path)
