"""The recommendations pages: the list and its overdue filter (today injected through
`app.state.today`), one recommendation, and the officers' forms to record a response and add
an update (CSRF-checked, refused in words with nothing written). SQLite and PostgreSQL."""

from __future__ import annotations

import datetime
import html

from fastapi.testclient import TestClient
from webtools import Site, csrf_from

from scrutiny.domain.vocab import Role
from scrutiny.workflows import recommendations as recs

MEETING = datetime.date(2024, 1, 17)
FOSTERING = "Report the Council's efforts to increase in-house foster provision."


def _track(site: Site) -> tuple[int, int]:
    late = recs.add_recommendation(
        site.engine, "Croydon", FOSTERING, addressee="Cabinet",
        owner="Director of Children's Social Care", meeting_date=MEETING,
        ref="2024-28 SAV CYPE 003", actor="clerk",
    )  # fmt: skip
    answered = recs.add_recommendation(
        site.engine, "Thurrock", "Publish the equality impact assessments.", addressee="Cabinet",
        meeting_date=datetime.date(2021, 10, 12), actor="clerk",
    )  # fmt: skip
    recs.respond(
        site.engine, answered.id, "accepted", "They will be published.", actor="cabinet",
        on=datetime.date(2021, 11, 1),
    )  # fmt: skip
    return late.id, answered.id


def test_an_item_past_its_response_date_shows_as_overdue(any_site: Site) -> None:
    late, answered = _track(any_site)
    viewer = any_site.client(Role.viewer)
    any_site.app.state.today = lambda: datetime.date(2024, 3, 1)
    page = viewer.get("/recommendations")
    assert page.status_code == 200
    assert FOSTERING in html.unescape(page.text) and ">Overdue</strong>" not in page.text
    assert "17 March 2024" in html.unescape(page.text)
    any_site.app.state.today = lambda: datetime.date(2024, 3, 27)
    page = viewer.get("/recommendations")
    assert html.unescape(page.text).count('data-overdue="true"') == 1
    assert ">Overdue</strong>" in html.unescape(page.text) and "by 10 days" in html.unescape(
        page.text
    )
    only = viewer.get("/recommendations", params={"overdue": "1"})
    assert FOSTERING in html.unescape(only.text) and "Publish the equality" not in html.unescape(
        only.text
    )
    assert 'About <a class="govuk-link" href="/proposals/' in page.text
    detail = viewer.get(f"/recommendations/{late}")
    assert ">Overdue</strong> by 10 days" in html.unescape(detail.text)
    assert "Record the response" not in html.unescape(detail.text)  # viewers read
    assert (
        "Accepted on 1 November 2021: They will be published."
        in viewer.get(f"/recommendations/{answered}").text
    )


def test_an_officer_records_a_response_and_an_update(any_site: Site) -> None:
    late, _ = _track(any_site)
    any_site.app.state.today = lambda: datetime.date(2024, 3, 27)
    officer = any_site.client(Role.officer)
    page = officer.get(f"/recommendations/{late}")
    token = csrf_from(html.unescape(page.text))
    saved = officer.post(
        f"/recommendations/{late}/response",
        data={"response": "partly", "text": "A report twice a year.", "csrf_token": token},
    )
    assert saved.status_code == 303 and saved.headers["location"] == f"/recommendations/{late}"
    shown = officer.get(f"/recommendations/{late}").text
    assert "Partly accepted on 27 March 2024: A report twice a year." in shown
    assert ">Overdue</strong>" not in shown
    added = officer.post(
        f"/recommendations/{late}/updates",
        data={"note": "First report in June.", "status": "in_progress", "csrf_token": token},
    )
    assert added.status_code == 303
    shown = officer.get(f"/recommendations/{late}").text
    assert "First report in June." in shown and "(now in progress)" in shown
    rec = recs.get_recommendation(any_site.engine, late)
    assert rec.status.value == "in_progress" and rec.response is not None
    assert rec.response.by == "officer@council.gov.uk"


