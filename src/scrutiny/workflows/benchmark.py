"""Benchmark a council against England, its region and its statistical neighbours (use-case).

Reads the shipped national reference dataset (edge) and hands it to the pure comparison in
`scrutiny.national`. Used by `scrutiny benchmark` and by anyone checking a proposal's
assumptions against published figures.

As at the meeting: where a proposal file feeds the comparison (challenge, report), figures are
taken as at its `meeting_date` — each dataset's latest period that ended before the meeting,
the DfE statistical neighbours in force then, national costs published by then — unless the
caller asks for another date (`as_at`, hindsight). Without a date, the latest figures.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scrutiny.errors import UsageError
from scrutiny.national.compare import Benchmark, benchmark, years_as_at, years_available
from scrutiny.national.dataset import Area, NationalData
from scrutiny.national.lookup import close_matches, find_council
from scrutiny.national.neighbours import DFE, KINDS, NeighbourSet, neighbour_set

if TYPE_CHECKING:  # the proposal types load pydantic: only when assumptions are checked
    from scrutiny.domain.proposal_file import ProposalFile
    from scrutiny.national.assumptions import AssumptionCheck
    from scrutiny.national.section import BenchmarkSection
    from scrutiny.parameters.schema import ParameterSet


def dataset() -> NationalData:
    """The national reference dataset shipped in the package."""
    from scrutiny.reference.shipped import shipped

    return shipped()


def resolve_council(data: NationalData, council: str) -> Area:
    """The council named, or a usage error with close matches."""
    area = find_council(data, council)
    if area is None:
        hint = close_matches(data, council)
        tail = (
            f"; did you mean {', '.join(hint)}?"
            if hint
            else "; give the DfE name, ONS code or LA number"
        )
        raise UsageError(f"unknown council {council!r}{tail}")
    return area


def resolve_year(data: NationalData, area: Area, year: int | None) -> int:
    """The year asked for, or the latest year with figures; refused when nothing is published."""
    years = years_available(data, area.code)
    if not years:
        raise UsageError(f"no published figures for {area.name}")
    if year is None:
        return years[-1]
    if year not in years:
        raise UsageError(
            f"no published figures for {area.name} in {year}; years available: "
            f"{years[0]} to {years[-1]}"
        )
    return year


@dataclass(frozen=True)
class When:
    """Which figures a comparison uses: each dataset's year, the neighbours, the date as at."""

    year: int  # the children looked after year
    years: dict[str, int]
    neighbours: NeighbourSet
    as_at: datetime.date | None


def resolve_when(
    data: NationalData,
    area: Area,
    *,
    year: int | None = None,
    as_at: datetime.date | None = None,
    neighbours: str = DFE,
) -> When:
    """The figures as at a date (each dataset's latest period ended before it), or for one year
    (default: the latest); refused when both are given, or nothing was published by then."""
    if neighbours not in KINDS:
        raise UsageError(f"unknown neighbours {neighbours!r}; use {' or '.join(KINDS)}")
    if year is not None and as_at is not None:
        raise UsageError("give a year or a date to compare as at, not both")
    if as_at is not None:
        years = years_as_at(data, as_at)
        if not set(years.values()) & set(years_available(data, area.code)):
            raise UsageError(
                f"no published figures for {area.name} for a period ending before {as_at:%-d %B %Y}"
            )
        chosen = years["cla"]
        at: datetime.date | None = as_at
    else:
        chosen = resolve_year(data, area, year)
        years = dict.fromkeys(("cla", "workforce", "cin", "spend"), chosen)
        at = datetime.date(chosen, 3, 31) if year is not None else None
    group = neighbour_set(data, area.code, area.name, neighbours, year=chosen, at=at)
    return When(chosen, years, group, as_at)


def _benchmark(data: NationalData, area: Area, when: When) -> Benchmark:
    return benchmark(
        data, area, when.year, years=when.years, neighbours=when.neighbours, as_at=when.as_at
    )


