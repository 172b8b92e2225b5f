"""Write the scrutiny report (HTML, PDF, Word) or the savings tracker (Excel) for a proposal file.

`write_report` renders results already computed; `report_file` runs the whole chain for one file
(validate, simulate, challenge, render) as the `report` command and the demo do.
"""

from __future__ import annotations

from pathlib import Path

from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.results import ChallengeReport, SimulationSummary
from scrutiny.errors import UsageError
from scrutiny.parameters.schema import ParameterSet

FORMATS = ("html", "pdf", "docx", "xlsx")


def report_name(pf: ProposalFile, fmt: str) -> str:
    """``thurrock-scrutiny-report.pdf``; the Excel file is the savings tracker."""
    slug = "-".join("".join(ch if ch.isalnum() else " " for ch in pf.council.lower()).split())
    kind = "savings-tracker" if fmt == "xlsx" else "scrutiny-report"
    return f"{slug or 'council'}-{kind}.{fmt}"


def write_report(
    pf: ProposalFile,
    summary: SimulationSummary | None,
    challenge: ChallengeReport | None,
    fmt: str,
    out_dir: Path,
    *,
    parameters: ParameterSet | None = None,
) -> Path:
    """Write one format into `out_dir` (temporary name, renamed into place); return its path."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if parameters is None:
        from scrutiny.parameters.loader import load_defaults

        parameters = load_defaults()
    path = out_dir / report_name(pf, fmt)
    if fmt == "xlsx":
        from scrutiny.reports.xlsx import write_tracker

        return write_tracker(pf, path, summary, challenge, parameters=parameters)
    from scrutiny.reports.context import build_context

    ctx = build_context(pf, summary, challenge, parameters)
    if fmt == "html":
        from scrutiny.reports.html import write_html

        return write_html(ctx, path)
    if fmt == "pdf":
        from scrutiny.reports.pdf import write_pdf

        return write_pdf(ctx, path)
    from scrutiny.reports.docx import write_docx

    return write_docx(ctx, path)


def report_file(
    path: Path,
    fmt: str,
    out_dir: Path,
    *,
    iterations: int = 10_000,
    seed: int = 0,
    policy_file: Path | None = None,
    with_overrides: bool = False,
) -> Path:
    """Validate, simulate and challenge one proposal file, then write the report in `fmt`.

    Options are checked before any work starts; nothing is written unless it all succeeds.
    """
    from scrutiny.workflows.challenge import load_policy, overrides_in_database, run_challenge
    from scrutiny.workflows.simulate import check_options, run_simulation
    from scrutiny.workflows.validate import load

    if fmt not in FORMATS:
        raise UsageError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
    check_options(iterations, seed)
    load_policy(policy_file)
    pf = load(path)
    members = overrides_in_database(pf.council) if with_overrides else None
    summary = run_simulation(pf, iterations=iterations, seed=seed)
    challenge = run_challenge(pf, summary, policy_file=policy_file, overrides=members)
    return write_report(pf, summary, challenge, fmt, out_dir)
