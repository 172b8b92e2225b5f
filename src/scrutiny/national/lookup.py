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
    """
    wanted = query.strip()
    if not wanted:
        return None
    councils = [a for a in data.areas.values() if a.level == "council" and len(a.combined) == 1]
    folded = wanted.casefold()
    for area in councils:
        if folded in (area.name.casefold(), area.ons_code.casefold(), area.code.casefold()):
            return area
    key = _key(wanted)
    matches = [a for a in councils if key and _key(a.name) == key]
    return matches[0] if len(matches) == 1 else None


def close_matches(data: NationalData, query: str, count: int = 3) -> list[str]:
    """Council names that look like `query`, best first."""
    names = sorted(
        a.name for a in data.areas.values() if a.level == "council" and "/" not in a.code
    )
    by_folded = {n.casefold(): n for n in names}
    hits = difflib.get_close_matches(query.casefold(), list(by_folded), n=count, cutoff=0.5)
    if not hits:
        hits = [n for n in by_folded if query.casefold() in n][:count]
    return [by_folded[h] for h in hits]
