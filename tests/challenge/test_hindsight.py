"""As at a date: the file's own evidence published after it is left out, and nothing else."""

from __future__ import annotations

import datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from scrutiny.challenge.hindsight import as_at
from scrutiny.domain.evidence import Evidence
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.domain.vocab import Grade
from scrutiny.workflows.validate import load

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
THURROCK = load(EXAMPLES / "thurrock-2022.yaml")
DAYS = st.dates(datetime.date(2019, 1, 1), datetime.date(2026, 12, 31))


def with_dates(pf: ProposalFile, dates: list[datetime.date]) -> ProposalFile:
    """Thurrock's file with its first proposal's quoted documents dated in turn."""
    first = pf.proposals[0]
    evidence = [
        Evidence(source=f"paper-{i}.txt", quote=f"passage {i}", published=d)
        for i, d in enumerate(dates)
    ]
    return pf.model_copy(
        update={"proposals": [first.model_copy(update={"evidence": evidence}), *pf.proposals[1:]]}
    )


@settings(max_examples=60, deadline=None)
@given(dates=st.lists(DAYS, max_size=6), cutoff=DAYS)
def test_documents_kept_are_those_published_by_the_date(
    dates: list[datetime.date], cutoff: datetime.date
) -> None:
    pf = with_dates(THURROCK, dates)
    seen, left = as_at(pf, cutoff)
    kept = seen.proposals[0].evidence
    assert all(e.published is not None and e.published <= cutoff for e in kept)
    documents = [x for x in left if ".evidence[" in x.path]
    assert len(kept) + len(documents) == len(dates)
    assert all(x.published > cutoff for x in documents)
    # Besides these documents only Thurrock's one later-sourced default can be left out.
    others = [x.path for x in left if x not in documents]
    assert others in ([], ["proposals[2].assumptions[1]"])
    assert (others != []) == (cutoff < datetime.date(2021, 10, 22))


def test_a_default_from_a_later_source_counts_as_assumed_and_keeps_its_value() -> None:
    seen, left = as_at(THURROCK, datetime.date(2021, 10, 12))
    (item,) = left
    assert item.ref == "THR-CSC-03" and item.published == datetime.date(2021, 10, 22)
    (p,) = [p for p in seen.proposals if p.ref == "THR-CSC-03"]
    assert p.grade("model.inputs.ifa_weekly_cost") == Grade.assumed
    assert p.model is not None and p.model.inputs["ifa_weekly_cost"] == 820
    same, none = as_at(THURROCK, datetime.date(2021, 10, 22))
    assert none == [] and same == THURROCK
