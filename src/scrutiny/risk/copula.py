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


def check_correlation_matrix(pf: ProposalFile) -> list[Problem]:
    """Refuse correlations that no set of random inputs could have, naming the pair that breaks it.

    Pairs the file does not give are uncorrelated. When the whole matrix is not positive
    semi-definite, the pair reported is the one pulling hardest in the direction of its most
    negative eigenvalue (the largest negative term 2·rho·v_a·v_b of vᵀMv), the later pair in file
    order on a tie.
    """
    if not pf.correlations:
        return []
    addresses = sorted({a for c in pf.correlations for a in c.between})
    pairs = [
        (c.between[0], c.between[1], c.rho) for c in pf.correlations if len(set(c.between)) == 2
    ]
    matrix = correlation_matrix(addresses, pairs)
    values, vectors = np.linalg.eigh(matrix)
    if values.min() >= -PSD_TOLERANCE:
        return []
    v = vectors[:, int(np.argmin(values))]
    index = {a: i for i, a in enumerate(addresses)}
    worst: tuple[float, int] | None = None
    for i, corr in enumerate(pf.correlations):
        a, b = corr.between
        if a == b:
            continue
        term = 2.0 * corr.rho * float(v[index[a]] * v[index[b]])
        if worst is None or term <= worst[0] + 1e-9:
            worst = (min(term, worst[0]) if worst else term, i)
    assert worst is not None
    corr = pf.correlations[worst[1]]
    a, b = corr.between
    return [
        Problem(
            f"correlations[{worst[1]}]",
            f"rho {corr.rho:g} between {a} and {b} is inconsistent with the other correlations "
            "(the matrix is not positive semi-definite)",
        )
    ]


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


def correlated_normals(
    rng: np.random.Generator, f: npt.NDArray[np.float64], shape: tuple[int, ...]
) -> npt.NDArray[np.float64]:
    """Standard normals of `shape + (k,)` with correlation F·Fᵀ (k = F's size); Φ of them are
    the copula's uniforms."""
    # einsum rather than a BLAS product: the same sums on every machine, and no thread start-up.
    z = np.einsum("...j,ij->...i", rng.standard_normal((*shape, f.shape[0])), f)
    return np.asarray(z, dtype=np.float64)
