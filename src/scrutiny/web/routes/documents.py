"""Documents: upload, review the figures found a page at a time (each highlighted in its
sentence), and accept a figure into a proposal with its evidence (confirming first when the paper
names another council)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from scrutiny.domain.limits import MAX_NAME
from scrutiny.errors import InvalidInput, ScrutinyError, UsageError
from scrutiny.web.deps import CAN_EDIT, MAX_ID, CurrentUser, Id, User, flash, render, require
from scrutiny.workflows import documents, proposals, scenario
from scrutiny.workflows import register as reg

router = APIRouter()


@router.get("/documents")
def documents_page(request: Request, user: User) -> Response:
    return _documents_page(request, user)


def _documents_page(
    request: Request, user: CurrentUser, errors: dict[str, str] | None = None
) -> Response:
    return render(
        request,
        "documents.html",
        {
            "user": user,
            "title": "Documents",
            "documents": documents.list_documents(request.app.state.engine),
            "errors": errors or {},
        },
        status_code=422 if errors else 200,
    )


@router.post("/documents")
def upload(
    request: Request, file: UploadFile, user=require(CAN_EDIT, "upload documents")
) -> Response:
    if not file.filename:
        return _documents_page(request, user, {"file": "Choose a document to upload"})
    try:
        document_id = documents.store_upload(
            request.app.state.engine,
            request.app.state.settings,
            file.file,
            file.filename,
            actor=user.email,
        )
    except ScrutinyError as exc:
        return _documents_page(request, user, {"file": exc.one_line()})
    flash(request, "Document uploaded and read")
    return RedirectResponse(f"/documents/{document_id}", status_code=303)


@router.get("/documents/{document_id}")
def review(request: Request, user: User, document_id: Id, page: int = 1) -> Response:
    """One page of the document's amounts (GOV.UK pagination); 404 past the last page."""
    return _review_page(request, user, document_id, page)


def _review_page(
    request: Request,
    user: CurrentUser,
    document_id: int,
    page: int = 1,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    """The review page; with `errors`, a figure's form refused (422) and shown again with the
    proposal and year that were chosen."""
    engine = request.app.state.engine
    doc = documents.review(engine, document_id, page)
    choices = reg.register(engine) if user.can_edit else []
    return render(
        request,
        "document.html",
        {
            "user": user,
            "title": "Review extracted figures"
            + (f" (page {doc.page} of {doc.page_count})" if doc.page_count > 1 else ""),
            "doc": doc,
            "proposals": choices,
            "proposal_groups": documents.group_by_council(choices, doc.council),
            "errors": errors or {},
            "values": values or {},
        },
        status_code=422 if errors else 200,
    )


@router.post("/documents/{document_id}/figures/{figure_id}/accept")
def accept(
    request: Request,
    document_id: Id,
    figure_id: Id,
    proposal: Annotated[str, Form()] = "",
    year: Annotated[str, Form()] = "",
    confirm_council: Annotated[str, Form()] = "",
    user=require(CAN_EDIT, "accept figures into proposals"),
) -> Response:
    values = {f"proposal-{figure_id}": proposal, f"year-{figure_id}": year[:MAX_NAME]}
    if not proposal.isdigit() or not 1 <= int(proposal) <= MAX_ID:
        errors = {f"proposal-{figure_id}": "Choose the proposal the figure belongs to"}
        return _review_page(request, user, document_id, errors=errors, values=values)
    engine = request.app.state.engine
    proposal_id = int(proposal)
    current = proposals.proposal_page(engine, proposal_id)
    source = documents.figure_source(engine, document_id, figure_id)
    if source.council and source.council != current.council and confirm_council != "yes":
        return render(
            request,
            "accept_confirm.html",
            {
                "user": user,
                "title": "This paper is about another council",
                "doc_id": document_id,
                "figure_id": figure_id,
                "filename": source.filename,
                "figure_text": source.text,
                "document_council": source.council,
                "proposal_council": current.council,
                "proposal_id": proposal_id,
                "ref": current.proposal.ref,
                "year": year.strip(),
            },
        )
    try:
        version = documents.accept_figure(
            engine,
            document_id,
            figure_id,
            proposal_id,
            year=year.strip() or None,
            expected_version=current.version,
            actor=user.email,
        )
    except (ValueError, InvalidInput, UsageError) as exc:  # a year that is not one, a bound
        message = exc.one_line() if isinstance(exc, ScrutinyError) else str(exc)
        errors = {f"year-{figure_id}": message}
        return _review_page(request, user, document_id, errors=errors, values=values)
    ran = scenario.refresh(engine, current.file_version_id, actor=user.email)
    flash(
        request,
        f"Figure added to {current.proposal.ref} as evidence (version {version})"
        + (", simulated and challenged again" if ran else "; the analysis is out of date"),
    )
    return RedirectResponse(f"/proposals/{proposal_id}", status_code=303)
