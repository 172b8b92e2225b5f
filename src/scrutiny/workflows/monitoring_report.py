"""The monitoring view of a council (the tracker page) and the quarterly monitoring report
(`scrutiny monitor report COUNCIL --format html|pdf|docx`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from pathlib import Path

from scrutiny.errors import NotFound, OutputError, UsageError
from scrutiny.reports.monitoring_view import (
    MonitoringView,
    ProgrammeRow,
    RecommendationRow,
    monitoring_view,
)
from scrutiny.store.engine import Database, open_database
from scrutiny.store.unit_of_work import UnitOfWork
from scrutiny.workflows.forecast import forecast_council
from scrutiny.workflows.recommendations import recommendations_status, work_programme
from scrutiny.workflows.report import council_slug

REPORT_FORMATS = ("html", "pdf", "docx")


def recommendation_rows(
    uow: UnitOfWork, council: str, today: datetime.date
) -> tuple[list[RecommendationRow], list[ProgrammeRow]]:
    """The council's recommendations (with their owner, when the response is due and where they
    stand, overdue ones marked) and its work programme items (with their dates and the proposals
    they follow), for the monitoring report's section on them."""
    recommendations = []
    for line in recommendations_status(uow, council, today):
        if line.overdue:
            days = f"{line.days_overdue} day{'' if line.days_overdue == 1 else 's'}"
            status = f"{days} past the response date. {line.response_words}"
        else:
            status = f"{line.status_words}. {line.response_words}"
        text = f"{line.text} (illustrative)" if line.illustrative else line.text
        recommendations.append(
            RecommendationRow(text, line.owner, line.due_words, status, overdue=line.overdue)
        )
    programme = [
        ProgrammeRow(
            f"{item.title} (illustrative)" if item.illustrative else item.title,
            item.date_words,
            tuple(item.proposals),
        )
        for item in work_programme(uow, council, today)
    ]
    return recommendations, programme


def build_view(
    council: str,
    *,
    year: str | None = None,
    engine: Database | None = None,
    today: datetime.date | None = None,
) -> MonitoringView:
    """The council's monitoring position: the forecast from its returns to date, the tracker
    rows, and its recommendations and work programme."""
    engine = open_database(engine)
    today = today or datetime.date.today()
    result = forecast_council(council, year=year, engine=engine)
    with UnitOfWork(engine) as uow:
        recommendations, programme = recommendation_rows(uow, council, today)
    illustrative = result.illustrative
    return monitoring_view(
        council,
        result.forecast,
        result.register,
        recommendations=recommendations,
        programme=programme,
        illustrative=illustrative,
        today=today,
    )


@dataclass(frozen=True)
class TrackerPage:
    councils: list[str]
    council: str | None
    view: MonitoringView | None
    services: list[str]
    owners: list[str]
    periods: list[str]


def tracker_page(
    engine: Database,
    *,
    council: str | None = None,
    rag: str | None = None,
    service: str | None = None,
    owner: str | None = None,
) -> TrackerPage:
    """The tracker for `council` (default: the first with returns, else the first), its rows
    filtered by RAG, service and owner (the officer the register names as accountable for the
    saving, or else the officer who reported it)."""
    with UnitOfWork(engine) as uow:
        councils = uow.councils.names()
        periods = {c: [p.label for p in uow.monitoring.periods(c)] for c in councils}
    with_returns = [c for c in councils if periods[c]]
    if council and council not in councils:
        raise NotFound(f"no register for council {council!r}")
    chosen = council or (with_returns[0] if with_returns else councils[0] if councils else None)
    if chosen is None:
        return TrackerPage(councils, None, None, [], [], [])
    try:
        with UnitOfWork(engine) as uow:  # reused until the data changes (returns are audited)
            view = uow.reads.page("monitoring", chosen, lambda: build_view(chosen, engine=engine))
    except NotFound:
        return TrackerPage(councils, chosen, None, [], [], periods.get(chosen, []))
    services = sorted({r.service for r in view.rows})
    owners = sorted({r.owner for r in view.rows if r.owner != "—"})
    rows = [
        r
        for r in view.rows
        if (not rag or r.rag == rag)
        and (not service or r.service == service)
        and (not owner or r.owner == owner)
    ]
    return TrackerPage(
        councils, chosen, replace(view, rows=rows), services, owners, periods.get(chosen, [])
    )


def check_format(fmt: str) -> str:
    if fmt not in REPORT_FORMATS:
        raise UsageError(f"--format must be html, pdf or docx, not {fmt!r}")
    return fmt


def default_name(view: MonitoringView, fmt: str) -> Path:
    period = "".join(ch if ch.isalnum() else "-" for ch in view.period_words.split(" (")[0])
    return Path(f"{council_slug(view.council)}-monitoring-{period}.{fmt}")


def write_report(
    council: str,
    fmt: str,
    *,
    out: Path | None = None,
    year: str | None = None,
    engine: Database | None = None,
    today: datetime.date | None = None,
) -> Path:
    """Write the council's monitoring report as HTML, PDF or Word to `out` (a file, or a folder
    to write the usual name into; default: the usual name here); returns the path written."""
    from scrutiny.reports.monitoring_report import WRITERS

    check_format(fmt)
    view = build_view(council, year=year, engine=engine, today=today)
    path = (
        out if out is not None and not out.is_dir() else (out or Path()) / default_name(view, fmt)
    )
    try:
        return WRITERS[fmt](view, path)
    except OSError as exc:
        raise OutputError(str(path), f"cannot be written ({exc.strerror or exc})") from None
