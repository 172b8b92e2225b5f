"""Documents: upload, review the figures found (each highlighted in its sentence), and accept a
figure into a proposal with its evidence."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from scrutiny.errors import UsageError
from scrutiny.web.deps import CAN_EDIT, Id, User, flash, render, require
from scrutiny.workflows import documents
from scrutiny.workflows import register as reg

router = APIRouter()


@router.get("/documents")
def documents_page(request: Request, user: User) -> Response:
    return render(
        request,
        "documents.html",
        {
            "user": user,
            "title": "Documents",
            "documents": documents.list_documents(request.app.state.engine),
        },
    )


@router.post("/documents")
def upload(
    request: Request, file: UploadFile, user=require(CAN_EDIT, "upload documents")
) -> Response:
    if not file.filename:
        raise UsageError("choose a document to upload")
    document_id = documents.store_upload(
        request.app.state.engine,
        request.app.state.settings,
        file.file,
        file.filename,
        actor=user.email,
    )
    flash(request, "Document uploaded and read")
    return RedirectResponse(f"/documents/{document_id}", status_code=303)


@router.get("/documents/{document_id}")
def review(request: Request, user: User, document_id: Id) -> Response:
    engine = request.app.state.engine
    return render(
        request,
        "document.html",
        {
            "user": user,
            "title": "Review extracted figures",
            "doc": documents.review(engine, document_id),
            "proposals": reg.register(engine) if user.can_edit else [],
        },
    )


@router.post("/documents/{document_id}/figures/{figure_id}/accept")
def accept(
    request: Request,
    document_id: Id,
    figure_id: Id,
    proposal: Annotated[str, Form()] = "",
    year: Annotated[str, Form()] = "",
    user=require(CAN_EDIT, "accept figures into proposals"),
) -> Response:
    if not proposal.isdigit():
        raise UsageError("choose the proposal the figure belongs to")
    engine = request.app.state.engine
    proposal_id = int(proposal)
    current = reg.proposal_page(engine, proposal_id)
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
    except ValueError as exc:  # a financial year that is not one
        raise UsageError(str(exc)) from None
    flash(request, f"Figure added to {current.proposal.ref} as evidence (version {version})")
    return RedirectResponse(f"/proposals/{proposal_id}", status_code=303)
