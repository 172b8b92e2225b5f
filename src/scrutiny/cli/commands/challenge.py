"""`scrutiny challenge FILE`: the committee's three questions for every proposal."""

from __future__ import annotations

from pathlib import Path

import typer

from scrutiny.cli.output import (
    Format,
    as_at_option,
    command,
    emit_json,
    parameters_option,
    parse_as_at,
)
from scrutiny.domain.results import ChallengeReport, QuestionResult

VERDICT_TEXT = {
    "assured": "assured",
    "partially_assured": "partially assured",
    "not_assured": "NOT assured",
    "insufficient_information": "insufficient information",
}


def _verdict_line(question: str, result: QuestionResult) -> str:
    line = f"  {question}: {VERDICT_TEXT[result.verdict.value]}"
    o = result.override
    if o is not None:
        line += (
            f"  | members: {VERDICT_TEXT[o.verdict.value]} ({o.reason}; {o.by}, {o.at:%Y-%m-%d})"
        )
    if result.committee is not None:
        line += f"  | the committee recorded: {VERDICT_TEXT[result.committee.value]}"
    return line


def render_text(report: ChallengeReport) -> str:
    """The key questions for the meeting, then a readable summary per proposal: verdicts (and
    members' own beside them), findings, lines of enquiry, draft conclusions and
    recommendations; then the file's findings and the recommendations several proposals
    share."""
    out: list[str] = []
    if report.key_questions:
        out.append("Key questions for the meeting")
        for k in report.key_questions:
            about = f"{k.ref}: " if k.ref else ""
            out.append(f"  {k.rank}. {about}{k.question}")
            out.append(f"     Why it matters: {k.why}")
        out.append("")
    for p in report.proposals:
        out.append(f"{p.ref} — {p.title}" if p.title else p.ref)
        if not p.questions:
            out.append("  removed from the plan: no verdicts on the three questions")
        for question, result in p.questions.items():
            out.append(_verdict_line(question.value, result))
            out.extend(f"    [{f.severity.value}] {f.rule} {f.message}" for f in result.findings)
        enquiries = (
            [
                f"{line} [{status.value.replace('_', ' ')} at the meeting]"
                for line, status in zip(p.lines_of_enquiry, p.enquiry_status, strict=True)
            ]
            if p.enquiry_status
            else p.lines_of_enquiry
        )
        for heading, lines in (
            ("Lines of enquiry", enquiries),
            ("Draft conclusions", p.conclusions),
            ("Recommendations", p.recommendations),
        ):
            if lines:
                out.append(f"  {heading}:")
                out.extend(
                    f"    - {line}" if heading != "Draft conclusions" else f"    {line}"
                    for line in lines
                )
        out.append("")
    if report.file_findings or report.file_recommendations:
        out.append("The file as a whole")
        out.extend(f"  [{f.severity.value}] {f.rule} {f.message}" for f in report.file_findings)
    if report.file_recommendations:
        out.append("  Recommendations on several proposals:")
        out.extend(f"    - {line}" for line in report.file_recommendations)
    return "\n".join(out).rstrip() + "\n"


@command
def challenge(
    file: Path = typer.Argument(..., help="Proposal file (YAML or JSON).", show_default=False),
    iterations: int = typer.Option(10_000, "--iterations", "-n", help="Monte Carlo iterations."),
    seed: int = typer.Option(0, "--seed", "-s", help="Random seed (0 or more)."),
    policy: Path | None = typer.Option(
        None,
        "--policy",
        help="A council's own thresholds (parameter override format, policy.* names).",
        show_default=False,
    ),
    overrides: bool = typer.Option(
        False,
        "--overrides",
        help="Show members' overrides stored in the database for this council's register.",
    ),
    fmt: Format = typer.Option(Format.text, "--format", help="text (a summary) or json."),
    parameters_file: Path | None = parameters_option(),
    as_at: str | None = as_at_option(),
) -> None:
    """The three questions for every proposal: verdicts with the findings and evidence behind
    them, lines of enquiry for members, draft conclusions and recommendations."""
    from scrutiny.parameters.loader import load_defaults
    from scrutiny.workflows.challenge import load_policy, run_analysis
    from scrutiny.workflows.members import overrides_in_database
    from scrutiny.workflows.simulate import check_options
    from scrutiny.workflows.validate import load

    check_options(iterations, seed)
    date = parse_as_at(as_at)
    parameters = load_defaults(parameters_file) if parameters_file else None
    # A bad policy file fails before the simulation runs.
    rules = load_policy(policy) if policy else None
    pf = load(file)
    members = overrides_in_database(pf.council) if overrides else {}
    report = run_analysis(
        pf,
        parameters=parameters,
        policy=rules,
        overrides=members,
        as_at=date,
        iterations=iterations,
        seed=seed,
    ).challenge
    if fmt == Format.json:
        emit_json(report.to_json())
    else:
        typer.echo(render_text(report), nl=False)


def register(app: typer.Typer) -> None:
    app.command("challenge")(challenge)
