"""The two seed documents: what a careful reader would list from each."""

from __future__ import annotations

from pathlib import Path

from scrutiny.workflows.extract import extract_path

SEEDS = Path(__file__).resolve().parents[2] / "tests" / "data" / "seeds"
CROYDON = SEEDS / "000_dce5ff71b4175991.txt"
THURROCK = SEEDS / "004_5c1a62b0452b6908.txt"


def _money(path: Path) -> list[tuple[str, float, str, str | None]]:
    return [(m.text, m.gbp, m.kind, m.period) for m in extract_path(path).money]


def test_croydon_seed_figures_references_and_drafts() -> None:
    result = extract_path(CROYDON)
    assert ("£1.1 million", 1_100_000, "saving") in [(m.text, m.gbp, m.kind) for m in result.money]
    assert "7%" in [p.text for p in result.percentages]
    assert list(result.references) == ["2024-28 SAV CYPE 001", "2024-28 SAV CYPE 003"]
    assert [(p.ref, p.title) for p in result.proposals] == [
        ("2024-28 SAV CYPE 001", "Children’s Social Care staffing budget realignment"),
        ("2024-28 SAV CYPE 003", "Review of Children Looked After Placements"),
    ]
    # Two lists of conclusions (6 and 7 items); the three scrutiny questions are not counted.
    assert result.recommendations == 13


def test_thurrock_seed_money_with_kinds_and_periods() -> None:
    money = _money(THURROCK)
    expected = [
        ("£1.2m", 1_200_000, "saving", None),
        ("£34 million", 34_000_000, "funding_gap", "over 2 years"),
        ("£20 million", 20_000_000, "saving", None),
        ("£1m", 1_000_000, "saving", None),
        ("£0.200m", 200_000, "saving", None),
        ("£0.300m", 300_000, "saving", "per annum"),
        ("£0.600m", 600_000, "saving", "over 2 years"),
    ]
    for item in expected:
        assert item in money
    assert ("£34.3m", 34_300_000, "funding_gap") in [(t, g, k) for t, g, k, _p in money]


def test_thurrock_seed_workforce_and_savings_list() -> None:
    result = extract_path(THURROCK)
    workforce = [(w.text, w.what, w.value) for w in result.workforce]
    assert workforce == [
        ("22 posts", "posts", 22),
        ("15.4 FTE", "fte", 15.4),
        ("13 redundancies", "redundancies", 13),
    ]
    drafts = [(p.ref, p.title, p.amounts) for p in result.proposals]
    assert drafts[0] == (None, "Deletion of posts and realignment of services", (1_000_000,))
    assert drafts[2][2] == (300_000, 600_000)
    assert len(drafts) == 3


def test_offsets_point_at_the_text() -> None:
    text = THURROCK.read_text(encoding="utf-8")
    for m in extract_path(THURROCK).money:
        assert text[m.start : m.end] == m.text
        assert m.page is None
