"""Load and validate a proposal file: structure, cross-proposal rules and model inputs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrutiny import yaml_files
from scrutiny.domain.proposal_file import FileCheck, ProposalFile, parse_proposal_file
from scrutiny.models.registry import check_model_inputs


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
