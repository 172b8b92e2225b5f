"""The children looked after projection for any English council, from the published figures."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from scrutiny.domain.money import format_gbp_rounded
from scrutiny.domain.percent import percent
from scrutiny.errors import UsageError
from scrutiny.reports.projection_chart import children
from scrutiny.web import lever_form
from scrutiny.web.charts import projection_chart
from scrutiny.web.deps import User, render
from scrutiny.workflows import projection as proj
from scrutiny.workflows import register as reg

router = APIRouter()

MAX_YEARS = 5
"""Most years ahead the page projects [years]."""
DEFAULT_YEARS = 3


def _default_council(request: Request) -> str:
    """The first council of the register that the published figures know, else none."""
    for name in reg.councils(request.app.state.engine):
        found = proj.find_projection_council(name)
        if found is not None:
            return found
    return ""


def _whole(text: str) -> int | None:
    try:
        return int(text.strip())
    except ValueError:
        return None


@router.get("/projection")
def projection_page(
    request: Request,
    user: User,
    council: Annotated[str | None, Query(max_length=200)] = None,
    years: Annotated[str, Query(max_length=20)] = str(DEFAULT_YEARS),
    data_to: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    first, last = proj.data_to_range()
    chosen = _default_council(request) if council is None else council.strip()
    values = {"council": chosen, "years": years.strip(), "data_to": data_to.strip()}
    errors: dict[str, str] = {}
    name = proj.find_projection_council(chosen) if chosen else None
    if council is not None and not chosen:
        errors["council"] = "Choose a council"
    elif chosen and name is None:
        similar = proj.similar_councils(chosen)
        errors["council"] = f"There are no published figures for a council called “{chosen}”" + (
            f": did you mean {', '.join(similar)}?" if similar else ": choose one from the list"
        )
    ahead = _whole(values["years"])
    if ahead is None or not 1 <= ahead <= MAX_YEARS:
        errors["years"] = f"Years ahead must be a whole number from 1 to {MAX_YEARS}"
    cut = _whole(values["data_to"]) if values["data_to"] else None
    if values["data_to"] and (cut is None or not first <= cut <= last):
        errors["data_to"] = (
            f"Figures up to must be a year from {first} to {last}, or left empty for the latest"
        )
    # the levers start with the projection: the 1 April after the figures it runs from
    start = date((cut if cut is not None and first <= cut <= last else last), 4, 1)
    placements = proj.step_down_placements()
    form = lever_form.read_form(request.query_params, start, placements)
    errors.update(form.errors)
    result: dict[str, Any] | None = None
    if not errors and name is not None and ahead is not None:
        try:
            result = _view(
                proj.run_projection(
                    name, data_to=cut, years=ahead, levers=form.levers, inflation=form.inflation
                )
            )
        except UsageError as exc:
            message = exc.one_line()
            if cut is not None and message.startswith("no published"):
                message += f" up to 31 March {cut}"
            field = "prevention_share" if isinstance(exc, proj.PreventionNotCosted) else "council"
            errors[field] = message[:1].upper() + message[1:]
    councils = proj.projection_councils()
    options = [("", "Choose a council")] + [(c, c) for c in councils]
    if name is not None:
        values["council"] = name
    if values["council"] and values["council"] not in councils:
        # an earlier council reached by its code, or what was typed: the form gives it back
        options.append((values["council"], values["council"]))
    return render(
        request,
        "projection.html",
        {
            "user": user,
            "title": "Children looked after projection"
            + (f" for {result['council']}" if result else ""),
            "values": values,
            "errors": errors,
            "options": options,
            "first_year": first,
            "last_year": last,
            "max_years": MAX_YEARS,
            "result": result,
            "levers": {
                "groups": lever_form.GROUPS,
                "inflation": lever_form.INFLATION,
                "values": form.values,
                "open": form.used or any(f in errors for f in form.values),
                "hints": {f.name: lever_form.hint(f, start) for f in lever_form.FIELDS},
                "placements": lever_form.placement_options(placements),
            },
        },
        status_code=422 if errors else 200,
    )


def _range(low: float, high: float) -> str:
    return f"{children(low)} to {children(high)}"


def _money_rows(by_year: dict[str, dict[str, float]]) -> list[dict[str, Any]]:
    """Each financial year's median and 80% range of an amount, rounded as officers write it."""
    return [
        {
            "year": fy,
            "median": format_gbp_rounded(band["p50"]),
            "range": f"{format_gbp_rounded(band['p10'])} to {format_gbp_rounded(band['p90'])}",
        }
        for fy, band in by_year.items()
    ]


def _view(result: proj.CouncilProjection) -> dict[str, Any]:
    """What the page shows, in words and rounded figures."""
    data = result.to_json()
    history = [
        (y, n) for y, n in zip(result.history.years, result.history.looked_after, strict=True)
    ]
    fans = [
        (
            int(y),
            (
                f["total"]["p2_5"],
                f["total"]["p10"],
                f["total"]["p50"],
                f["total"]["p90"],
                f["total"]["p97_5"],
            ),
        )
        for y, f in data["forecasts"].items()
    ]
    totals = [
        {
            "year": y,
            "median": children(f[2]),
            "range80": _range(f[1], f[3]),
            "range95": _range(f[0], f[4]),
            "bounds": [children(v) for v in f],
        }
        for y, f in fans
    ]
    labels = data["placement_labels"]
    placements = [
        {
            "label": labels[c],
            "cells": [
                {
                    "median": children(data["forecasts"][str(y)]["by_placement"][c]["p50"]),
                    "range": _range(
                        data["forecasts"][str(y)]["by_placement"][c]["p10"],
                        data["forecasts"][str(y)]["by_placement"][c]["p90"],
                    ),
                }
                for y, _ in fans
            ],
        }
        for c in labels
        if all(c in data["forecasts"][str(y)]["by_placement"] for y, _ in fans)
    ]
    costs = _money_rows(data["cost"]["by_financial_year"])
    basis = result.cost
    last_year, last = history[-1]
    scenario = data.get("scenario")
    with_levers = (
        []
        if scenario is None
        else [
            {
                "year": int(y),
                "median": children(f["total"]["p50"]),
                "range": _range(f["total"]["p10"], f["total"]["p90"]),
                "p50": f["total"]["p50"],
            }
            for y, f in scenario["forecasts"].items()
        ]
    )
    return {
        "council": result.area.name,
        "last_year": last_year,
        "last": children(last),
        "first_year": history[0][0],
        "history": [{"year": y, "count": children(n)} for y, n in history],
        "horizon": totals[-1],
        "totals": totals,
        "years": [y for y, _ in fans],
        "placements": placements,
        "costs": costs,
        "cost_basis": None
        if basis is None
        else {
            "per_child": format_gbp_rounded(basis.per_child),
            "year": basis.year,
            "note": basis.note,
        },
        "chart": projection_chart(history, fans, [row["p50"] for row in with_levers]),
        "inflation": percent(result.inflation, "committee") if result.inflation else None,
        "levers": None
        if scenario is None
        else {
            "totals": with_levers,
            "avoided": _money_rows(scenario["avoided_cost_by_financial_year"]),
            "note": scenario["basis"]["note"],
        },
        "sources": proj.published_sources(result),
    }
