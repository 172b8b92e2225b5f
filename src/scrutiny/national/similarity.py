"""Similar councils: the nearest councils on size, need and care rate (pure).

Three features, all published for every council at 31 March of the same year:

1. the natural log of the child population aged 0-17 [children] (size; the log so that a
   council twice as large is as far away as one half as large),
2. children in need per 10,000 children at 31 March [rate per 10,000] (need, the proxy for
   deprivation available in the dataset),
3. children looked after per 10,000 children at 31 March [rate per 10,000].

Each feature is standardised across the councils that year (z-score: minus the mean, divided
by the standard deviation), and the distance is the Euclidean distance over the three z-scores.
The similar councils are the ten nearest. Councils without all three figures that year, and
City of London and the Isles of Scilly (too small: most of their figures are suppressed), are
left out. The method is described for users in docs/benchmarking.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scrutiny.national.dataset import NationalData

FEATURES: tuple[tuple[str, str, bool], ...] = (
    ("cla_population_0_17", "child population aged 0-17 (log)", True),
    ("cin_at_31_march_rate_per_10k", "children in need per 10,000 children", False),
    ("cla_rate_per_10k", "children looked after per 10,000 children", False),
)
# Councils left out of rankings and similarity: too small, most figures suppressed.
EXCLUDED = frozenset({"201", "420"})


@dataclass(frozen=True, slots=True)
class Neighbour:
    code: str
    name: str
    distance: float | None  # [standard deviations]; None for the DfE neighbours (ranked only)


def feature_table(data: NationalData, year: int) -> dict[str, tuple[float, ...]]:
    """Council code → raw feature values (log population, CIN rate, CLA rate) in one year."""
    columns: list[dict[str, float]] = []
    for measure, _, log in FEATURES:
        column: dict[str, float] = {}
        for obs in data.across(measure, year):
            area = data.areas.get(obs.code)
            if area is None or area.level != "council" or obs.code in EXCLUDED:
                continue
            if obs.value is None or (log and obs.value <= 0):
                continue
            column[obs.code] = math.log(obs.value) if log else obs.value
        columns.append(column)
    codes = set(columns[0]).intersection(*columns[1:])
    return {code: tuple(column[code] for column in columns) for code in sorted(codes)}


def standardise(table: dict[str, tuple[float, ...]]) -> dict[str, tuple[float, ...]]:
    """Each column minus its mean, divided by its (population) standard deviation."""
    if not table:
        return {}
    width = len(next(iter(table.values())))
    means, sds = [], []
    for i in range(width):
        values = [row[i] for row in table.values()]
        mean = sum(values) / len(values)
        sd = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
        means.append(mean)
        sds.append(sd if sd > 0 else 1.0)
    return {
        code: tuple((row[i] - means[i]) / sds[i] for i in range(width))
        for code, row in table.items()
    }


def similar_councils(data: NationalData, code: str, year: int, count: int = 10) -> list[Neighbour]:
    """The `count` councils nearest to `code` in `year`, nearest first (ties by name).

    Empty when the council lacks one of the three figures that year.
    """
    z = standardise(feature_table(data, year))
    if code not in z:
        return []
    own = z[code]
    found = [
        Neighbour(other, data.areas[other].name, math.dist(own, row))
        for other, row in z.items()
        if other != code
    ]
    found.sort(key=lambda n: (n.distance, n.name))
    return found[:count]
