"""The review page of a paper whose savings tables were read shows each table's draft proposals,
row by row, beside the cells the paper printed, so a person can check them against the paper."""

from __future__ import annotations

import io
import re
from types import SimpleNamespace

from fastapi.testclient import TestClient
from webtools import csrf_from, savings_appendix

from scrutiny.workflows.documents import drafts_by_table

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _upload(client: TestClient, body: bytes, name: str, media: str) -> int:
    token = csrf_from(client.get("/documents").text)
    response = client.post(
        "/documents", files={"file": (name, io.BytesIO(body), media)}, data={"csrf_token": token}
    )
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def _sections(html: str) -> dict[str, str]:
    """Each table's heading and the HTML under it, up to the next heading."""
    parts = re.split(r'<h3 class="govuk-heading-m" id="table-[^"]+">([^<]+)</h3>', html)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def test_the_drafts_of_each_table_are_shown_under_their_table(officer: TestClient) -> None:
    doc = _upload(officer, savings_appendix(), "appendix.docx", DOCX)
    html = officer.get(f"/documents/{doc}").text
    assert "Proposals drafted from the paper" in html
    sections = _sections(html)
    assert list(sections) == ["Table 1", "Table 2"]
    first, second = sections["Table 1"], sections["Table 2"]
    assert "CS01" in first and "CS02" in first and "CS07" not in first
    assert "CS07" in second and "CS01" not in second
    # yearly savings in pounds from £000 in brackets, the total, the unit as printed
    row = first[first.index("CS01") : first.index("CS02")]
    assert "£250,000" in row and "£100,000" in row and "£350,000" in row
    assert "£000" in row
    assert "Fewer agency social workers · (250) · (100) · (350)" in row  # the printed cells
    assert "<th" in first and "2026/27" in first and "2027/28" in first
    # the total row is not a draft, and the tables sit in the scrolling region
    assert first.count("govuk-table__row") == 1 + 2
    assert html.count('class="app-table-scroll"') == 2
    # no field names or raw values of the stored drafts reach the page
    shown = html.split('id="drafts"')[1]
    for name in ("table_source", "review_status", "cells", "None", "{'", "['"):
        assert name not in shown, name


def test_a_paper_without_tables_has_no_drafts_section(officer: TestClient) -> None:
    body = "The saving is £1,000 in 2024/25 from fewer agency staff.\n".encode()
    doc = _upload(officer, body, "paper.txt", "text/plain")
    html = officer.get(f"/documents/{doc}").text
    assert "Proposals drafted" not in html and 'id="drafts"' not in html
    assert "Amounts found" not in html


def test_drafts_are_grouped_by_table_in_row_order_with_the_text_last() -> None:
    def stored(ref: str, table: int | None, row: int | None, page: int | None = None) -> object:
        source = {"page": page, "table": table, "row": row, "cells": [ref, "(5)"]}
        return SimpleNamespace(
            ref=ref,
            title=f"Proposal {ref}",
            page=page,
            savings={"2026/27": 5000.0},
            data={"total": 5000.0, "unit": "£000", "table_source": source},
        )

    groups = drafts_by_table(
        [stored("T", None, None), stored("B", 2, 3, 7), stored("A", 2, 1, 7), stored("C", 1, 4)]
    )
    assert [(g.table, g.page) for g in groups] == [(1, None), (2, 7), (None, None)]
    assert [[d.ref for d in g.drafts] for g in groups] == [["C"], ["A", "B"], ["T"]]
    assert groups[1].years == ["2026/27"] and groups[1].drafts[0].cells == ["A", "(5)"]
