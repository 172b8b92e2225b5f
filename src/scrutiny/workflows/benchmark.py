"""Benchmark a council against England, its region and similar councils (use-case).

Reads the shipped national reference dataset (edge) and hands it to the pure comparison in
`scrutiny.national`. Used by `scrutiny benchmark` and by anyone checking a proposal's
assumptions against published figures.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrutiny.errors import UsageError
from scrutiny.national.compare import Benchmark, benchmark, years_available
from scrutiny.national.dataset import Area, NationalData
from scrutiny.national.lookup import close_matches, find_council

if TYPE_CHECKING:  # the proposal types load pydantic: only when assumptions are checked
    from scrutiny.domain.proposal_file import ProposalFile
    from scrutiny.national.assumptions import AssumptionCheck


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


def run_benchmark(council: str, *, year: int | None = None) -> Benchmark:
    """The council's figures for `year` (default: the latest) beside England, region, neighbours."""
    data = dataset()
    area = resolve_council(data, council)
    return benchmark(data, area, resolve_year(data, area, year))


def run_assumption_checks(
    pf: ProposalFile, *, council: str | None = None, year: int | None = None
) -> list[AssumptionCheck]:
    """Each benchmarked model input of the file's proposals beside the published figures.

    The council is the file's `council` unless given.
    """
    from scrutiny.national.assumptions import check_assumptions

    data = dataset()
    area = resolve_council(data, council or pf.council)
    return check_assumptions(pf, data, area, resolve_year(data, area, year))


def benchmarks_for(pf: ProposalFile) -> list[AssumptionCheck]:
    """The file's assumptions beside published figures for its council, latest year; empty
    when the file's council is not an English council in the dataset (nothing to compare)."""
    from scrutiny.national.assumptions import check_assumptions

    data = dataset()
    area = find_council(data, pf.council)
    if area is None:
        return []
    years = years_available(data, area.code)
    return check_assumptions(pf, data, area, years[-1]) if years else []
