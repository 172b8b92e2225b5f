"""The demo's illustrative monitoring year: two quarters of made-up Thurrock returns, labelled
illustrative on the tracker, in the forecast and in the monitoring report."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from scrutiny.reports.monitoring_view import ILLUSTRATIVE_NOTE
from scrutiny.store.engine import get_engine
from scrutiny.store.unit_of_work import UnitOfWork
from scrutiny.workflows.demo import EXAMPLE_RETURNS, examples_dir, run_demo
from scrutiny.workflows.forecast import forecast_council
from scrutiny.workflows.monitoring_report import tracker_page


def test_the_demo_loads_an_illustrative_year_with_a_forecast(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert all((examples_dir() / name).is_file() for name in EXAMPLE_RETURNS)
    result = run_demo(tmp_path / "out", iterations=100, formats=("html",))
    step = next(s for s in result.steps if s.name == "monitoring")
    assert step.status == "done" and "Thurrock 2022/23 Q2 (illustrative)" in step.detail
    [report] = step.files
    assert ILLUSTRATIVE_NOTE in html.unescape(report.read_text(encoding="utf-8"))

    with UnitOfWork() as uow:
        periods = [p.label for p in uow.monitoring.periods("Thurrock")]
    assert periods == ["2022/23 Q1", "2022/23 Q2"]
    forecast = forecast_council("Thurrock")
    assert forecast.illustrative and forecast.forecast.period is not None
    by_ref = {p.ref: p for p in forecast.forecast.proposals}
    assert by_ref["THR-CSC-03"].rag == "red" and by_ref["THR-CSC-01"].rag == "amber"
    assert by_ref["THR-CSC-01"].delivered_to_date == 450_000
    assert forecast.forecast.plan.carried_forward > 0

    page = tracker_page(get_engine())
    assert page.council == "Thurrock" and page.view is not None and page.view.illustrative

    again = run_demo(tmp_path / "out", iterations=100, formats=("html",))
    assert next(s for s in again.steps if s.name == "monitoring").status == "done"
    with UnitOfWork() as uow:  # running it again imports nothing twice
        assert [len(uow.monitoring.versions("Thurrock", p)) for p in
                uow.monitoring.periods("Thurrock")] == [1, 1]  # fmt: skip
