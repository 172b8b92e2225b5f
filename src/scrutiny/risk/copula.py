"""Gaussian copula on ranks, and the positive semi-definite check on a file's correlations."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.errors import Problem

PSD_TOLERANCE = 1e-10


def correlation_matrix(
    addresses: list[str], pairs: list[tuple[str, str, float]]
) -> npt.NDArray[np.float64]:
    """The matrix over `addresses` with 1 on the diagonal and each pair's rho."""
    index = {a: i for i, a in enumerate(addresses)}
    matrix = np.eye(len(addresses))
    for a, b, rho in pairs:
        matrix[index[a], index[b]] = matrix[index[b], index[a]] = rho
    return matrix


def is_psd(matrix: npt.NDArray[np.float64]) -> bool:
    return bool(np.linalg.eigvalsh(matrix).min() >= -PSD_TOLERANCE)


def check_correlation_matrix(pf: ProposalFile) -> list[Problem]:
    """Refuse correlations that no set of random inputs could have, naming the pair that breaks it.

    Pairs are added in file order; the first whose addition makes the matrix not positive
    semi-definite is the one reported.
    """
    if not pf.correlations:
        return []
    addresses = sorted({a for c in pf.correlations for a in c.between})
    accepted: list[tuple[str, str, float]] = []
    for i, corr in enumerate(pf.correlations):
        a, b = corr.between
        if a == b:
            continue
        trial = [*accepted, (a, b, corr.rho)]
        if not is_psd(correlation_matrix(addresses, trial)):
            return [
                Problem(
                    f"correlations[{i}]",
                    f"rho {corr.rho:g} between {a} and {b} is inconsistent with the correlations "
                    "before it (the matrix is not positive semi-definite)",
                )
            ]
        accepted = trial
    return []
