"""The savings tracker page, the form to enter a return and the API's returns, on SQLite and
PostgreSQL: filters, one clear error beside its field (422) with nothing written, roles, CSRF."""

from __future__ import annotations

import re

from webtools import Site, csrf_from

from scrutiny.domain.vocab import Role
from scrutiny.store.unit_of_work import UnitOfWork


def _returns(site: Site) -> int:
    with UnitOfWork(site.engine) as uow:
        return sum(len(s.returns) for y in uow.monitoring.years("Thurrock")
                   for s in uow.monitoring.history("Thurrock", y))  # fmt: skip


def _enter(client, **fields: str):  # type: ignore[no-untyped-def]
    form = client.get("/monitoring/return?council=Thurrock")
    assert form.status_code == 200
    data = {"council": "Thurrock", "period": "2022/23 Q1", "ref": "THR-CSC-01",
            "delivered_to_date": "250000", "forecast": "1000000", "rag": "green",
            "evidence": "Ledger to 30 June", "csrf_token": csrf_from(form.text)} | fields  # fmt: skip
    return client.post("/monitoring/return", data=data)


def test_entering_a_return_shows_it_on_the_tracker(any_site: Site) -> None:
    officer = any_site.client(Role.officer)
    saved = _enter(officer)
    assert saved.status_code == 303 and saved.headers["location"] == "/monitoring?council=Thurrock"
    _enter(officer, ref="THR-CSC-02", delivered_to_date="0", forecast="0", rag="red",
           commentary="Digital system delayed to next year")  # fmt: skip
    page = officer.get("/monitoring?council=Thurrock")
    assert page.status_code == 200
    assert "position at 2022/23 Q1" in page.text and "Illustrative" not in page.text
    rows = re.findall(r'<tr class="govuk-table__row" data-ref="([^"]+)"', page.text)
    assert rows[0] == "THR-CSC-02"  # red first
    assert "Digital system delayed to next year" in page.text
    assert "officer@council.gov.uk, " in page.text and "Evidence: Ledger to 30 June" in page.text
    red = officer.get("/monitoring?council=Thurrock&rag=red").text
    # THR-CSC-03 has no return: it is rated from the simulation, which expects under half
    assert re.findall(r'data-ref="([^"]+)"', red) == ["THR-CSC-02", "THR-CSC-03"]
    green = officer.get("/monitoring?council=Thurrock&rag=green").text
    assert re.findall(r'data-ref="([^"]+)"', green) == ["THR-CSC-01"]
    mine = officer.get("/monitoring?council=Thurrock&owner=nobody").text
    assert re.findall(r'data-ref="([^"]+)"', mine) == []
    assert _returns(any_site) == 2


def test_a_refused_return_comes_back_with_one_error_beside_its_field(site: Site) -> None:
    officer = site.client(Role.officer)
    bad = _enter(officer, forecast="about a million")
    assert bad.status_code == 422
    assert re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', bad.text) == [
        (
            "forecast",
            "Forecast for the year: must be an amount in pounds, not &#39;about a million&#39;",
        )
    ]
    assert 'id="forecast-error"' in bad.text and 'value="about a million"' in bad.text
    assert _enter(officer, period="last spring").status_code == 422
    assert _enter(officer, period="2031/32 Q1").status_code == 422
    assert _returns(site) == 0


def test_only_officers_enter_returns_and_viewers_read_the_tracker(site: Site) -> None:
    viewer = site.client(Role.viewer)
    assert viewer.get("/monitoring").status_code == 200
    assert viewer.get("/monitoring/return?council=Thurrock").status_code == 403
    officer = site.client(Role.officer)
    token = csrf_from(officer.get("/monitoring/return?council=Thurrock").text)
    no_csrf = officer.post("/monitoring/return", data={"council": "Thurrock"})
    assert no_csrf.status_code == 403 and token


def test_the_api_records_a_return(site: Site) -> None:
    officer = site.client(Role.officer)
    csrf = officer.get("/api/v1/session").json()["csrf_token"]
    body = {"council": "Thurrock", "period": "2022-06", "ref": "THR-CSC-03",
            "delivered_to_date": 75000, "forecast": 300000, "rag": "amber",
            "evidence": "Carers approved by panel"}  # fmt: skip
    created = officer.post("/api/v1/monitoring/returns", json=body, headers={"X-CSRF-Token": csrf})
    assert created.status_code == 201, created.text
    data = created.json()
    assert data["version"] == 1 and data["reported_by"] == "officer@council.gov.uk"
    assert data["period"] == "2022-06" and data["rag"] == "amber"
    unknown = officer.post("/api/v1/monitoring/returns", json=body | {"ref": "THR-NONE"},
                           headers={"X-CSRF-Token": csrf})  # fmt: skip
    assert unknown.status_code == 422 and "THR-NONE" in unknown.json()["detail"]
    earlier = officer.post("/api/v1/monitoring/returns", json=body | {"period": "2022-05"},
                           headers={"X-CSRF-Token": csrf})  # fmt: skip
    assert earlier.status_code == 422 and "comes before 2022-06" in earlier.json()["detail"]
    assert _returns(site) == 1


def test_the_illustrative_year_says_so_on_the_tracker(site: Site) -> None:
    from scrutiny.workflows.demo import EXAMPLE_RETURNS
    from scrutiny.workflows.monitoring import import_returns

    for name in EXAMPLE_RETURNS:
        import_returns(site.examples / name, actor="demo", engine=site.engine)
    page = site.client(Role.viewer).get("/monitoring").text
    assert "data-illustrative" in page and "They are not the council&#39;s reported figures" in page
    assert "position at 2022/23 Q2" in page
    assert "Kept red" not in page  # THR-CSC-03 is reported red, not kept red
