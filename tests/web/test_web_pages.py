"""Pages as a signed-in user sees them, read from the imported seed examples."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from webtools import Site, csrf_from

from scrutiny.web.format import percent


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
            r'numeric">£([\d,]+)</td>\s*<td class="govuk-table__cell" data-delivery>',
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


def test_proposal_inputs_read_in_words_with_their_units(officer: TestClient) -> None:
    """Thurrock's restructure: 15.4 FTE at £64,935.07 each, on time or 1 to 6 months late."""
    html = officer.get("/proposals?council=Thurrock").text
    pid = next(
        int(m.group(1))
        for m in re.finditer(r'href="/proposals/(\d+)"', html)
        if 'data-input="fte_deleted"' in officer.get(f"/proposals/{m.group(1)}").text
    )
    page = officer.get(f"/proposals/{pid}").text
    cells = dict(
        re.findall(
            r'<th scope="row" class="govuk-table__header">([^<]+)</th>\s*'
            r'<td class="govuk-table__cell" data-input="\w+">([^<]+)</td>',
            page,
        )
    )
    assert cells["Posts deleted (FTE)"] == "15.4 FTE"
    assert cells["Annual cost of each post deleted, with on-costs"] == "£64,935 a year"
    assert (
        cells["Months until the new structure is in place"]
        == "on time with probability 70%, otherwise 1 to 6 months, most likely 3"
    )
    visible = re.sub(r"<[^>]+>", " ", page)
    assert "fte_deleted" not in visible and "pert(" not in visible


def test_scenario_fields_are_labelled_in_words(officer: TestClient) -> None:
    html = officer.get("/proposals?council=Croydon").text
    pid = int(re.findall(r'href="/proposals/(\d+)"', html)[0])
    page = officer.get(f"/proposals/{pid}/scenario").text
    labels = re.findall(r'<label class="govuk-label" for="in-[^"]+">([^<]+)</label>', page)
    assert labels and all("_" not in text for text in labels)


def test_evidence_reads_as_the_quote_and_the_papers_own_name(officer: TestClient) -> None:
    """No field paths, rule codes or stored file names: the quote, the paper's title and where
    in it; a proposal's own fields by their names."""
    html = officer.get("/proposals?council=Thurrock").text
    pages = [
        officer.get(f"/proposals/{pid}").text for pid in re.findall(r'/proposals/(\d+)"', html)
    ]
    evidence = [e for page in pages for e in re.findall(r"<li>Evidence: ([^<]+)</li>", page)]
    assert len(evidence) > 5
    paper = "Proposed Budget Reductions for Children&#39;s Social Care and Early Help"
    assert any(e.startswith("“") and paper in e and "para" in e for e in evidence)
    # Thurrock's papers score no risk: each is read in its words, said to be unscored.
    assert any(e.startswith("Risk: ") and "not scored in the papers" in e for e in evidence)
    assert not any("likelihood" in e for e in evidence)
    for page in pages:
        visible = re.sub(r"<[^>]+>", " ", page)
        assert "proposals[" not in visible
        assert "004_5c1a62b0452b6908.txt" not in visible
        assert not re.search(r"\b[A-Z]\d{1,2}\b \(", visible)  # no rule code before a severity


def test_history_shows_each_change_before_and_after_in_words(
    site: Site, officer: TestClient, member: TestClient
) -> None:
    from scrutiny.domain.distributions import Pert
    from scrutiny.workflows import proposals
    from scrutiny.workflows import register as reg

    row = next(r for r in reg.register(site.engine) if r.ref == "2024-28 SAV CYPE 001")
    page = proposals.proposal_page(site.engine, row.id)
    p = page.proposal
    assert p.model is not None
    changed = p.model_copy(
        update={
            "model": p.model.model_copy(
                update={
                    "inputs": {
                        **p.model.inputs,
                        "vacancy_rate": Pert(dist="pert", min=0.85, mode=0.9, max=0.95),
                    }
                }
            ),
            "savings": {"2024/25": 900_000.0},
        }
    )
    proposals.update_proposal(
        site.engine, row.id, changed, expected_version=page.version, actor="officer@council.gov.uk"
    )
    token = csrf_from(member.get(f"/proposals/{row.id}").text)
    member.post(
        f"/proposals/{row.id}/overrides",
        data={
            "question": "impact",
            "verdict": "not_assured",
            "reason": "No EqIA.",
            "csrf_token": token,
        },
    )
    history = officer.get(f"/proposals/{row.id}/history").text
    lines = [
        re.sub(r"<[^>]+>", "", li)
        for li in re.findall(r'<li class="app-change">(.*?)</li>', history)
    ]
    assert (
        "Share of the establishment vacant: was 18% to 34%, most likely 30%; now 85% to 95%, most likely 90%"
        in lines
    )
    assert "Savings by year: was £1.1m in 2024/25; now £0.9m in 2024/25" in lines
    assert "Verdict: was not given; now Not assured" in lines
    assert "Reason: was not given; now No EqIA." in lines
    assert ">Changed<" in history and "Is the impact on service users" in history
    assert "vacancy_rate" not in re.sub(r"<[^>]+>", " ", history)


def test_register_rates_each_year_and_a_proposal_without_a_target_is_never_100_percent(
    site: Site, officer: TestClient
) -> None:
    from scrutiny.workflows import register as reg

    html = officer.get("/proposals").text
    rows = {
        ref: cell
        for ref, cell in re.findall(
            r">([^<]+)</a><br>.*?<td class=\"govuk-table__cell\" data-delivery>(.*?)</td>",
            html,
            re.S,
        )
    }
    for r in reg.register(site.engine):
        cell = rows[r.ref]
        if r.total == 0:
            assert re.sub(r"<[^>]+>", "", cell).strip() == "No target", r.ref
            assert "%" not in cell
            continue
        rated = dict(re.findall(r"<li class=\"app-rag\">([\d/]+): (.*?)</li>", cell, re.S))
        assert list(rated) == list(r.years), r.ref  # one line per year with a target
        for year, text in rated.items():
            stats = r.years[year]
            assert f'data-rag="{stats.rag}"' in text
            assert f"{percent(stats.expected_share)} expected" in text
    assert any(r.total == 0 for r in reg.register(site.engine))  # the seeds have such a proposal
    api = officer.get("/api/v1/proposals").json()
    rated = next(p for p in api if p["years"])
    year = next(iter(rated["years"].values()))
    assert year["rag"] in ("green", "amber", "red") and isinstance(year["expected_share"], float)


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
