"""Pages as a signed-in user sees them, read from the imported seed examples."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from webtools import Site, csrf_from


def _first_proposal(client: TestClient, council: str = "Thurrock") -> int:
    html = client.get(f"/proposals?council={council}").text
    match = re.search(r'href="/proposals/(\d+)"', html)
    assert match
    return int(match.group(1))


def test_dashboard_shows_each_council_gap_and_savings(officer: TestClient) -> None:
    page = officer.get("/")
    assert page.status_code == 200
    assert "Thurrock" in page.text and "Croydon" in page.text
    assert "Funding gap" in page.text
    assert "£20,000,000" in page.text  # Thurrock's 2022/23 gap as the example file states it


def test_register_filters_by_council_and_sorts(officer: TestClient) -> None:
    all_rows = officer.get("/proposals").text
    thurrock = officer.get("/proposals?council=Thurrock").text
    assert "Croydon" in all_rows
    assert '<td class="govuk-table__cell">Croydon</td>' in all_rows
    assert '<td class="govuk-table__cell">Croydon</td>' not in thurrock
    assert '<td class="govuk-table__cell">Thurrock</td>' in thurrock
    by_total = officer.get("/proposals?council=Thurrock&sort=total").text
    totals = [
        int(x.replace(",", ""))
        for x in re.findall(
            r'numeric">£([\d,]+)</td>\s*<td class="govuk-table__cell govuk-table__cell--numeric">',
            by_total,
        )
    ]
    assert totals == sorted(totals, reverse=True) and len(totals) > 1


def test_register_refuses_unknown_sort(officer: TestClient) -> None:
    page = officer.get("/proposals?sort=colour")
    assert page.status_code == 422
    assert "sort must be one of" in page.text


def test_proposal_page_lists_savings_and_inputs_with_units(officer: TestClient) -> None:
    pid = _first_proposal(officer)
    page = officer.get(f"/proposals/{pid}")
    assert page.status_code == 200
    assert "Savings profile" in page.text
    assert "Model inputs" in page.text
    assert "Are the savings deliverable" in page.text


def test_unknown_proposal_is_404(officer: TestClient) -> None:
    assert officer.get("/proposals/999999").status_code == 404


def test_member_records_a_conclusion_and_it_is_audited(site: Site, member: TestClient) -> None:
    pid = _first_proposal(member)
    token = csrf_from(member.get(f"/proposals/{pid}").text)
    response = member.post(
        f"/proposals/{pid}/conclusions",
        data={"conclusion": "The committee is not assured on delivery.", "csrf_token": token},
    )
    assert response.status_code == 303
    page = member.get(f"/proposals/{pid}").text
    assert "The committee is not assured on delivery." in page
    history = member.get(f"/proposals/{pid}/history").text
    assert "Conclusion" in history and "member@council.gov.uk" in history


def test_member_overrides_a_verdict_with_a_reason(member: TestClient) -> None:
    pid = _first_proposal(member)
    token = csrf_from(member.get(f"/proposals/{pid}").text)
    response = member.post(
        f"/proposals/{pid}/overrides",
        data={
            "question": "impact",
            "verdict": "not_assured",
            "reason": "No equality impact assessment yet.",
            "csrf_token": token,
        },
    )
    assert response.status_code == 303
    page = member.get(f"/proposals/{pid}").text
    assert "No equality impact assessment yet." in page
    missing_reason = member.post(
        f"/proposals/{pid}/overrides",
        data={"question": "impact", "verdict": "assured", "reason": " ", "csrf_token": token},
    )
    assert missing_reason.status_code == 422


def _proposal_id(client: TestClient, council: str, ref: str) -> int:
    html = client.get(f"/proposals?council={council}").text
    match = re.search(rf'href="/proposals/(\d+)">{re.escape(ref)}<', html)
    assert match, ref
    return int(match.group(1))


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_dashboard_leads_with_expected_delivery_money_at_risk_and_rag(officer: TestClient) -> None:
    page = officer.get("/").text
    thurrock = page.split('<h2 class="govuk-heading-l">Thurrock</h2>')[1].split("</table>")[0]
    header = _text(thurrock.split("</thead>")[0])
    order = ["Expected delivery (share of target)", "At risk", "RAG", "Chance the plan delivers"]
    assert [header.index(h) for h in order] == sorted(header.index(h) for h in order)
    expected = re.findall(r'data-expected="2023/24">([^<]+)<', thurrock)
    assert expected and re.fullmatch(r"£\d+(\.\d+)?[mk] \(\d+%\)", expected[0]), expected
    assert re.search(r'data-at-risk="2023/24">£\d+(\.\d+)?[mk]<', thurrock)
    rag = re.findall(r'data-rag="(\w+)">(\w+)<', thurrock)
    assert rag and all(word == name.capitalize() for name, word in rag)  # words, not colour


def test_proposal_page_gives_expected_delivery_at_risk_and_rag_before_the_chance(
    officer: TestClient,
) -> None:
    page = officer.get(f"/proposals/{_proposal_id(officer, 'Thurrock', 'THR-CSC-02')}").text
    table = page.split("Cumulative saving: expected delivery")[1].split("</table>")[0]
    header = _text(table.split("<thead")[1].split("</thead>")[0])
    assert header.index("Expected delivery") < header.index("At risk") < header.index("RAG")
    assert header.index("RAG") < header.index("Chance of at least 95% of target")
    assert re.search(r'data-expected="2022/23">£\d+k<', table)
    assert re.search(r'data-rag="(green|amber)">(Green|Amber)<', table)  # not red: about 93%


def test_a_removed_proposal_page_has_no_verdicts_only_the_sum_to_find(
    officer: TestClient,
) -> None:
    page = officer.get(f"/proposals/{_proposal_id(officer, 'Croydon', '2024-28 SAV CYPE 001')}")
    assert page.status_code == 200
    text = _text(page.text)
    assert "Removed from the plan: £1,100,000 still to be found elsewhere" in text
    assert "unacceptable risk" in text  # the reason the papers give
    assert "The three questions" not in text and "Override a verdict" not in text
