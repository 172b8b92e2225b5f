"""Counts written in figures or in words ('22', '4,110', 'two', 'Five')."""

from __future__ import annotations

WORDS: dict[str, int] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}
_UNITS_WORDS = "one|two|three|four|five|six|seven|eight|nine"
WORD_PATTERN = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ](?:"
    + _UNITS_WORDS
    + r")\b|"
    + "|".join(sorted(WORDS, key=len, reverse=True))
    + r")"
)
FIGURE_PATTERN = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


def read_count(token: str) -> float | None:
    """The value of a count token; '5.543' (full stop as thousands separator) reads 5543."""
    word = token.lower()
    if word in WORDS:
        return float(WORDS[word])
    tens, _, unit = word.replace(" ", "-").partition("-")
    if tens in WORDS and unit in WORDS:
        return float(WORDS[tens] + WORDS[unit])
    digits = token.replace(",", "")
    parts = token.split(".")
    if (
        len(parts) == 2
        and len(parts[1]) == 3
        and not parts[0].startswith("0")
        and len(parts[0]) <= 3
    ):
        digits = token.replace(".", "")
    try:
        return float(digits)
    except ValueError:
        return None
