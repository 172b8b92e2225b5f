"""The whole proposal file (contracts.md §2) and its validation.

`parse_proposal_file` turns already-loaded data (a dict from YAML or JSON) into a ProposalFile,
or raises InvalidInput listing every problem, each with the proposal ref and the field path.
Reading the file from disk is the workflows' job.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from scrutiny.domain.distributions import DIST_TAGS, NUMBER_TAG, is_random
from scrutiny.domain.evidence import Evidence
from scrutiny.domain.limits import (
    MAX_ITEMS,
    MAX_MONEY,
    MAX_PROPOSALS,
    MAX_REF,
    MAX_YEARS,
    Council,
    Name,
)
from scrutiny.domain.money import Money
from scrutiny.domain.proposal import Assumption, Proposal
from scrutiny.domain.vocab import Grade
from scrutiny.domain.years import FYLabel, sort_labels
from scrutiny.errors import InvalidInput, Problem


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Mtfs(_Strict):
    """The council's medium-term financial strategy context."""

    funding_gap: dict[FYLabel, Money] = Field(default_factory=dict, max_length=MAX_YEARS)
    savings_required: dict[FYLabel, Money] = Field(default_factory=dict, max_length=MAX_YEARS)
    evidence: list[Evidence] = Field(default_factory=list, max_length=MAX_ITEMS)


class Headline(_Strict):
    """Totals the papers state, to be checked against the proposals (rule D10)."""

    savings_total: Money | None = None
    evidence: Evidence | None = None


class Correlation(_Strict):
    """Rank correlation between two random inputs, each addressed as ``REF.input_name``."""

    between: list[Name] = Field(min_length=2, max_length=2)
    rho: float = Field(ge=-1, le=1)


TrackRecordPoint = Literal["outturn", "forecast", "q1", "q2", "q3", "q4"]
"""When in the year a track-record figure was taken: `outturn` (the year closed), `forecast`
(an in-year forecast of the outturn) or `q1`..`q4` (the position at the end of that quarter).
Only outturns feed the reference-class view; the others are kept as evidence."""


class TrackRecordYear(_Strict):
    """One past year's savings programme: what was planned and what was delivered [GBP]."""

    year: FYLabel
    planned: Money = Field(gt=0)
    delivered: Money
    """May exceed `planned` (replacement savings, or more than planned delivered)."""
    scope: str = Field(min_length=1)
    point: TrackRecordPoint = "outturn"
    evidence: Evidence | None = None

    @property
    def share(self) -> float:
        """Delivered ÷ planned."""
        return self.delivered / self.planned


class ProposalFile(_Strict):
    council: Council
    directorate: Name | None = None
    committee: Name | None = None
    """The committee's own name, as its papers print it."""
    meeting_date: datetime.date | None = None
    procedure: Name | None = None
    """What the meeting does with the proposals (e.g. pre-decision scrutiny of budget proposals)."""
    executive: Name | None = None
    """Who decides on the proposals and answers the committee's recommendations (e.g. Cabinet)."""
    budget_meeting: Name | None = None
    """The meeting a proposal that is not assured is referred to (e.g. the committee's budget
    meeting, or the full Council meeting that sets the budget)."""
    title: Name | None = None
    currency: str = Field(default="GBP", pattern="^GBP$")
    mtfs: Mtfs | None = None
    headline: Headline | None = None
    proposals: list[Proposal] = Field(default_factory=list, max_length=MAX_PROPOSALS)
    correlations: list[Correlation] = Field(default_factory=list, max_length=MAX_PROPOSALS)
    assumptions: list[Assumption] = Field(default_factory=list, max_length=MAX_ITEMS)
    track_record: list[TrackRecordYear] = Field(default_factory=list, max_length=MAX_ITEMS)
    """Past years' planned and delivered savings, one row per year and scope."""

    def horizon(self) -> list[str]:
        """Every financial year named in any `savings` or in `mtfs.funding_gap`, in order."""
        labels: set[str] = set()
        for p in self.proposals:
            labels.update(p.savings)
        if self.mtfs:
            labels.update(self.mtfs.funding_gap)
        return sort_labels(labels)

    def grade(self, field: str) -> Grade:
        """The grade of one of the file's own numbers (``mtfs.funding_gap``): its assumption's
        grade when the file lists one, else quoted."""
        for a in self.assumptions:
            if a.field == field or field.startswith(a.field + "."):
                return a.grade
        return Grade.quoted

    def proposal(self, ref: str) -> Proposal:
        for p in self.proposals:
            if p.ref == ref:
                return p
        raise KeyError(ref)

    def to_data(self) -> dict[str, Any]:
        """Plain data for YAML/JSON, leaving out what was not given (lossless round trip)."""
        return self.model_dump(mode="json", exclude_none=True, exclude_defaults=True)


def split_address(address: str) -> tuple[str, str]:
    """``"2024-28 SAV CYPE 001.vacancy_rate"`` → (ref, input name); the ref may hold spaces."""
    ref, sep, name = address.rpartition(".")
    if not sep or not ref or not name:
        raise ValueError(f"{address!r} is not REF.input_name")
    return ref, name


# ---------------------------------------------------------------------------------------------
# Turning pydantic's errors into field paths a person can follow.

_SKIP = set(DIST_TAGS) | {NUMBER_TAG}


def field_path(loc: Iterable[int | str]) -> str:
    """``('proposals', 2, 'model', 'inputs', 'x', 'pert', 'min')`` → ``proposals[2].model.inputs.x.min``.

    Union tags (of an input, and of a mixture's components) and pydantic's internal markers are
    dropped; list indexes are bracketed.
    """
    out = ""
    parts = list(loc)
    for i, part in enumerate(parts):
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        if part == "[key]":
            continue
        if not part.replace("_", "").isalnum():
            out += f"[{part!r}]".replace("'", '"')
            continue
        if (
            "[" in part
            and "]" in part
            and part.split("[")[0] in {"function-after", "function-wrap"}
        ):
            continue
        if part in _SKIP and i >= 3 and parts[i - 2] in ("inputs", "components"):
            continue
        out += f".{part}" if out else part
    return out