def run_benchmark(
    council: str,
    *,
    year: int | None = None,
    as_at: datetime.date | None = None,
    neighbours: str = DFE,
) -> Benchmark:
    """The council's figures for `year` or as at a date (default: the latest) beside England,
    its region and its neighbours (`dfe`: the DfE statistical neighbours; `similar`: ours)."""
    data = dataset()
    area = resolve_council(data, council)
    return _benchmark(
        data, area, resolve_when(data, area, year=year, as_at=as_at, neighbours=neighbours)
    )


MARGIN = "policy.d12_unit_cost_margin"


def run_assumption_checks(
    pf: ProposalFile,
    *,
    council: str | None = None,
    year: int | None = None,
    parameters: ParameterSet | None = None,
    as_at: datetime.date | None = None,
    neighbours: str = DFE,
) -> list[AssumptionCheck]:
    """Each benchmarked model input of the file's proposals beside the published figures.

    The council is the file's `council` unless given; fostering weekly costs are compared with
    the national unit costs in `parameters` (None: the shipped defaults), widened by the
    policy's D12 margin. As at `as_at` when given (see `resolve_when`).
    """
    data = dataset()
    area = resolve_council(data, council or pf.council)
    params = parameters if parameters is not None else _defaults()
    margin = params.value(MARGIN) if MARGIN in params else 0.0
    when = resolve_when(data, area, year=year, as_at=as_at, neighbours=neighbours)
    return _checks(pf, data, area, when, params, margin)


def _checks(
    pf: ProposalFile,
    data: NationalData,
    area: Area,
    when: When,
    parameters: ParameterSet | None,
    margin: float,
) -> list[AssumptionCheck]:
    from scrutiny.national.assumptions import check_assumptions

    return check_assumptions(
        pf,
        data,
        area,
        when.year,
        parameters=parameters,
        margin=margin,
        neighbours=when.neighbours.councils,
        years=when.years,
        as_at=when.as_at,
    )


def _defaults() -> ParameterSet:
    from scrutiny.parameters.loader import load_defaults

    return load_defaults()


def _file_when(
    data: NationalData, area: Area, pf: ProposalFile, as_at: datetime.date | None, year: int | None
) -> When:
    """As at `as_at` (hindsight), else the file's meeting date, else `year` or the latest."""
    at = as_at or (pf.meeting_date if year is None else None)
    return resolve_when(data, area, year=None if at else year, as_at=at)


def benchmarks_for(
    pf: ProposalFile,
    *,
    parameters: ParameterSet | None = None,
    margin: float = 0.0,
    as_at: datetime.date | None = None,
) -> list[AssumptionCheck]:
    """The file's assumptions beside published figures for its council as at its meeting date
    (or `as_at`; neither: the latest figures); empty when the file's council is not an English
    council in the dataset or nothing was published by then. Fostering weekly costs are compared
    with the national unit costs in `parameters`, widened by `margin` [share]."""
    data = dataset()
    area = find_council(data, pf.council)
    if area is None:
        return []
    try:
        when = _file_when(data, area, pf, as_at, None)
    except UsageError:
        return []
    return _checks(pf, data, area, when, parameters, margin)


def report_section(
    pf: ProposalFile,
    *,
    parameters: ParameterSet | None = None,
    year: int | None = None,
    as_at: datetime.date | None = None,
) -> BenchmarkSection | None:
    """The report's benchmarking section for the file's council, as at `as_at`, else its meeting
    date, else for `year` or the latest; None when the council is not an English council in the
    national data."""
    from scrutiny.national.section import build_section

    data = dataset()
    area = find_council(data, pf.council)
    if area is None:
        return None
    when = _file_when(data, area, pf, as_at, year)
    params = parameters if parameters is not None else _defaults()
    margin = params.value(MARGIN) if MARGIN in params else 0.0
    checks = _checks(pf, data, area, when, params, margin)
    return build_section(_benchmark(data, area, when), checks)
