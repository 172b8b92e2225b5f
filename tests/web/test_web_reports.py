"""Report downloads: every format the build offers, for each council."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from webtools import Site

from scrutiny.workflows import downloads

MAGIC = {"pdf": b"%PDF", "docx": b"PK", "xlsx": b"PK", "html": b"<!"}


def test_reports_page_offers_each_format_and_every_download_is_that_format(
    site: Site, viewer: TestClient
) -> None:
    page = viewer.get("/reports").text
    links = re.findall(r'href="(/reports/\d+/(\w+))"', page)
    assert {fmt for _, fmt in links} == set(downloads.formats())
    assert len(links) == 2 * len(downloads.formats())  # two councils
    for href, fmt in links:
        response = viewer.get(href)
        assert response.status_code == 200, (href, response.text[:200])
        assert response.content.lstrip()[: len(MAGIC[fmt])].upper() == MAGIC[fmt].upper(), href
        assert response.headers["content-type"].startswith(downloads.MEDIA_TYPES[fmt].split(";")[0])
        assert "attachment" in response.headers["content-disposition"]


def test_an_unknown_format_is_refused(site: Site, viewer: TestClient) -> None:
    href = re.search(r'href="(/reports/\d+)/', viewer.get("/reports").text)
    assert href
    response = viewer.get(f"{href.group(1)}/exe")
    assert response.status_code == 422
    assert "unknown report format" in response.text


def test_an_unknown_file_version_is_404(viewer: TestClient) -> None:
    assert viewer.get(f"/reports/999999/{downloads.formats()[-1]}").status_code == 404


def test_html_in_proposal_text_is_escaped_in_the_html_report(
    site: Site, officer: TestClient
) -> None:
    """Checked for every text format this build writes (the HTML report when it has one)."""
    headers = {"X-CSRF-Token": officer.get("/api/v1/session").json()["csrf_token"]}
    rows = officer.get("/api/v1/proposals?council=Croydon").json()
    read = officer.get(f"/api/v1/proposals/{rows[0]['id']}").json()
    script = '<script>alert("report")</script>'
    changed = {**read["proposal"], "title": f"Cut {script}"}
    assert (
        officer.put(
            f"/api/v1/proposals/{rows[0]['id']}",
            json={"proposal": changed, "version": read["version"]},
            headers=headers,
        ).status_code
        == 200
    )
    officer.post(f"/api/v1/files/{read['file_version_id']}/simulate", headers=headers)
    for fmt in downloads.formats():
        body = officer.get(f"/reports/{read['file_version_id']}/{fmt}").content
        assert script.encode() not in body, fmt


def test_the_downloaded_tracker_carries_the_monitoring_return_to_fill_in(
    site: Site, viewer: TestClient
) -> None:
    """The workbook a finance officer downloads is the one `scrutiny monitor import` reads."""
    import io

    from openpyxl import load_workbook

    from scrutiny.reports.monitoring_sheet import PERIOD_CELL, SHEET

    page = viewer.get("/reports").text
    found = {}
    for href, name in re.findall(
        r'href="(/reports/\d+/xlsx)"[^>]*>.*?Download (\w+) report', page, re.S
    ):
        found[name] = load_workbook(io.BytesIO(viewer.get(href).content))
    # no returns yet: the first quarter of the first year with savings
    assert str(found["Thurrock"][SHEET][PERIOD_CELL].value) == "2022/23 Q1"
    # Croydon's plan has no saving left in it (its one quantified saving was removed)
    assert SHEET not in found["Croydon"].sheetnames
