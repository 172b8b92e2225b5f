"""Everything extracted from one document, shaped as contracts.md §6."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from scrutiny.ingest.document import AnchoredText
from scrutiny.ingest.extract.context import sentence_at
from scrutiny.ingest.extract.kinds import classify
from scrutiny.ingest.extract.money import Amount, find_amounts
from scrutiny.ingest.extract.percentages import find_percentages
from scrutiny.ingest.extract.proposals import DraftProposal, find_proposals
from scrutiny.ingest.extract.recommendations import count_recommendations
from scrutiny.ingest.extract.references import find_reference_spans
from scrutiny.ingest.extract.session import DraftSession, draft_session
from scrutiny.ingest.extract.tables import Finding, find_cards, read_table
from scrutiny.ingest.extract.workforce import find_workforce
from scrutiny.ingest.extract.years import period_for


@dataclass(frozen=True)
class MoneyFigure:
    """An amount [GBP] with its kind, period, and where it sits (page, offsets, sentence)."""

    text: str
    gbp: float
    kind: str
    period: str | None
    page: int | None
    start: int
    end: int
    sentence: str

    def to_json(self) -> dict[str, Any]:
        gbp: float | int = int(self.gbp) if float(self.gbp).is_integer() else self.gbp
        return {
            "text": self.text,
            "gbp": gbp,
            "kind": self.kind,
            "period": self.period,
            "page": self.page,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
        }


@dataclass(frozen=True)
class Located:
    """A workforce figure or percentage with where it sits."""

    text: str
    value: float
    page: int | None
    start: int
    end: int
    what: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"text": self.text}
        if self.what is not None:
            data["what"] = self.what
        data["value"] = int(self.value) if float(self.value).is_integer() else self.value
        data.update({"page": self.page, "start": self.start, "end": self.end})
        return data


@dataclass(frozen=True)
class Extraction:
    """The facts found in one document."""

    source: str
    pages: int | None
    money: tuple[MoneyFigure, ...] = ()
    references: tuple[str, ...] = ()
    workforce: tuple[Located, ...] = ()
    percentages: tuple[Located, ...] = ()
    recommendations: int = 0
    proposals: tuple[DraftProposal, ...] = field(default_factory=tuple)
    proposal_pages: tuple[int | None, ...] = ()
    reference_spans: tuple[Located, ...] = ()
    findings: tuple[Finding, ...] = ()
    session: DraftSession = field(default_factory=DraftSession)
    """Drafts of the questions put, answers given and conclusions recorded (from minutes)."""

    def to_json(self) -> dict[str, Any]:
        proposals = []
        for p, page in zip(self.proposals, self.proposal_pages, strict=True):
            item = p.to_json()
            item["page"] = page
            proposals.append(item)
        return {
            "source": self.source,
            "pages": self.pages,
            "money": [m.to_json() for m in self.money],
            "references": list(self.references),
            "workforce": [w.to_json() for w in self.workforce],
            "percentages": [p.to_json() for p in self.percentages],
            "recommendations": self.recommendations,
            "proposals": proposals,
            "findings": [f.to_json() for f in self.findings],
            "session": self.session.to_json(),
        }


def extract(doc: AnchoredText) -> Extraction:
    """Find every figure, reference, list and draft proposal in `doc`."""
    money: list[MoneyFigure] = []
    workforce: list[Located] = []
    percentages: list[Located] = []
    for page in doc.pages:
        text = page.text
        amounts = find_amounts(text)
        kinds = classify(text, [(a.start, a.end) for a in amounts])
        if "other" in kinds:
            kinds = _on_savings_lines(text, amounts, kinds)
        for a, kind in zip(amounts, kinds, strict=True):
            money.append(
                MoneyFigure(
                    a.text,
                    a.gbp,
                    kind,
                    period_for(text, a.start, a.end),
                    page.number,
                    a.start,
                    a.end,
                    sentence_at(text, a.start),
                )
            )
        for w in find_workforce(text):
            workforce.append(Located(w.text, w.value, page.number, w.start, w.end, w.what))
        for p in find_percentages(text):
            percentages.append(Located(p.text, p.value, page.number, p.start, p.end))
    full = doc.full_text
    starts = _page_starts(doc)
    from_tables: list[DraftProposal] = []
    findings: list[Finding] = []
    for table in doc.tables:
        reading = read_table(table)
        from_tables.extend(reading.drafts)
        findings.extend(reading.findings)
    in_text = _not_in(find_proposals(full), from_tables)
    in_text += _not_in(find_cards(full), from_tables + in_text)
    in_text.sort(key=lambda p: p.position)
    spans = find_reference_spans(full)
    references: list[str] = []
    located_refs: list[Located] = []
    for code, start, end in spans:
        if code not in references:
            references.append(code)
        page_number, offset = _locate(doc, start, starts)
        located_refs.append(
            Located(code, 0.0, page_number, offset, offset + (end - start), "reference")
        )
    return Extraction(
        source=doc.source,
        pages=doc.page_count,
        money=tuple(money),
        references=tuple(references),
        workforce=tuple(workforce),
        percentages=tuple(percentages),
        recommendations=count_recommendations(full),
        proposals=tuple(from_tables) + tuple(in_text),
        proposal_pages=tuple(
            [_page_of(p) for p in from_tables]
            + [_locate(doc, p.position, starts)[0] for p in in_text]
        ),
        reference_spans=tuple(located_refs),
        findings=tuple(findings),
        session=draft_session(full),
    )


def _page_of(draft: DraftProposal) -> int | None:
    page = (draft.source or {}).get("page")
    return page if isinstance(page, int) else None


def _not_in(found: list[DraftProposal], tables: list[DraftProposal]) -> list[DraftProposal]:
    """Drafts read from the text that a table already gives (same reference, or same title
    where there is none): the table's reading, with its years and source, is kept."""
    refs = {p.ref for p in tables if p.ref}
    titles = {p.title.lower() for p in tables}
    return [p for p in found if not (p.ref in refs or (not p.ref and p.title.lower() in titles))]


def _on_savings_lines(text: str, amounts: list[Amount], kinds: list[str]) -> list[str]:
    """An amount with no cue of its own on a line led by a savings reference is that saving
    ("E1 – Early Help restructure (£120,000)")."""
    line_starts = {
        text.rfind("\n", 0, start) + 1
        for _code, start, _end in find_reference_spans(text)
        if not text[text.rfind("\n", 0, start) + 1 : start].strip(" \t•·-|")
    }
    if not line_starts:
        return kinds
    return [
        "saving" if kind == "other" and text.rfind("\n", 0, a.start) + 1 in line_starts else kind
        for a, kind in zip(amounts, kinds, strict=True)
    ]


def _locate(doc: AnchoredText, position: int, starts: list[int]) -> tuple[int | None, int]:
    """The page holding character `position` of the full text, and the offset in that page;
    `starts` are where the pages begin in the full text."""
    i = max(0, bisect_right(starts, position) - 1)
    return doc.pages[i].number if doc.pages else None, position - starts[i]


def _page_starts(doc: AnchoredText) -> list[int]:
    """Where each page begins in the full text (pages joined by one newline)."""
    starts, offset = [], 0
    for page in doc.pages:
        starts.append(offset)
        offset += len(page.text) + 1
    return starts or [0]