def _ref_at(data: Any, loc: tuple[int | str, ...]) -> str | None:
    if len(loc) >= 2 and loc[0] == "proposals" and isinstance(loc[1], int):
        try:
            ref = data["proposals"][loc[1]].get("ref")
        except (KeyError, IndexError, TypeError, AttributeError):
            return None
        return str(ref) if ref is not None else None
    return None


def shown(value: Any, limit: int = 60) -> str:
    """`value` as Python writes it, cut to `limit` characters so a huge input is not echoed."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _message(err: Any) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "required field is missing"
    msg = str(err["msg"])
    if kind == "greater_than_equal" and err.get("ctx", {}).get("ge") == 0:
        return f"must not be negative (got {shown(err.get('input'))})"
    if kind in ("string_too_long", "too_long"):
        return msg
    if kind == "less_than" and err.get("ctx", {}).get("lt") == MAX_MONEY:
        return f"must be below £10bn (got {shown(err.get('input'))})"
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    if (
        "input" in err
        and kind not in ("order", "length", "weights")
        and not isinstance(err["input"], dict | list)
    ):
        return f"{msg} (got {shown(err['input'])})"
    return msg


def problems_from_validation(exc: ValidationError, data: Any) -> list[Problem]:
    problems = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        ctx = err.get("ctx") or {}
        path = field_path(loc)
        if ctx.get("field"):
            path = f"{path}.{ctx['field']}" if path else str(ctx["field"])
        problems.append(Problem(path=path, message=_message(err), ref=_ref_at(data, loc)))
    return problems


def parse_proposal(data: Any, source: str) -> Proposal:
    """One proposal from loaded data (a form or the API); InvalidInput naming every field wrong."""
    try:
        return Proposal.model_validate(data)
    except ValidationError as exc:
        ref = data.get("ref") if isinstance(data, dict) else None
        raise InvalidInput(
            source,
            [
                Problem(
                    p.path, p.message, ref if isinstance(ref, str) and len(ref) <= MAX_REF else None
                )
                for p in problems_from_validation(exc, data)
            ],
        ) from None


# ---------------------------------------------------------------------------------------------
# Checks that span the whole file. Each names every offender.

FileCheck = Callable[[ProposalFile], list[Problem]]


def check_unique_refs(pf: ProposalFile) -> list[Problem]:
    counts = Counter(p.ref for p in pf.proposals)
    seen: set[str] = set()
    problems = []
    for i, p in enumerate(pf.proposals):
        if counts[p.ref] > 1 and p.ref in seen:
            problems.append(
                Problem(
                    f"proposals[{i}].ref", f"duplicate ref {p.ref!r} (refs must be unique)", p.ref
                )
            )
        seen.add(p.ref)
    return problems


def check_correlations(pf: ProposalFile) -> list[Problem]:
    refs = {p.ref: p for p in pf.proposals}
    problems = []
    pairs: set[frozenset[str]] = set()
    for i, corr in enumerate(pf.correlations):
        for j, address in enumerate(corr.between):
            path = f"correlations[{i}].between[{j}]"
            try:
                ref, name = split_address(address)
            except ValueError as exc:
                problems.append(Problem(path, str(exc)))
                continue
            proposal = refs.get(ref)
            if proposal is None:
                problems.append(Problem(path, f"no proposal with ref {ref!r}"))
                continue
            inputs = proposal.model.inputs if proposal.model else {}
            if name not in inputs:
                problems.append(Problem(path, f"proposal {ref!r} has no model input {name!r}", ref))
            elif not is_random(inputs[name]):
                problems.append(
                    Problem(
                        path, f"{address!r} is a fixed number; only distributions correlate", ref
                    )
                )
        if len(set(corr.between)) < 2:
            problems.append(
                Problem(f"correlations[{i}].between", "an input cannot correlate with itself")
            )
        key = frozenset(corr.between)
        if key in pairs:
            problems.append(Problem(f"correlations[{i}]", "this pair is given more than once"))
        pairs.add(key)
    return problems


def check_track_record(pf: ProposalFile) -> list[Problem]:
    """A year appears once per scope (give the latest position: the outturn once known)."""
    seen: set[tuple[str, str]] = set()
    problems = []
    for i, row in enumerate(pf.track_record):
        key = (row.scope.strip().casefold(), row.year)
        if key in seen:
            problems.append(
                Problem(
                    f"track_record[{i}].year",
                    f"{row.year} is given more than once for {row.scope!r} "
                    "(one row per year and scope)",
                )
            )
        seen.add(key)
    return problems


FILE_CHECKS: list[FileCheck] = [check_unique_refs, check_correlations, check_track_record]


def parse_proposal_file(
    data: Any, source: str, extra_checks: Iterable[FileCheck] = ()
) -> ProposalFile:
    """Validate loaded data; raise InvalidInput with every problem found.

    `extra_checks` lets outer layers (model inputs from the model registry, correlation matrix
    from the risk engine) add their own checks without this module knowing about them.
    """
    if not isinstance(data, dict):
        raise InvalidInput(source, [Problem("", "expected a mapping with council and proposals")])
    try:
        pf = ProposalFile.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(source, problems_from_validation(exc, data)) from None
    problems: list[Problem] = []
    for check in [*FILE_CHECKS, *extra_checks]:
        problems.extend(check(pf))
    if problems:
        raise InvalidInput(source, problems)
    return pf