def test_refusals_write_nothing(site: Site) -> None:
    late, _ = _track(site)
    officer = site.client(Role.officer)
    token = csrf_from(officer.get(f"/recommendations/{late}").text)
    bad = officer.post(
        f"/recommendations/{late}/response",
        data={"response": "maybe", "text": "Words kept", "csrf_token": token},
    )
    assert bad.status_code == 422
    assert "Choose accepted, partly accepted or rejected" in html.unescape(bad.text)
    assert "Words kept" in html.unescape(bad.text)  # what was typed is kept
    empty = officer.post(
        f"/recommendations/{late}/updates", data={"note": " ", "csrf_token": token}
    )
    assert empty.status_code == 422 and "Enter the update" in html.unescape(empty.text)
    forged = officer.post(
        f"/recommendations/{late}/response", data={"response": "accepted", "text": "Yes"}
    )
    assert forged.status_code == 403
    member: TestClient = site.client(Role.member)
    token = csrf_from(member.get(f"/recommendations/{late}").text)
    refused = member.post(
        f"/recommendations/{late}/response",
        data={"response": "accepted", "text": "Yes", "csrf_token": token},
    )
    assert refused.status_code == 403
    assert officer.get("/recommendations/999999").status_code == 404
    rec = recs.get_recommendation(site.engine, late)
    assert rec.response is None and rec.updates == ()


def test_a_councils_list_shows_its_work_programme(site: Site) -> None:
    recs.add_programme_item(
        site.engine, "Croydon", "In-house foster provision", date=datetime.date(2024, 9, 10),
        refs=["2024-28 SAV CYPE 003"], actor="clerk",
    )  # fmt: skip
    page = site.client(Role.viewer).get("/recommendations", params={"council": "Croydon"})
    assert "Croydon's work programme" in html.unescape(page.text)
    assert "10 September 2024</strong>: In-house foster provision" in html.unescape(page.text)
    from scrutiny.workflows import register as reg

    pid = next(r.id for r in reg.register(site.engine, council="Croydon") if r.ref.endswith("003"))
    link = f'<a class="govuk-link" href="/proposals/{pid}">2024-28 SAV CYPE 003</a>'
    assert f"Follows {link}" in page.text


def _replacement_version(site: Site) -> None:
    """Croydon's register again with a £600k saving put in place of the removed £1.1m
    (an invented replacement, for the test)."""
    from webtools import load_example

    from scrutiny.domain.proposal_file import parse_proposal_file
    from scrutiny.workflows.register import import_file

    data = load_example(site.examples / "croydon-2024.yaml").to_data()
    data["proposals"].append(
        {
            "ref": "2024-28 SAV CYPE 009",
            "title": "Agency spend reduction",
            "service": "Children's Social Care",
            "savings": {"2024/25": 600_000},
        }
    )
    import_file(site.engine, parse_proposal_file(data, "v2.yaml"), source="v2.yaml", actor="t")


def test_the_plan_shows_where_a_removed_saving_went(any_site: Site) -> None:
    _replacement_version(any_site)
    viewer = any_site.client(Role.viewer)
    page = viewer.get("/plan", params={"council": "Croydon"})
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert (
        "£1.1m of savings was taken out of the plan; £600k has been put in since, leaving "
        "£500k still to find." in text
    )
    assert "Across 2 versions of the register." in text
    assert "2024-28 SAV CYPE 009</strong>: Agency spend reduction" in text
    assert "added after the first plan; planned £0, now £600k" in text
    assert "removed from the plan; planned £1.1m, now £0" in text
    assert "Not yet reported" in text  # delivered figures come from monitoring
    assert viewer.get("/plan", params={"council": "Nowhere"}).status_code == 404
    assert "Choose a council" in viewer.get("/plan").text


