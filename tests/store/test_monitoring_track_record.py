"""A closed year becomes the council's track record and changes the next plan's
reference-class view (on SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime

from sqlalchemy import Engine

from scrutiny.domain.monitoring import MonitoringReturn, Period
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.years import FinancialYear
from scrutiny.store.unit_of_work import UnitOfWork
from scrutiny.workflows.forecast import SCOPE, council_track_record, register_with_track_record
from scrutiny.workflows.monitoring import year_targets
from scrutiny.workflows.simulate import run_simulation
from scrutiny.workflows.transfer import import_proposal_file

ON = datetime.date(2023, 4, 20)


def _next_plan(pf: ProposalFile) -> ProposalFile:
    """The same council's plan a year later: every saving moved on one year."""
    moved = [
        p.model_copy(update={"savings": {(FinancialYear.parse(y) + 1).label: v
                                         for y, v in p.savings.items()}})
        for p in pf.proposals
    ]  # fmt: skip
    return pf.model_copy(update={"proposals": moved, "mtfs": None})


def _close(engine: Engine, pf: ProposalFile, period: str, share: float) -> None:
    targets = year_targets(pf, "2022/23")
    returns = [
        MonitoringReturn(ref, Period.parse(period), share * t, share * t, "amber", "officer", ON)
        for ref, t in targets.items()
    ]
    with UnitOfWork(engine, actor="officer") as uow:
        uow.monitoring.add("Thurrock", Period.parse(period), returns, source="t.xlsx",
                           actor="officer")  # fmt: skip


def test_closing_a_year_changes_the_next_plans_reference_class_view(
    engine: Engine, thurrock: ProposalFile
) -> None:
    import_proposal_file(thurrock, source="2022.yaml", actor="officer", engine=engine)
    _close(engine, thurrock, "2022/23 Q3", 0.4)  # not closed yet
    import_proposal_file(_next_plan(thurrock), source="2023.yaml", actor="officer", engine=engine)

    open_year = register_with_track_record("Thurrock", engine=engine)
    assert open_year.track_record == []
    before = run_simulation(open_year, iterations=500).portfolio.track_record
    assert before is not None and before.source == "reference_class" and before.years == 0

    _close(engine, thurrock, "2023-03", 0.4)  # the year-end return
    closed = register_with_track_record("Thurrock", engine=engine)
    [row] = closed.track_record
    assert (row.year, row.scope, row.point) == ("2022/23", SCOPE, "outturn")
    assert row.planned == sum(year_targets(thurrock, "2022/23").values()) == 1_500_000
    assert row.delivered == 600_000 and row.share == 0.4
    assert row.evidence is not None and "2023-03" in row.evidence.source
    after = run_simulation(closed, iterations=500).portfolio.track_record
    assert after is not None and after.years == 1 and after.source != "reference_class"
    assert after.share_p50 < before.share_p50  # a 40% year pulls the expected share down

    with UnitOfWork(engine) as uow:
        assert council_track_record(uow, "Thurrock") == [row]
