"""Findings → verdict for one question (challenge.md, "Verdict from findings")."""

from __future__ import annotations

from collections.abc import Iterable

from scrutiny.domain.evidence import Finding
from scrutiny.domain.vocab import Severity, Verdict


def verdict(findings: Iterable[Finding], information_gap: bool = False) -> Verdict:
    """Any high → not assured; else an information gap → insufficient information; else any
    medium → partially assured; else assured.

    >>> verdict([])
    <Verdict.assured: 'assured'>
    >>> verdict([], information_gap=True)
    <Verdict.insufficient_information: 'insufficient_information'>
    """
    severities = {f.severity for f in findings}
    if Severity.high in severities:
        return Verdict.not_assured
    if information_gap:
        return Verdict.insufficient_information
    if Severity.medium in severities:
        return Verdict.partially_assured
    return Verdict.assured