def test_the_plan_takes_delivered_figures_from_monitoring(site: Site) -> None:
    from scrutiny.store.unit_of_work import UnitOfWork
    from scrutiny.workflows.plan import plan_view

    _replacement_version(site)
    with UnitOfWork(site.engine) as uow:
        view = plan_view(uow, "Croydon", delivered={"2024-28 SAV CYPE 009": {"2024/25": 450_000}})
    assert view.by_year["2024/25"].delivered == 450_000
    assert view.total.still_to_find == 500_000


def test_officers_add_a_recommendation_and_a_work_programme_item(any_site: Site) -> None:
    officer = any_site.client(Role.officer)
    page = officer.get("/recommendations/new")
    assert page.status_code == 200
    token = csrf_from(page.text)
    added = officer.post(
        "/recommendations",
        data={
            "council": "Croydon", "text": "Report on fostering.", "addressee": "Cabinet",
            "owner": "", "meeting": "2024-01-23", "ref": "2024-28 SAV CYPE 003",
            "csrf_token": token,
        },
    )  # fmt: skip
    assert added.status_code == 303
    [rec] = recs.list_recommendations(any_site.engine, today=MEETING, council="Croydon")
    assert added.headers["location"] == f"/recommendations/{rec.id}"
    assert rec.due == datetime.date(2024, 3, 23) and rec.ref == "2024-28 SAV CYPE 003"
    item = officer.post(
        "/recommendations/programme",
        data={
            "item_council": "Croydon", "item_title": "In-house foster provision",
            "item_date": "2024-09-10", "item_refs": "2024-28 SAV CYPE 003, ",
            "csrf_token": token,
        },
    )  # fmt: skip
    assert item.status_code == 303
    [line] = recs.programme_of(any_site.engine, "Croydon", MEETING)
    assert line.proposals == ["2024-28 SAV CYPE 003"] and line.date_words == "10 September 2024"


def test_the_add_forms_refuse_in_words_and_write_nothing(site: Site) -> None:
    officer = site.client(Role.officer)
    token = csrf_from(officer.get("/recommendations/new").text)
    bad = officer.post(
        "/recommendations",
        data={
            "council": "Croydon", "text": "Kept words", "addressee": "Cabinet",
            "meeting": "23/01/2024", "ref": "NOPE", "csrf_token": token,
        },
    )  # fmt: skip
    assert bad.status_code == 422
    assert "Enter the date as year-month-day" in bad.text and "Kept words" in bad.text
    unknown = officer.post(
        "/recommendations",
        data={
            "council": "Croydon", "text": "Words", "addressee": "Cabinet",
            "meeting": "2024-01-23", "ref": "NOPE", "csrf_token": token,
        },
    )  # fmt: skip
    assert unknown.status_code == 422
    assert "no proposal with ref &#39;NOPE&#39;" in unknown.text
    undated = officer.post(
        "/recommendations/record", data={"record_council": "Croydon", "csrf_token": token}
    )
    assert undated.status_code == 422 and "gives no meeting date" in undated.text
    no_item = officer.post(
        "/recommendations/programme",
        data={"item_council": "Croydon", "item_title": "X", "item_refs": "NOPE",
              "csrf_token": token},
    )  # fmt: skip
    assert no_item.status_code == 422
    assert recs.list_recommendations(site.engine, today=MEETING) == []
    assert recs.programme_of(site.engine, "Croydon", MEETING) == []
    member = site.client(Role.member)
    assert member.get("/recommendations/new").status_code == 403


def test_an_officer_tracks_the_analysis_recommendations(site: Site) -> None:
    officer = site.client(Role.officer)
    token = csrf_from(officer.get("/recommendations/new").text)
    done = officer.post(
        "/recommendations/record",
        data={"record_council": "Thurrock", "record_meeting": "", "csrf_token": token},
    )
    assert (
        done.status_code == 303 and done.headers["location"] == "/recommendations?council=Thurrock"
    )
    tracked = recs.list_recommendations(site.engine, today=MEETING, council="Thurrock")
    assert tracked and all(r.due == datetime.date(2021, 12, 12) for r in tracked)  # file's date
    assert any(r.addressee == "Cabinet" for r in tracked)
