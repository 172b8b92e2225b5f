"""Money in every written form, its value, its offsets, and what it is."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrutiny.ingest.extract.kinds import classify
from scrutiny.ingest.extract.money import find_amounts


@pytest.mark.parametrize(
    ("written", "gbp"),
    [
        ("£1.1 million", 1_100_000),
        ("£0.300m", 300_000),
        ("£500k", 500_000),
        ("£2bn", 2_000_000_000),
        ("£1,234k", 1_234_000),
        ("£2.9 m", 2_900_000),
        ("£1.5mil", 1_500_000),
        ("£2.6 mil", 2_600_000),
        ("£15,600", 15_600),
        ("£1823.17", 1823.17),
        ("£911.000", 911_000),
        ("£11million", 11_000_000),
        ("£0.300M", 300_000),
        ("£3 billion", 3_000_000_000),
    ],
)
def test_each_written_form_reads_its_value(written: str, gbp: float) -> None:
    text = f"The figure was {written} in the year."
    (amount,) = find_amounts(text)
    assert amount.text == written
    assert amount.gbp == pytest.approx(gbp)
    assert text[amount.start : amount.end] == written


def test_compressed_range_gives_low_and_high_sharing_one_text() -> None:
    amounts = find_amounts("A further gap of £8-10m is expected, and fees of £20-25k.")
    assert [(a.text, a.gbp) for a in amounts] == [
        ("£8-10m", 8e6),
        ("£8-10m", 10e6),
        ("£20-25k", 20e3),
        ("£20-25k", 25e3),
    ]


def test_range_with_two_signs_gives_two_texts() -> None:
    amounts = find_amounts("a flat charge (£4,000 - £5,000 pa) or £2m-£3m")
    assert [(a.text, a.gbp) for a in amounts] == [
        ("£4,000", 4000),
        ("£5,000", 5000),
        ("£2m", 2e6),
        ("£3m", 3e6),
    ]


def test_amounts_without_a_sign_and_column_headings_are_not_money() -> None:
    assert find_amounts("Savings of 800k in 2025/26 and 0.504m; table in £000: 1,465") == []


def test_a_word_after_the_number_is_not_a_unit() -> None:
    (amount,) = find_amounts("It cost £2 more than planned.")
    assert (amount.text, amount.gbp) == ("£2", 2)


_UNITS = {"": 1, "k": 1e3, "m": 1e6, " m": 1e6, " million": 1e6, "mil": 1e6, "bn": 1e9}


@given(
    pounds=st.integers(min_value=1, max_value=999_999_999),
    unit=st.sampled_from(sorted(_UNITS)),
    decimals=st.integers(min_value=0, max_value=3),
    prefix=st.text(alphabet="abc ,.;()\n", max_size=12),
)
def test_any_formatted_amount_parses_back_to_its_value(
    pounds: int, unit: str, decimals: int, prefix: str
) -> None:
    if unit:
        number = pounds / 10**decimals
        written = f"£{number:,.{decimals}f}{unit}"
        expected = round(number, decimals) * _UNITS[unit]
    else:
        written = f"£{pounds:,}"
        expected = pounds
    text = f"{prefix}{written} was agreed"
    amounts = find_amounts(text)
    assert len(amounts) == 1
    assert amounts[0].gbp == pytest.approx(expected, rel=1e-9)
    assert text[amounts[0].start : amounts[0].end] == amounts[0].text == written


@given(st.text(alphabet="£0123456789,.-–mkbn lio%\n", max_size=60))
def test_offsets_always_slice_the_text_to_the_amount(text: str) -> None:
    for amount in find_amounts(text):
        assert text[amount.start : amount.end] == amount.text
        assert amount.text.startswith("£")
        assert amount.gbp >= 0


def _kinds(text: str) -> list[str]:
    return classify(text, [(a.start, a.end) for a in find_amounts(text)])


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("The service must find savings of £2m next year.", ["saving"]),
        ("Month 6 shows a £3.1m forecast overspend on placements.", ["overspend"]),
        ("There remains a budget gap of £4m in 2026/27.", ["funding_gap"]),
        ("Members approved budget growth of £1.5m for fostering.", ["budget"]),
        ("The average weekly cost of a residential place is £5,200.", ["cost"]),
        ("Fees and charges will raise income of £120k.", ["income"]),
        ("The settlement confirmed a one-off grant of £0.8m.", ["grant"]),
        ("A transfer of £3m into earmarked reserves was agreed.", ["reserve"]),
        ("The directorate reported an underspend of £0.4m.", ["other"]),
        ("The deficit of £6m was partly met by savings of £2m.", ["funding_gap", "saving"]),
    ],
)
def test_kind_is_read_from_the_words_around_the_amount(text: str, kinds: list[str]) -> None:
    assert _kinds(text) == kinds


def test_list_items_without_a_cue_take_the_kind_of_the_list() -> None:
    text = "The overspend consisted of:\n• Placements (£2.1m)\n• Transport (£0.7m)\n"
    assert _kinds(text) == ["overspend", "overspend"]
