"""Load and validate a proposal file: structure, cross-proposal rules and model inputs.

Every write (an import, a proposal added or changed from a form or the API, a scenario saved, a
figure accepted) goes through `checked` or `with_proposal`: the whole file is validated and given
a short trial simulation and challenge before anything is stored, so nothing that would break a
later run is ever saved.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrutiny import yaml_files
from scrutiny.domain.proposal import Proposal
from scrutiny.domain.proposal_file import FileCheck, ProposalFile, parse_proposal_file
from scrutiny.errors import InvalidInput, Problem
from scrutiny.models.registry import check_model_inputs

TRIAL_ITERATIONS = 64
"""Draws in the trial run a change must pass before it is stored [iterations]."""


def file_checks() -> list[FileCheck]:
    """Checks beyond the domain's own: each capability adds its check here."""
    from scrutiny.risk.copula import check_correlation_matrix

    return [check_model_inputs, check_correlation_matrix]


def parse(data: Any, source: str) -> ProposalFile:
    """Validate already-loaded data (from a file, a form or the API)."""
    return parse_proposal_file(data, source, extra_checks=file_checks())


def load(path: Path) -> ProposalFile:
    """Read and validate a proposal file; raises InvalidInput listing every problem."""
    return parse(yaml_files.read(path), str(path))


def _runs(pf: ProposalFile) -> bool:
    from scrutiny.workflows.challenge import run_analysis

    try:
        run_analysis(pf, iterations=TRIAL_ITERATIONS, seed=0)
    except Exception:  # any failure at all means the file must not be stored
        return False
    return True


def check_runs(pf: ProposalFile, source: str) -> None:
    """Refuse (InvalidInput naming each proposal at fault) a file whose simulation or challenge
    would fail, by running both on a few draws."""
    if _runs(pf):
        return
    problems = [
        Problem(
            f"proposals[{i}]",
            "cannot be simulated with these values; check its savings and model inputs",
            p.ref,
        )
        for i, p in enumerate(pf.proposals)
        if not _runs(pf.model_copy(update={"proposals": [p], "correlations": []}))
    ]
    raise InvalidInput(
        source, problems or [Problem("", "the file cannot be simulated with these values")]
    )


def checked(pf: ProposalFile, source: str) -> ProposalFile:
    """`pf` after every check a file must pass before it is stored (trial run included)."""
    pf = parse(pf.to_data(), source)
    check_runs(pf, source)
    return pf


def with_proposal(pf: ProposalFile, proposal: Proposal | dict[str, Any], source: str) -> Proposal:
    """`proposal` (replacing the one with its ref in `pf`) after every check its file must then
    pass; InvalidInput naming the field when it would break the file or its simulation."""
    data = pf.to_data()
    new = (
        proposal.model_dump(mode="json", exclude_none=True)
        if isinstance(proposal, Proposal)
        else proposal
    )
    proposals = data.setdefault("proposals", [])
    ref = new.get("ref") if isinstance(new, dict) else None
    index = next((i for i, p in enumerate(proposals) if p.get("ref") == ref), None)
    if index is None:
        proposals.append(new)
    else:
        proposals[index] = new
    at = len(proposals) - 1 if index is None else index
    try:
        changed = parse(data, source)
        check_runs(changed, source)
    except InvalidInput as exc:
        # Name the fields as in the proposal given (`model.inputs.x`, not `proposals[3].model...`).
        prefix = f"proposals[{at}]"
        raise InvalidInput(
            source,
            [
                Problem(p.path.removeprefix(prefix).lstrip("."), p.message, p.ref)
                if p.path.startswith(prefix)
                else p
                for p in exc.problems
            ],
        ) from None
    return changed.proposals[at]
