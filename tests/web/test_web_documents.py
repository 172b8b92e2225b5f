"""Documents at scale: the review page is paged, figures stored per document are capped with a
clear message, figures are stored in bulk, and accepting a figure pre-fills its year and asks
for confirmation when the paper names another council."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import event
from webtools import Site, csrf_from, settings_for

from scrutiny.domain.vocab import Role
from scrutiny.store.documents import FIGURE_BATCH
from scrutiny.store.unit_of_work import UnitOfWork
from scrutiny.web.app import create_app
from scrutiny.workflows import proposals
from scrutiny.workflows import register as reg
from scrutiny.workflows.documents import FIGURES_PER_PAGE, named_council

CARD = re.compile(r'id="figure-(\d+)"')


def _paper(amounts: int, council: str = "") -> bytes:
    lines = [f"{council} budget paper.\n"] if council else []
    lines += [
        f"Item {i}: the saving is £{1000 + i:,} in 2024/25 from fewer agency staff.\n"
        for i in range(amounts)
    ]
    return "".join(lines).encode()


def _upload(client: TestClient, body: bytes, name: str = "paper.txt") -> int:
    token = csrf_from(client.get("/documents").text)
    response = client.post(
        "/documents",
        files={"file": (name, io.BytesIO(body), "text/plain")},
        data={"csrf_token": token},
    )
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def test_the_review_page_shows_the_amounts_a_page_at_a_time(officer: TestClient) -> None:
    total = 2 * FIGURES_PER_PAGE + 20
    doc = _upload(officer, _paper(total))
    seen: list[str] = []
    for page, expected in ((1, FIGURES_PER_PAGE), (2, FIGURES_PER_PAGE), (3, 20)):
        html = officer.get(f"/documents/{doc}", params={"page": page}).text
        cards = CARD.findall(html)
        assert len(cards) == expected, page
        seen += cards
        assert 'class="govuk-pagination"' in html
        assert f'href="/documents/{doc}?page=3" aria-label="Page 3"' in html
        assert f'aria-label="Page {page}" aria-current="page"' in html
    assert len(set(seen)) == total  # every amount once, none twice
    first = officer.get(f"/documents/{doc}").text
    assert f"amounts 1 to {FIGURES_PER_PAGE} of {total}" in first
    assert f'href="/documents/{doc}?page=2" rel="next"' in first and 'rel="prev"' not in first
    last = officer.get(f"/documents/{doc}?page=3").text
    assert 'rel="next"' not in last and f'href="/documents/{doc}?page=2" rel="prev"' in last
    for beyond in (0, 4, 2**70):
        assert officer.get(f"/documents/{doc}?page={beyond}").status_code == 404
    assert officer.get(f"/documents/{doc}?page=two").status_code == 422


def test_a_short_paper_has_no_pagination(officer: TestClient) -> None:
    doc = _upload(officer, _paper(3))
    html = officer.get(f"/documents/{doc}").text
    assert len(CARD.findall(html)) == 3 and "govuk-pagination" not in html


def test_figures_stored_per_document_are_capped_with_a_clear_message(
    site: Site, tmp_path: Path, examples: Path
) -> None:
    settings = settings_for(site.app.state.settings.database_url, tmp_path)
    capped = Site(
        app=create_app(settings.model_copy(update={"max_document_figures": 30})),
        examples=examples,
    )
    officer = capped.client(Role.officer)
    doc = _upload(officer, _paper(120))
    html = officer.get(f"/documents/{doc}").text
    assert "Only the first 30 of the 120 amounts in this paper were kept for review" in html
    assert "split the paper into parts" in html
    with UnitOfWork(capped.engine) as uow:
        assert uow.documents.count_figures(doc, "money") == 30
        assert uow.documents.get(doc).amounts_found == 120
        kept = uow.documents.figures(doc, "money")
    assert [f.text for f in kept] == [f"£{1000 + i:,}" for i in range(30)]  # the first 30
    # a paper within the cap says nothing of the kind
    small = _upload(officer, _paper(10), "small.txt")
    assert "were kept for review" not in officer.get(f"/documents/{small}").text


def test_figures_are_stored_in_a_few_statements_not_one_each(site: Site) -> None:
    n = 2 * FIGURE_BATCH + 1
    rows = [
        {
            "figure": "money",
            "text": f"£{i}",
            "value": float(i),
            "kind": None,
            "period": None,
            "page": None,
            "start": i,
            "end": i + 1,
            "sentence": None,
        }
        for i in range(n)
    ]
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement)

    with UnitOfWork(site.engine, actor="test") as uow:
        doc, _ = uow.documents.add(
            sha256="b" * 64, filename="big.txt", media_type="text/plain", size_bytes=1
        )
        uow.session.flush()
        event.listen(site.engine, "before_cursor_execute", count)
        try:
            stored = uow.documents.add_figures(doc.id, rows)
        finally:
            event.remove(site.engine, "before_cursor_execute", count)
    inserts = [s for s in statements if s.lstrip().upper().startswith("INSERT")]
    assert stored == n
    assert len(inserts) <= 3 * 2  # a batch may be split once more by the driver's own limit
    with UnitOfWork(site.engine) as uow:
        assert uow.documents.count_figures(doc.id) == n
        assert uow.documents.figures(doc.id, offset=n - 1)[0].text == f"£{n - 1}"


def test_an_accepted_figure_pre_fills_the_year_the_paper_gives(officer: TestClient) -> None:
    body = (
        "Agency spend falls by £75,000 in 2024/25.\n\nThe contract costs £12,000 a year.\n"
    ).encode()
    doc = _upload(officer, body)
    html = officer.get(f"/documents/{doc}").text
    inputs = re.findall(r'<input class="govuk-input[^>]*name="year"[^>]*value="([^"]*)"', html)
    assert inputs == ["2024/25", ""]
    assert "The paper gives 2024/25 for this amount" in html


def _croydon_and_thurrock(site: Site) -> tuple[reg.RegisterRow, reg.RegisterRow]:
    rows = reg.register(site.engine)
    return (
        next(r for r in rows if r.council == "Croydon"),
        next(r for r in rows if r.council == "Thurrock"),
    )


def test_accepting_into_another_councils_proposal_asks_first(
    site: Site, officer: TestClient
) -> None:
    croydon, thurrock = _croydon_and_thurrock(site)
    doc = _upload(officer, _paper(2, council="Croydon Council. Croydon"))
    html = officer.get(f"/documents/{doc}").text
    assert "This paper names <strong>Croydon</strong>" in html
    own = html.index('label="Croydon (named in this paper)"')
    other = html.index('label="Other councils"')
    assert own < other
    figure = CARD.findall(html)[0]
    token = csrf_from(html)
    accept = f"/documents/{doc}/figures/{figure}/accept"
    before = proposals.proposal_page(site.engine, thurrock.id).version

    asked = officer.post(
        accept, data={"proposal": str(thurrock.id), "year": "2024/25", "csrf_token": token}
    )
    assert asked.status_code == 200
    assert "names Croydon, but" in asked.text and "a proposal of Thurrock" in asked.text
    assert (
        proposals.proposal_page(site.engine, thurrock.id).version == before
    )  # nothing changed yet
    assert 'name="confirm_council" value="yes"' in asked.text

    confirmed = officer.post(
        accept,
        data={
            "proposal": str(thurrock.id),
            "year": "2024/25",
            "confirm_council": "yes",
            "csrf_token": token,
        },
    )
    assert confirmed.status_code == 303
    after = proposals.proposal_page(site.engine, thurrock.id)
    assert after.version == before + 1 and after.proposal.savings["2024/25"] == 1000.0

    same = officer.post(accept, data={"proposal": str(croydon.id), "csrf_token": token})
    assert same.status_code == 303  # the paper's own council: no question asked


def test_a_paper_naming_no_council_asks_nothing(site: Site, officer: TestClient) -> None:
    _croydon, thurrock = _croydon_and_thurrock(site)
    doc = _upload(officer, _paper(1))
    html = officer.get(f"/documents/{doc}").text
    assert "This paper names" not in html and 'label="All proposals"' in html
    figure = CARD.findall(html)[0]
    response = officer.post(
        f"/documents/{doc}/figures/{figure}/accept",
        data={"proposal": str(thurrock.id), "csrf_token": csrf_from(html)},
    )
    assert response.status_code == 303


def test_a_figure_of_another_document_is_not_found(officer: TestClient, site: Site) -> None:
    first = _upload(officer, _paper(1), "one.txt")
    second = _upload(officer, _paper(2), "two.txt")
    html = officer.get(f"/documents/{first}").text
    figure = CARD.findall(html)[0]
    pid = reg.register(site.engine)[0].id
    response = officer.post(
        f"/documents/{second}/figures/{figure}/accept",
        data={"proposal": str(pid), "csrf_token": csrf_from(html)},
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The London Borough of Croydon's budget, as Croydon set it.", "London Borough of Croydon"),
        ("Thurrock Council and Thurrock's partners; Croydon once.", "Thurrock Council"),
        ("A Croydonian view of nothing in particular.", None),
        ("No council named here.", None),
    ],
)
def test_the_council_a_paper_names_is_the_one_it_names_most(
    text: str, expected: str | None
) -> None:
    assert named_council(text, ["London Borough of Croydon", "Thurrock Council"]) == expected


@settings(deadline=None)  # a loaded machine must not fail a pure check
@given(st.text(max_size=200), st.lists(st.text(max_size=30), max_size=4))
def test_named_council_is_one_of_the_councils_or_none(text: str, councils: list[str]) -> None:
    found = named_council(text, councils)
    assert found is None or found in councils
