"""The multi-year plan of a council's savings, from every version of its register (see
`scrutiny.domain.savings_plan` for what each figure means). Delivered figures are the latest
monitoring return's delivered to date for each proposal and year, unless the caller gives them
(`delivered` is {ref: {year: pounds}})."""

from __future__ import annotations

from scrutiny.domain.savings_plan import Delivered, PlanView, plan
from scrutiny.errors import NotFound
from scrutiny.store.engine import Database
from scrutiny.store.unit_of_work import UnitOfWork


def plan_view(uow: UnitOfWork, council: str, *, delivered: Delivered | None = None) -> PlanView:
    """The council's plan across its register's versions, inside the caller's unit of work."""
    versions = uow.files.versions(council)
    if not versions:
        raise NotFound(f"no council named {council!r} in the register; import its file first")
    files = [uow.files.load(v.id) for v in sorted(versions, key=lambda v: v.number)]
    if delivered is None:
        delivered = monitored(uow, council)
    return plan(council, files, delivered)


def monitored(uow: UnitOfWork, council: str) -> Delivered:
    """Delivered to date by proposal and financial year, from the latest period's returns of
    each year the council has monitored (empty when it has none)."""
    out: dict[str, dict[str, float]] = {}
    for year in uow.monitoring.years(council):
        history = uow.monitoring.history(council, year)
        if history:
            for r in history[-1].returns:
                out.setdefault(r.ref, {})[year] = r.delivered_to_date
    return out


def plan_of(engine: Database, council: str, *, delivered: Delivered | None = None) -> PlanView:
    """`plan_view` in its own unit of work (for the command line and the pages)."""
    with UnitOfWork(engine) as uow:
        return plan_view(uow, council, delivered=delivered)


STATE_WORDS = {
    "in_plan": "in the plan",
    "removed": "removed from the plan",
    "added": "added after the first plan",
    "added_removed": "added after the first plan, then removed",
}
"""A proposal's place in the plan, in words."""
