"""The multi-year plan: what was planned, removed, replaced, delivered and is still to find."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from scrutiny.domain.proposal_file import ProposalFile, parse_proposal_file
from scrutiny.domain.savings_plan import ADDED, ADDED_REMOVED, IN_PLAN, REMOVED, plan

YEARS = ["2024/25", "2025/26", "2026/27"]


def _file(*proposals: dict[str, Any]) -> ProposalFile:
    return parse_proposal_file({"council": "Anyshire", "proposals": list(proposals)}, "x.yaml")


def _p(ref: str, savings: dict[str, float], **more: Any) -> dict[str, Any]:
    return {"ref": ref, "title": f"Proposal {ref}", "savings": savings, **more}


def test_where_a_removed_saving_went() -> None:
    """£1.1m removed in version 2, £600k put in its place: £500k still to find."""
    v1 = _file(
        _p("VAC", {"2024/25": 1_100_000}, service="Social care"),
        _p("FOS", {"2024/25": 300_000, "2025/26": 200_000}, service="Placements"),
    )
    v2 = _file(
        _p("VAC", {"2024/25": 1_100_000}, service="Social care", status="removed"),
        _p("FOS", {"2024/25": 300_000, "2025/26": 200_000}, service="Placements"),
        _p("NEW", {"2024/25": 600_000}, service="Social care"),
    )
    view = plan("Anyshire", [v1, v2], delivered={"FOS": {"2024/25": 250_000}})
    assert view.years == ["2024/25", "2025/26"] and view.versions == 2
    states = {e.ref: e.state for e in view.entries}
    assert states == {"VAC": REMOVED, "FOS": IN_PLAN, "NEW": ADDED}
    y = view.by_year["2024/25"]
    assert (y.planned, y.removed, y.replaced, y.current) == (1_400_000, 1_100_000, 600_000, 900_000)
    assert y.still_to_find == 500_000 and y.delivered == 250_000
    assert view.total.planned == 1_600_000 and view.total.still_to_find == 500_000
    social = view.by_service["Social care"]
    assert (social.removed, social.replaced, social.still_to_find) == (1_100_000, 600_000, 500_000)
    assert view.by_service["Placements"].still_to_find == 0


def test_a_proposal_dropped_from_a_later_version_is_removed() -> None:
    v1 = _file(_p("A", {"2024/25": 500_000}), _p("B", {"2024/25": 100_000}))
    v2 = _file(_p("B", {"2024/25": 100_000}), _p("C", {"2025/26": 50_000}, status="removed"))
    view = plan("Anyshire", [v1, v2])
    entries = {e.ref: e for e in view.entries}
    assert entries["A"].state == REMOVED and entries["A"].last_version == 1
    assert entries["C"].state == ADDED_REMOVED and entries["C"].planned == {}
    assert view.total.removed == 500_000 and view.total.still_to_find == 500_000
    assert view.total.delivered is None and not view.has_delivered


amounts = st.dictionaries(
    st.sampled_from(YEARS), st.floats(min_value=0, max_value=5e6, allow_nan=False), max_size=3
)
versions = st.lists(
    st.dictionaries(
        st.sampled_from(["A", "B", "C", "D"]),
        st.tuples(amounts, st.booleans()),
        max_size=4,
    ),
    min_size=1,
    max_size=4,
)


@given(versions)
def test_planned_less_removed_plus_replaced_is_the_current_plan(
    history: list[dict[str, tuple[dict[str, float], bool]]],
) -> None:
    files = [
        _file(
            *[_p(ref, s, status="removed" if gone else "proposed") for ref, (s, gone) in v.items()]
        )
        for v in history
    ]
    view = plan("Anyshire", files)
    for year in view.years:
        y = view.by_year[year]
        assert abs(y.planned - y.removed + y.replaced - y.current) < 1e-3
        assert 0 <= y.still_to_find <= y.removed + 1e-6
    latest = history[-1]
    expected = sum(s.get(y, 0.0) for s, gone in latest.values() if not gone for y in YEARS)
    assert abs(view.total.current - expected) < 1e-3
