"""The readable view of an extraction: each figure in its sentence, with its kind."""

from __future__ import annotations

from scrutiny.domain.money import format_gbp
from scrutiny.ingest.extract.facts import Extraction


def _gbp(value: float) -> str:
    """£437,000; £0.50 under a pound; a reversal as −£645,032; never "£-0.00"."""
    text = format_gbp(value, pence=0 < abs(value) < 1)
    return text.removeprefix("−") if text in ("−£0", "−£0.00") else text


def render(result: Extraction) -> str:
    """Plain text, one figure per line, grouped by what was found."""
    out = [f"{result.source}" + (f" ({result.pages} pages)" if result.pages is not None else "")]
    out.append(f"\nMoney ({len(result.money)})")
    for m in result.money:
        where = f"p{m.page} " if m.page is not None else ""
        period = f", {m.period}" if m.period else ""
        out.append(f"  {where}{m.text:<14} {_gbp(m.gbp):>16}  {m.kind}{period}")
        out.append(f"      “{m.sentence}”")
    out.append(f"\nSavings references: {', '.join(result.references) or 'none'}")
    out.append(f"\nWorkforce ({len(result.workforce)})")
    for w in result.workforce:
        out.append(f"  {w.text}  [{w.what}: {w.value:g}]")
    out.append(f"\nPercentages: {', '.join(p.text for p in result.percentages) or 'none'}")
    out.append(f"\nRecommendations, resolutions or conclusions listed: {result.recommendations}")
    out.append(f"\nDraft proposals ({len(result.proposals)})")
    for p, page in zip(result.proposals, result.proposal_pages, strict=True):
        amounts = ", ".join(_gbp(a) for a in p.amounts)
        where = f" (page {page})" if page is not None else ""
        out.append(
            f"  {p.ref or '(no reference)'} – {p.title}{where}"
            + (f"  [{amounts}]" if amounts else "")
        )
    session = result.session
    out.append(
        f"\nThe meeting, drafted from minutes for a person to check ({len(session.questions)} "
        f"questions, {len(session.conclusions)} conclusions)"
    )
    for q in session.questions:
        out.append(f"  {q.ref or '(before any reference)'}: {q.asked}")
        out.extend(f"      {a.by or 'Answer'}: “{a.quote}”" for a in q.answers)
    for c in session.conclusions:
        number = f"{c.number}. " if c.number is not None else ""
        out.append(f"  {c.ref or '(before any reference)'}: concluded {number}{c.text}")
    return "\n".join(out)
