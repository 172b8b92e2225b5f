"""Report downloads: HTML, PDF, Word and the Excel savings tracker for each council."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask

from scrutiny.web.deps import Id, User, render
from scrutiny.workflows import downloads
from scrutiny.workflows import register as reg

router = APIRouter()

LABELS = {"html": "Web page (HTML)", "pdf": "PDF", "docx": "Word", "xlsx": "Excel savings tracker"}


@router.get("/reports")
def reports_page(request: Request, user: User) -> Response:
    councils = reg.overview(request.app.state.engine)
    return render(
        request,
        "reports.html",
        {
            "user": user,
            "title": "Reports",
            "councils": councils,
            "formats": [(f, LABELS[f]) for f in downloads.formats()],
        },
    )


@router.get("/reports/{file_version_id}/{fmt}")
def download(request: Request, user: User, file_version_id: Id, fmt: str) -> Response:
    folder = Path(tempfile.mkdtemp(prefix="scrutiny-report-"))
    try:
        path = downloads.write(request.app.state.engine, file_version_id, fmt, folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(
        path,
        media_type=downloads.MEDIA_TYPES[fmt],
        filename=path.name,
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )
