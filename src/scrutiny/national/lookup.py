"""Finding a council in the reference dataset by name, ONS code or DfE LA number (pure)."""

from __future__ import annotations

import difflib
import re

from scrutiny.national.dataset import Area, NationalData


def _key(text: str) -> str:
    text = text.casefold().replace("&", " and ")
    text = re.sub(r"\b(council|borough|city|of|county|the|london|royal|metropolitan)\b", " ", text)
    return re.sub(r"[^a-z0-9]+", "", text)


def find_council(data: NationalData, query: str) -> Area | None:
    """The council named by `query` (case-insensitive DfE name, ONS code or old LA code).

    Combined workforce returns (e.g. "314 / 318") are never returned: ask for a member council.
    A name used by two councils (Dorset: the county to 2019, the unitary council from 2020)
    means the latest; the earlier one is reached by its code.
    """
    wanted = query.strip()
    if not wanted:
        return None
    councils = [a for a in data.areas.values() if a.level == "council" and len(a.combined) == 1]
    folded = wanted.casefold()
    for area in councils:
        if folded in (area.ons_code.casefold(), area.code.casefold()):
            return area
    named = [a for a in councils if a.name.casefold() == folded]
    if not named:
        key = _key(wanted)
        named = [a for a in councils if key and _key(a.name) == key]
    if not named:
        return None
    latest = max(a.last_year for a in named)
    named = [a for a in named if a.last_year == latest]
    return named[0] if len(named) == 1 else None


def close_matches(data: NationalData, query: str, count: int = 3) -> list[str]:
    """Council names that look like `query`, best first."""
    if not query.strip():
        return []
    names = sorted(
        a.name for a in data.areas.values() if a.level == "council" and "/" not in a.code
    )
    by_folded = {n.casefold(): n for n in names}
    hits = difflib.get_close_matches(query.casefold(), list(by_folded), n=count, cutoff=0.5)
    if not hits:
        hits = [n for n in by_folded if query.casefold() in n][:count]
    return [by_folded[h] for h in hits]
