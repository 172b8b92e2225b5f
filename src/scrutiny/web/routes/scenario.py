"""Officers' scenarios: change a model input, re-simulate, compare, save as a new version."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from scrutiny.domain.proposal import Proposal
from scrutiny.errors import InvalidInput, StaleVersion
from scrutiny.reports.wording import PARAMETER_WORDS, unit_words
from scrutiny.web.deps import CAN_EDIT, CurrentUser, Id, flash, render, require, saved_redirect
from scrutiny.web.inputs import input_rows
from scrutiny.workflows import proposals, scenario

router = APIRouter()
PREFIX = "in:"


def input_fields(p: Proposal) -> list[dict[str, Any]]:
    """One form field per number the officer may change: a fixed input, or one parameter of a
    distribution (`name.param`)."""
    fields: list[dict[str, Any]] = []
    rows = {r.name: r for r in input_rows(p)}
    if p.model is None:
        return fields
    for name, value in p.model.inputs.items():
        unit = unit_words(rows[name].unit)
        label = rows[name].label
        if isinstance(value, int | float):
            fields.append({"key": name, "label": label, "value": value, "unit": unit})
            continue
        data = value.model_dump(exclude_none=True)
        data.pop("dist")
        for param, v in data.items():
            if isinstance(v, int | float):
                fields.append(
                    {
                        "key": f"{name}.{param}",
                        "label": f"{label}: {PARAMETER_WORDS.get(param, param)}",
                        "value": v,
                        "unit": unit,
                    }
                )
    return fields


def _page(
    request: Request,
    user: CurrentUser,
    proposal_id: int,
    *,
    status_code: int = 200,
    submitted: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    page = proposals.proposal_page(request.app.state.engine, proposal_id)
    fields = input_fields(page.proposal)
    submitted = submitted or {}
    for f in fields:
        f["html_id"] = "in-" + f["key"].replace(".", "-")
        if f["key"] in submitted:
            f["value"] = submitted[f["key"]]
    return render(
        request,
        "scenario.html",
        {
            "user": user,
            "title": f"Scenario for {page.proposal.ref}",
            "page": page,
            "fields": fields,
            "version": extra.pop("version", page.version),
            **extra,
        },
        status_code=status_code,
    )


def field_errors(exc: InvalidInput, submitted: dict[str, str]) -> dict[str, str]:
    """Each problem beside the form field it is about (by html id), else under "scenario"."""
    errors: dict[str, str] = {}
    for problem in exc.problems:
        where = problem.path.rpartition("inputs.")[2]
        key = next(
            (k for k in submitted if k == where or k.partition(".")[0] == where),
            None,
        )
        target = "in-" + key.replace(".", "-") if key else "scenario"
        text = f"{where} {problem.message}" if key else problem.render(exc.source)
        errors[target] = f"{errors[target]}; {text}" if target in errors else text
    return errors


@router.get("/proposals/{proposal_id}/scenario")
def scenario_form(
    request: Request, proposal_id: Id, user=require(CAN_EDIT, "try scenarios")
) -> Response:
    return _page(request, user, proposal_id)


@router.post("/proposals/{proposal_id}/scenario")
async def scenario_submit(
    request: Request, proposal_id: Id, user=require(CAN_EDIT, "try scenarios")
) -> Response:
    form = await request.form()
    action = str(form.get("action", "compare"))
    version_text = str(form.get("version", ""))
    submitted = {k[len(PREFIX) :]: str(v) for k, v in form.items() if k.startswith(PREFIX)}
    engine = request.app.state.engine
    errors: dict[str, str] = {}
    values: dict[str, float] = {}
    for key, text in submitted.items():
        try:
            values[key] = float(text.replace(",", "").strip())
        except ValueError:
            errors["in-" + key.replace(".", "-")] = f"Enter a number for {key}"
    if not version_text.isdigit():
        errors["version"] = "The form is missing the version it was made from; reload the page"
    if errors:
        return _page(
            request, user, proposal_id, errors=errors, submitted=submitted, status_code=422
        )
    stored = proposals.proposal_page(engine, proposal_id).proposal
    try:
        changed = scenario.change_inputs(stored, values, f"proposal {stored.ref}")
        if action == "save":
            new_version, ran = scenario.save(
                engine, proposal_id, changed, expected_version=int(version_text), actor=user.email
            )
            flash(
                request,
                f"Saved as version {new_version}, simulated and challenged again"
                if ran
                else f"Saved as version {new_version}; the analysis is out of date until it is run",
            )
            return saved_redirect(request, f"/proposals/{proposal_id}")
        comparison = scenario.compare(engine, proposal_id, changed)
    except InvalidInput as exc:
        return _page(
            request,
            user,
            proposal_id,
            errors=field_errors(exc, submitted),
            submitted=submitted,
            status_code=422,
        )
    except StaleVersion as exc:
        return _page(
            request,
            user,
            proposal_id,
            errors={"scenario": exc.one_line()},
            submitted=submitted,
            status_code=409,
        )
    return _page(
        request,
        user,
        proposal_id,
        comparison=comparison,
        submitted=submitted,
        version=int(version_text),
    )


@router.post("/files/{file_version_id}/run")
async def run_file(
    request: Request, file_version_id: Id, user=require(CAN_EDIT, "run simulations")
) -> Response:
    """Simulate and challenge the version again, then back to the page the button was on."""
    back = str((await request.form()).get("back", "/"))
    if not back.startswith("/") or back.startswith("//") or "\\" in back:
        back = "/"
    await run_in_threadpool(
        scenario.simulate_and_challenge,
        request.app.state.engine,
        file_version_id,
        actor=user.email,
    )
    flash(request, "Simulated and challenged")
    return RedirectResponse(back, status_code=303)
