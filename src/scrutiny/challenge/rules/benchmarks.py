"""Deliverable: assumptions against what the council and its neighbours have achieved (D12).

The workflow compares each proposal's benchmarked model inputs (vacancy rate, agency cover,
caseload, open cases, rate of children looked after) with the published national statistics
(`scrutiny.national.assumptions`) and hands the results to the engine; this rule turns the ones
outside the achieved range into findings. The threshold is the range itself: the lowest to the
highest value the council has published in any year up to the benchmark year, and its DfE
statistical neighbours' values in that year (docs/benchmarking.md).

Like with like in time: the figures are those published as at the meeting, and a national cost
is compared only with a figure for the proposal's own year; with none (and no sourced index to
bring another year's figure forward) the check is not compared, says why and makes no finding.
"""

from __future__ import annotations

from scrutiny.challenge.registry import Rule, register, rule
from scrutiny.challenge.subject import FileSubject, Subject, output
from scrutiny.domain.evidence import EvidenceItem, FieldEvidence, Finding
from scrutiny.domain.vocab import Question, Severity
from scrutiny.national.assumptions import NATIONAL, AssumptionCheck
from scrutiny.national.compare import Figure

Q = Question.deliverable


def _published(name: str, fig: Figure | None, scale: float) -> EvidenceItem | None:
    if fig is None or fig.value is None:
        return None
    where = f"{name}, {fig.period} ({fig.publication})"
    return output(where, round(fig.value * scale, 4))


def _evidence(s: Subject, check: AssumptionCheck) -> list[EvidenceItem]:
    items: list[EvidenceItem] = [s.field(f"model.inputs.{check.input}", check.value)]
    council = check.council.area if check.council and check.council.area else s.pf.council
    if check.basis == NATIONAL:
        published = [
            (f"national {check.label}", check.england, check.scale),
            (
                f"net spend per child looked after per week, {council}",
                check.council,
                check.council_scale or check.scale,
            ),
        ]
        bounds = (
            "lowest national figure less the margin",
            "highest national figure plus the margin",
        )
    else:
        published = [
            (f"published {check.label}, {council}", check.council, check.scale),
            (f"published {check.label}, England", check.england, check.scale),
        ]
        bounds = (f"lowest {check.label} achieved", f"highest {check.label} achieved")
    for name, fig, scale in published:
        item = _published(name, fig, scale)
        if item is not None:
            items.append(item)
    items.append(output(bounds[0], check.range_low))
    items.append(output(bounds[1], check.range_high))
    return items


def enquiry(s: Subject, f: Finding) -> str:
    """The line of enquiry for a D12 finding."""
    if "the national figures" in f.message:
        return (
            f"{f.message} What is this figure based on, what does it include, and why does it "
            "differ from the national figures?"
        )
    return (
        f"{f.message} What evidence do officers have that this can be achieved when neither "
        "the Council nor its neighbours have done so?"
    )


@rule(
    "D12",
    Q,
    Severity.medium,
    "An assumption outside the range the council and its neighbours have achieved",
)
def d12_outside_benchmarks(s: Subject) -> list[Finding]:
    p = s.proposal
    if p.is_removed:
        return []
    findings = []
    for check in s.benchmarks:
        if check.ref != p.ref or not check.outside:
            continue
        findings.append(
            Finding(
                rule="D12",
                severity=Severity.medium,
                message=check.message + ".",
                evidence=_evidence(s, check),
            )
        )
    return findings


def d16_left_out(f: FileSubject) -> list[Finding]:
    """D16: the file's own evidence published after the meeting, named and left out."""
    if not f.left_out or f.as_at is None:
        return []
    items = []
    for item in f.left_out:
        about = f" (cited for {item.ref})" if item.ref else ""
        items.append(f"{item.what}, published {item.published:%-d %B %Y}{about}")
    message = (
        f"Left out as published after {f.as_at:%-d %B %Y}, so not before the committee: "
        + "; ".join(items)
        + ". A figure taken from such a source counts as assumed."
    )
    evidence: list[EvidenceItem] = [
        FieldEvidence(path=f"{item.path}.published", value=item.published.isoformat())
        for item in f.left_out
    ]
    return [Finding(rule="D16", severity=Severity.low, message=message, evidence=evidence)]


register(
    Rule(
        "D16",
        Q,
        Severity.low,
        "Evidence published after the meeting left out",
        check_file=d16_left_out,
    )
)
