"""Cohorts that accumulate: a number of households or children added every year, each bringing a
recurring annual saving from the year after it arrives and part of it in the year it arrives.

delivered[i] = Σ_{j<i} n_j·d + n_i·d·f − n_i·R (models.md, fostering_recruitment and
placement_shift). Year index i counts from the proposal's first target year; years before it
carry no cohort.
"""

from __future__ import annotations

import numpy as np

from scrutiny.models.base import Array, ModelContext, running_total


def active(per_year: Array, ctx: ModelContext) -> Array:
    """`per_year` (n, H) with the years before the proposal's first target year set to zero."""
    mask = (ctx.index() >= 0).astype(np.float64)
    return per_year * mask[None, :]


def cohort_saving(
    arrivals: Array, annual_saving: Array, part_year_factor: Array, one_off_per_arrival: Array
) -> Array:
    """delivered (n, H) [GBP] from arrivals n_j (n, H) [per year], d (n,) [GBP per arrival a year],
    f (n,) [share of a year's saving in the year of arrival] and R (n,) [GBP per arrival, once]."""
    before = running_total(arrivals) - arrivals  # Σ_{j<i} n_j
    d = annual_saving[:, None]
    return (
        before * d
        + arrivals * d * part_year_factor[:, None]
        - arrivals * one_off_per_arrival[:, None]
    )
