"""As at the meeting: the file's own evidence published after the meeting is left out of the
challenge unless hindsight is asked for (challenge.md, "As at the meeting").

A quoted document published after the date is dropped from the evidence; a default figure
whose source was published after it keeps its value (the models need it) but counts as assumed,
since the committee could not have had its source.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from scrutiny.domain.evidence import Evidence
from scrutiny.domain.proposal import Assumption
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.vocab import Grade


@dataclass(frozen=True)
class LeftOut:
    """One item of the file's evidence left out, where it was and when it was published."""

    path: str
    """Where the item is in the file (``proposals[3].assumptions[1]``)."""
    ref: str | None
    what: str
    """The item in words: the document or the figure's source."""
    published: datetime.date


def _late(published: datetime.date | None, cutoff: datetime.date) -> bool:
    return published is not None and published > cutoff


def _documents(
    items: list[Evidence], cutoff: datetime.date, path: str, ref: str | None
) -> tuple[list[Evidence], list[LeftOut]]:
    kept = [e for e in items if not _late(e.published, cutoff)]
    gone = [
        LeftOut(f"{path}[{i}]", ref, f"{e.source}, {e.locator}" if e.locator else e.source, d)
        for i, e in enumerate(items)
        if (d := e.published) is not None and d > cutoff
    ]
    return kept, gone


def _defaults(
    items: list[Assumption], cutoff: datetime.date, path: str, ref: str | None
) -> tuple[list[Assumption], list[LeftOut]]:
    kept: list[Assumption] = []
    gone: list[LeftOut] = []
    for i, a in enumerate(items):
        if a.grade == Grade.default and (d := a.published) is not None and d > cutoff:
            kept.append(a.model_copy(update={"grade": Grade.assumed}))
            gone.append(LeftOut(f"{path}[{i}]", ref, a.source or a.field, d))
        else:
            kept.append(a)
    return kept, gone


def as_at(pf: ProposalFile, cutoff: datetime.date) -> tuple[ProposalFile, list[LeftOut]]:
    """The file as the committee could have seen it on `cutoff`, and what was left out."""
    left: list[LeftOut] = []
    update: dict[str, object] = {}
    if pf.mtfs is not None and pf.mtfs.evidence:
        kept, gone = _documents(pf.mtfs.evidence, cutoff, "mtfs.evidence", None)
        update["mtfs"] = pf.mtfs.model_copy(update={"evidence": kept})
        left += gone
    update["assumptions"], gone = _defaults(pf.assumptions, cutoff, "assumptions", None)
    left += gone
    proposals = []
    for i, p in enumerate(pf.proposals):
        at = f"proposals[{i}]"
        evidence, gone_e = _documents(p.evidence, cutoff, f"{at}.evidence", p.ref)
        assumptions, gone_a = _defaults(p.assumptions, cutoff, f"{at}.assumptions", p.ref)
        changes: dict[str, object] = {"evidence": evidence, "assumptions": assumptions}
        gone_q: list[LeftOut] = []
        if p.eqia is not None and p.eqia.evidence:
            eqia, gone_q = _documents(p.eqia.evidence, cutoff, f"{at}.eqia.evidence", p.ref)
            changes["eqia"] = p.eqia.model_copy(update={"evidence": eqia})
        proposals.append(p.model_copy(update=changes))
        left += gone_e + gone_q + gone_a
    update["proposals"] = proposals
    if not left:
        return pf, []
    return pf.model_copy(update=update), left


def read_as_at(pf: ProposalFile, when: datetime.date | None) -> ProposalFile:
    """The file as read for the challenge and the report: as at `when`, or its meeting date;
    the whole file when neither is known."""
    cutoff = when or pf.meeting_date
    return as_at(pf, cutoff)[0] if cutoff else pf
