"""Verdict aggregation (challenge.md, "Verdict from findings"), by example and by property."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from scrutiny.challenge.verdict import verdict
from scrutiny.domain.evidence import FieldEvidence, Finding
from scrutiny.domain.vocab import Severity, Verdict


def finding(severity: Severity) -> Finding:
    return Finding(
        rule="X1", severity=severity, message="m", evidence=[FieldEvidence(path="p", value=1)]
    )


def test_examples() -> None:
    assert verdict([finding(Severity.info), finding(Severity.low)]) == Verdict.assured
    assert verdict([finding(Severity.medium)]) == Verdict.partially_assured
    assert verdict([finding(Severity.medium)], information_gap=True) == (
        Verdict.insufficient_information
    )
    assert verdict([finding(Severity.high)], information_gap=True) == Verdict.not_assured


@given(st.lists(st.sampled_from(list(Severity)), max_size=8), st.booleans())
def test_the_order_of_precedence(severities: list[Severity], gap: bool) -> None:
    result = verdict([finding(s) for s in severities], information_gap=gap)
    if Severity.high in severities:
        assert result == Verdict.not_assured
    elif gap:
        assert result == Verdict.insufficient_information
    elif Severity.medium in severities:
        assert result == Verdict.partially_assured
    else:
        assert result == Verdict.assured
    # Order does not matter.
    assert verdict([finding(s) for s in reversed(severities)], information_gap=gap) == result


def test_doctests_of_the_wording_helpers() -> None:
    import doctest

    from scrutiny.challenge import figures
    from scrutiny.challenge import verdict as verdict_module

    for module in (figures, verdict_module):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0
