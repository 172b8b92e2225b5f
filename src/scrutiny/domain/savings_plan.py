"""The multi-year plan: a council's savings across years and services, from every version of
its register, so a committee can see what was planned, what was taken out, what replaced it,
what was delivered and what is still to find.

Each proposal is followed by its ref through the versions, in the order they were imported:

- **planned**: its yearly savings [GBP] as first put in the register (proposals added in a later
  version were not in the plan, so plan nothing);
- **current**: its yearly savings in the latest version, or nothing when it is removed (status
  ``removed``) or no longer in the register;
- **removed**: what was taken out, per year: ``max(planned − current, 0)`` (a proposal dropped
  or cut);
- **replaced**: what was put in after the first plan, per year: ``max(current − planned, 0)``
  (a proposal added later, or raised);
- **delivered**: what monitoring reports delivered, when given;
- **still to find**: removed savings not yet replaced, per year: ``max(removed − replaced, 0)``
  summed over the plan (so a replacement counts against any removal in the same year).

So ``planned − removed + replaced = current`` holds for every proposal and every year.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.years import sort_labels

Delivered = Mapping[str, Mapping[str, float]]
"""Delivered savings by proposal ref and year [GBP], as monitoring reports them."""

IN_PLAN, REMOVED, ADDED, ADDED_REMOVED = "in_plan", "removed", "added", "added_removed"


@dataclass(frozen=True)
class PlanEntry:
    """One proposal across the versions."""

    ref: str
    title: str
    service: str
    state: str
    """in_plan, removed, added (after the first plan) or added_removed."""
    first_version: int
    last_version: int
    """The last version it was in the plan (not removed)."""
    planned: dict[str, float]
    current: dict[str, float]
    delivered: dict[str, float]

    def removed(self, year: str) -> float:
        return max(self.planned.get(year, 0.0) - self.current.get(year, 0.0), 0.0)

    def replaced(self, year: str) -> float:
        return max(self.current.get(year, 0.0) - self.planned.get(year, 0.0), 0.0)


@dataclass(frozen=True)
class PlanYear:
    """The plan's figures for one year (or a service's, or the whole span's) [GBP]."""

    planned: float = 0.0
    removed: float = 0.0
    replaced: float = 0.0
    current: float = 0.0
    delivered: float | None = None
    still_to_find: float = 0.0


@dataclass(frozen=True)
class PlanView:
    council: str
    versions: int
    years: list[str]
    entries: list[PlanEntry]
    by_year: dict[str, PlanYear]
    by_service: dict[str, PlanYear]
    total: PlanYear
    has_delivered: bool = field(default=False)


def _sum(entries: Sequence[PlanEntry], years: Sequence[str], has_delivered: bool) -> PlanYear:
    planned = sum(e.planned.get(y, 0.0) for e in entries for y in years)
    current = sum(e.current.get(y, 0.0) for e in entries for y in years)
    removed = sum(e.removed(y) for e in entries for y in years)
    replaced = sum(e.replaced(y) for e in entries for y in years)
    gap = sum(
        max(sum(e.removed(y) for e in entries) - sum(e.replaced(y) for e in entries), 0.0)
        for y in years
    )
    reported = has_delivered and any(y in e.delivered for e in entries for y in years)
    delivered = sum(e.delivered.get(y, 0.0) for e in entries for y in years) if reported else None
    return PlanYear(
        planned=planned,
        removed=removed,
        replaced=replaced,
        current=current,
        delivered=delivered,
        still_to_find=gap,
    )


def plan(
    council: str, versions: Sequence[ProposalFile], delivered: Delivered | None = None
) -> PlanView:
    """The plan across `versions` of the council's register (oldest first), with `delivered`
    savings by ref and year when monitoring has them."""
    first: dict[str, tuple[int, dict[str, float]]] = {}
    last_in_plan: dict[str, int] = {}
    latest: dict[str, tuple[str, str, dict[str, float], bool]] = {}
    for number, pf in enumerate(versions, start=1):
        for p in pf.proposals:
            amounts = {y: float(v) for y, v in p.savings.items()}
            if p.ref not in first:
                first[p.ref] = (number, amounts if number == 1 else {})
            if not p.is_removed:
                last_in_plan[p.ref] = number
            latest[p.ref] = (p.title, p.service or "Service not stated", amounts, p.is_removed)
    newest = versions[-1] if versions else None
    in_newest = {p.ref for p in newest.proposals} if newest else set()
    delivered = delivered or {}
    entries = []
    for ref, (number, planned) in first.items():
        title, service, amounts, removed = latest[ref]
        gone = removed or ref not in in_newest
        current = {} if gone else amounts
        state = (ADDED_REMOVED if gone else ADDED) if number > 1 else (REMOVED if gone else IN_PLAN)
        entries.append(
            PlanEntry(
                ref=ref,
                title=title,
                service=service,
                state=state,
                first_version=number,
                last_version=last_in_plan.get(ref, 0),
                planned=planned,
                current=current,
                delivered={y: float(v) for y, v in delivered.get(ref, {}).items()},
            )
        )
    years = sort_labels({y for e in entries for y in (*e.planned, *e.current, *e.delivered)})
    has_delivered = bool(delivered)
    services = sorted({e.service for e in entries})
    return PlanView(
        council=council,
        versions=len(versions),
        years=years,
        entries=entries,
        by_year={y: _sum(entries, [y], has_delivered) for y in years},
        by_service={
            s: _sum([e for e in entries if e.service == s], years, has_delivered) for s in services
        },
        total=_sum(entries, years, has_delivered),
        has_delivered=has_delivered,
    )
