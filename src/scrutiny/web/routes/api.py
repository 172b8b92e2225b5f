"""The JSON API under /api/v1 (OpenAPI at /api/v1/openapi.json). Same session and roles as the
pages; writes carry the session's CSRF token in the X-CSRF-Token header."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException, Query, Request, Response, UploadFile

from scrutiny.domain.limits import MAX_COUNCIL
from scrutiny.domain.vocab import Status, Verdict
from scrutiny.web.deps import CAN_EDIT, Id, User, csrf_token, require
from scrutiny.web.monitoring_schemas import ReturnCreate, ReturnRead
from scrutiny.web.schemas import (
    ConclusionRead,
    MemberVerdictRead,
    ProposalCreate,
    ProposalRead,
    ProposalSummary,
    ProposalUpdate,
    SessionRead,
    Sort,
    errors,
)
from scrutiny.workflows import documents, proposals, scenario
from scrutiny.workflows import register as reg

router = APIRouter(prefix="/api/v1", tags=["api"], responses=errors(400, 401, 403, 422))


def _etag(version: int) -> str:
    return f'"{version}"'


def _read(request: Request, proposal_id: int, response: Response) -> ProposalRead:
    page = proposals.proposal_page(request.app.state.engine, proposal_id)
    response.headers["ETag"] = _etag(page.version)
    return ProposalRead(
        id=page.id,
        council=page.council,
        file_version_id=page.file_version_id,
        current=page.current,
        version=page.version,
        proposal=page.proposal,
        analysis=page.analysis,
        verdicts={q.value: r.verdict.value for q, r in page.challenge.questions.items()}
        if page.challenge
        else {},
        member_verdicts={
            q.value: MemberVerdictRead(verdict=o.verdict.value, reason=o.reason, by=o.by, at=o.at)
            for q, o in page.overrides.items()
        },
        conclusions=[
            ConclusionRead(text=c.note or "", by=c.actor, at=c.at) for c in page.conclusions
        ],
    )


@router.get("/session")
def session(request: Request, user: User) -> SessionRead:
    """Who is signed in, and the CSRF token writes must send."""
    return SessionRead(email=user.email, role=user.role.value, csrf_token=csrf_token(request))


@router.get("/openapi.json", include_in_schema=False)
def openapi(request: Request, user: User) -> dict[str, Any]:
    schema: dict[str, Any] = request.app.openapi()
    return schema


@router.get("/proposals")
def list_proposals(
    request: Request,
    user: User,
    council: Annotated[str | None, Query(max_length=MAX_COUNCIL)] = None,
    status: Status | None = None,
    verdict: Verdict | None = None,
    sort: Sort = "ref",
) -> list[ProposalSummary]:
    """Proposals of each council's latest file, filtered and sorted like the register page."""
    rows = reg.register(
        request.app.state.engine,
        council=council,
        status=status.value if status else None,
        verdict=verdict.value if verdict else None,
        sort=sort,
    )
    fields = ProposalSummary.model_fields
    return [
        ProposalSummary(**{k: v for k, v in row.__dict__.items() if k in fields}) for row in rows
    ]


@router.get("/proposals/{proposal_id}", responses=errors(404), response_model_exclude_none=True)
def read_proposal(
    request: Request, response: Response, user: User, proposal_id: Id
) -> ProposalRead:
    """One proposal with its version (also sent as the ETag)."""
    return _read(request, proposal_id, response)


@router.post("/proposals", status_code=201, responses=errors(404), response_model_exclude_none=True)
def create_proposal(
    request: Request,
    response: Response,
    body: ProposalCreate,
    user=require(CAN_EDIT, "add proposals"),
) -> ProposalRead:
    """Add a proposal to a council's register (as the council's next file version)."""
    proposal = body.proposal
    engine = request.app.state.engine
    new_id = reg.add_proposal(engine, body.council, proposal, actor=user.email)
    scenario.refresh(
        engine, proposals.proposal_page(engine, new_id).file_version_id, actor=user.email
    )
    response.headers["Location"] = f"/api/v1/proposals/{new_id}"
    return _read(request, new_id, response)


@router.put(
    "/proposals/{proposal_id}",
    responses=errors(400, 404, 409, 428),
    response_model_exclude_none=True,
)
def update_proposal(
    request: Request,
    response: Response,
    proposal_id: Id,
    body: ProposalUpdate,
    if_match: Annotated[
        str | None,
        Header(
            pattern=r'^\s*(W/)?"?[0-9]{1,9}"?\s*$',
            description="The ETag of the version the change was made from.",
        ),
    ] = None,
    user=require(CAN_EDIT, "change proposals"),
) -> ProposalRead:
    """Replace a proposal. Name the version it was made from (`version` or If-Match);
    409 when someone saved a newer one (nothing is changed)."""
    expected = body.version
    if if_match is not None:
        try:
            expected = int(if_match.strip().removeprefix("W/").strip('"'))
        except ValueError:
            raise HTTPException(400, "If-Match must be the ETag of the proposal") from None
    if expected is None:
        raise HTTPException(428, "name the version you changed: `version` or If-Match")
    proposal = body.proposal
    engine = request.app.state.engine
    proposals.update_proposal(
        engine, proposal_id, proposal, expected_version=expected, actor=user.email
    )
    scenario.refresh(
        engine, proposals.proposal_page(engine, proposal_id).file_version_id, actor=user.email
    )
    return _read(request, proposal_id, response)


@router.post("/files/{file_version_id}/simulate", responses=errors(404))
def simulate(
    request: Request, file_version_id: Id, user=require(CAN_EDIT, "run simulations")
) -> dict[str, Any]:
    """Simulate (10,000 iterations, seed 0) and challenge the file version; both runs are
    stored. Returns the simulation summary (contracts.md §4)."""
    summary, _report = scenario.simulate_and_challenge(
        request.app.state.engine, file_version_id, actor=user.email
    )
    return summary.to_json()


@router.post("/files/{file_version_id}/challenge", responses=errors(404))
def challenge(
    request: Request, file_version_id: Id, user=require(CAN_EDIT, "run the challenge")
) -> dict[str, Any]:
    """Simulate and challenge the file version; returns the challenge (contracts.md §5)."""
    _summary, report = scenario.simulate_and_challenge(
        request.app.state.engine, file_version_id, actor=user.email
    )
    return report.to_json()


@router.post("/extract", responses=errors(400))
def extract(
    request: Request, file: UploadFile, user=require(CAN_EDIT, "extract documents")
) -> dict[str, Any]:
    """The facts in an uploaded document (contracts.md §6); the document is not kept."""
    settings = request.app.state.settings
    suffix = documents.safe_suffix(file.filename or "")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        documents.copy_limited(file.file, path, settings.max_document_bytes)
        return documents.extract_only(path, settings, file.filename or path.name)


@router.post("/monitoring/returns", status_code=201, responses=errors(404))
def post_return(
    request: Request, body: ReturnCreate, user=require(CAN_EDIT, "enter monitoring returns")
) -> ReturnRead:
    """Record one proposal's monitoring return: a new version of the period's returns (the
    others carried over), audited. An unknown proposal, a period before one already returned or
    outside the plan is refused (422) and nothing is written."""
    from scrutiny.workflows.monitoring import record_return

    values = body.model_dump(exclude={"council", "period"})
    stored = record_return(
        body.council, values, period=body.period, actor=user.email, engine=request.app.state.engine
    )
    r = stored.for_ref(body.ref)
    assert r is not None
    data = r.to_data() | {"council": stored.council, "version": stored.number}
    return ReturnRead(**data)
