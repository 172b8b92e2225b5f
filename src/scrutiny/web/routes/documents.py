"""Documents: upload, review the figures found a page at a time (each highlighted in its
sentence), and accept a figure into a proposal with its evidence (confirming first when the paper
names another council)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from scrutiny.errors import UsageError
from scrutiny.web.deps import CAN_EDIT, User, flash, render, require
from scrutiny.workflows import documents, scenario
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
def review(request: Request, user: User, document_id: int, page: int = 1) -> Response:
    """One page of the document's amounts (GOV.UK pagination); 404 past the last page."""
    engine = request.app.state.engine
    doc = documents.review(engine, document_id, page)
    proposals = reg.register(engine) if user.can_edit else []
    return render(
        request,
        "document.html",
        {
            "user": user,
            "title": "Review extracted figures"
            + (f" (page {doc.page} of {doc.page_count})" if doc.page_count > 1 else ""),
            "doc": doc,
            "proposals": proposals,
            "proposal_groups": documents.group_by_council(proposals, doc.council),
        },
    )


@router.post("/documents/{document_id}/figures/{figure_id}/accept")
def accept(
    request: Request,
    document_id: int,
    figure_id: int,
    proposal: Annotated[str, Form()] = "",
    year: Annotated[str, Form()] = "",
    confirm_council: Annotated[str, Form()] = "",
    user=require(CAN_EDIT, "accept figures into proposals"),
) -> Response:
    if not proposal.isdigit():
        raise UsageError("choose the proposal the figure belongs to")
    engine = request.app.state.engine
    proposal_id = int(proposal)
    current = reg.proposal_page(engine, proposal_id)
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
    except ValueError as exc:  # a financial year that is not one
        raise UsageError(str(exc)) from None
    ran = scenario.refresh(engine, current.file_version_id, actor=user.email)
    flash(
        request,
        f"Figure added to {current.proposal.ref} as evidence (version {version})"
        + (", simulated and challenged again" if ran else "; the analysis is out of date"),
    )
    return RedirectResponse(f"/proposals/{proposal_id}", status_code=303)
