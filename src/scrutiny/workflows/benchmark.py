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


def run_benchmark(council: str, *, year: int | None = None) -> Benchmark:
    """The council's figures for `year` (default: the latest) beside England, region, neighbours."""
    data = dataset()
    area = resolve_council(data, council)
    return benchmark(data, area, resolve_year(data, area, year))


MARGIN = "policy.d12_unit_cost_margin"


def run_assumption_checks(
    pf: ProposalFile,
    *,
    council: str | None = None,
    year: int | None = None,
    parameters: ParameterSet | None = None,
) -> list[AssumptionCheck]:
    """Each benchmarked model input of the file's proposals beside the published figures.

    The council is the file's `council` unless given; fostering weekly costs are compared with
    the national unit costs in `parameters` (None: the shipped defaults), widened by the
    policy's D12 margin.
    """
    from scrutiny.national.assumptions import check_assumptions

    data = dataset()
    area = resolve_council(data, council or pf.council)
    params = parameters if parameters is not None else _defaults()
    margin = params.value(MARGIN) if MARGIN in params else 0.0
    return check_assumptions(
        pf, data, area, resolve_year(data, area, year), parameters=params, margin=margin
    )


def _defaults() -> ParameterSet:
    from scrutiny.parameters.loader import load_defaults

    return load_defaults()


def benchmarks_for(
    pf: ProposalFile, *, parameters: ParameterSet | None = None, margin: float = 0.0
) -> list[AssumptionCheck]:
    """The file's assumptions beside published figures for its council, latest year; empty
    when the file's council is not an English council in the dataset (nothing to compare).
    Fostering weekly costs are compared with the national unit costs in `parameters`, widened
    by `margin` [share]."""
    from scrutiny.national.assumptions import check_assumptions

    data = dataset()
    area = find_council(data, pf.council)
    if area is None:
        return []
    years = years_available(data, area.code)
    if not years:
        return []
    return check_assumptions(pf, data, area, years[-1], parameters=parameters, margin=margin)


def report_section(
    pf: ProposalFile, *, parameters: ParameterSet | None = None, year: int | None = None
) -> BenchmarkSection | None:
    """The report's benchmarking section for the file's council (latest year unless given);
    None when the council is not an English council in the national data."""
    from scrutiny.national.assumptions import check_assumptions
    from scrutiny.national.section import build_section

    data = dataset()
    area = find_council(data, pf.council)
    if area is None:
        return None
    chosen = resolve_year(data, area, year)
    params = parameters if parameters is not None else _defaults()
    margin = params.value(MARGIN) if MARGIN in params else 0.0
    checks = check_assumptions(pf, data, area, chosen, parameters=params, margin=margin)
    return build_section(benchmark(data, area, chosen), checks)
