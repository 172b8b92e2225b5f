"""Gaussian copula on ranks, and the positive semi-definite check on a file's correlations."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy import special

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


def normal_correlation(rank_rho: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Pearson correlation of the underlying normals that gives Spearman `rank_rho`.

    For a Gaussian copula, Spearman's rho is (6/π)·asin(r/2), so r = 2·sin(π·rho/6): the file's
    `rho` is then the rank correlation the drivers actually show (contracts.md §2, "on ranks").
    """
    matrix = 2.0 * np.sin(np.pi * rank_rho / 6.0)
    np.fill_diagonal(matrix, 1.0)
    return matrix


def factor(matrix: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """A matrix F with F·Fᵀ = `matrix` (eigen-decomposition; tiny negative eigenvalues, which
    the rank-to-normal conversion can introduce, are set to zero and the diagonal restored)."""
    values, vectors = np.linalg.eigh(matrix)
    f = vectors * np.sqrt(np.clip(values, 0.0, None))
    norms = np.sqrt(np.einsum("ij,ij->i", f, f))
    return f / np.where(norms > 0, norms, 1.0)[:, None]


def correlated_uniforms(
    rng: np.random.Generator, f: npt.NDArray[np.float64], shape: tuple[int, ...]
) -> npt.NDArray[np.float64]:
    """Uniforms of `shape + (k,)` whose normal scores have correlation F·Fᵀ (k = F's size)."""
    z = rng.standard_normal((*shape, f.shape[0])) @ f.T
    return np.asarray(special.ndtr(z), dtype=np.float64)
