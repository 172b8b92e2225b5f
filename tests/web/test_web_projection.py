"""The children looked after projection page: a council's projection in words, a fan chart, the
placements and the cost; bad choices give the form back with a message and a 4xx."""

from __future__ import annotations

import re
from html import unescape

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrutiny.web.charts import projection_chart
from scrutiny.workflows.projection import run_projection


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_a_councils_projection_in_words_chart_and_tables(viewer: TestClient) -> None:
    r = viewer.get("/projection", params={"council": "Leeds", "years": "3", "data_to": "2023"})
    assert r.status_code == 200
    html = r.text
    expected = run_projection("Leeds", data_to=2023, years=3).to_json()
    total_2026 = expected["forecasts"]["2026"]["total"]
    text = _text(html)
    assert "All projected figures are estimates" in text
    assert "Leeds looked after" in text and "on 31 March 2023 (published)" in text
    # The last year's median and ranges, as the workflow gives them, in words and in the table.
    median = f"{round(total_2026['p50']):,}"
    range80 = f"{round(total_2026['p10']):,} to {round(total_2026['p90']):,}"
    assert (
        f"31 March 2026 at about {median}: 8 times in 10 between {range80.replace(' to ', ' and ')}"
        in text
    )
    row = re.search(r'<tr class="govuk-table__row" data-year="2026">(.*?)</tr>', html, re.S)
    assert row is not None and median in row.group(1) and range80 in row.group(1)
    assert 'data-year="2027"' not in html  # three years ahead of 2023, no more
    # The chart: an SVG with a text alternative stating the figures, axes in words.
    svg = re.search(r"<svg.*?</svg>", html, re.S)
    assert svg is not None
    assert 'role="img"' in svg.group(0)
    title = re.search(r"<title[^>]*>(.*?)</title>", svg.group(0), re.S)
    assert title is not None and f"2026 median {median} (80% range {range80}" in title.group(1)
    assert "Children looked after" in svg.group(0) and "31 March of each year" in svg.group(0)
    assert "p50" not in text and "p10" not in text and "by_placement" not in text
    # Placements, cost (rounded as finance officers write it) and the sources.
    assert "Foster care" in text and "Children's homes and other residential" in text
    cost = expected["cost"]["by_financial_year"]["2025/26"]["p50"]
    assert "2025/26" in text and f"£{cost / 1e6:.3g}m" in text  # three significant figures
    assert "Children looked after in England" in text and "RO3" in text
    assert "RO3 social care outturn 2022-23" in text  # the spending of the year cut at
    assert "RO3 social care outturn 2024-25" not in text


def test_the_first_council_of_the_register_is_the_default(viewer: TestClient) -> None:
    r = viewer.get("/projection")
    assert r.status_code == 200
    assert '<option value="Croydon" selected>' in r.text
    assert "Croydon looked after" in _text(r.text)


def test_an_unknown_council_gives_the_form_back_with_a_message(viewer: TestClient) -> None:
    r = viewer.get("/projection", params={"council": "Croydn", "years": "2"})
    assert r.status_code == 422
    text = _text(r.text)
    assert "There is a problem" in text
    assert "There are no published figures for a council called “Croydn”" in text
    assert "did you mean Croydon" in text
    assert 'href="#council"' in r.text and "govuk-select--error" in r.text
    assert 'value="2"' in r.text  # what was entered comes back
    assert "<svg" not in r.text


@given(
    years=st.one_of(st.integers(-20, 0), st.integers(6, 99)).map(str)
    | st.sampled_from(["", "two", "2.5"])
)
@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_years_out_of_range_are_refused(viewer: TestClient, years: str) -> None:
    # Only GETs: the signed-in client is the same for every example.
    r = viewer.get("/projection", params={"council": "Leeds", "years": years})
    assert r.status_code == 422
    assert "Years ahead must be a whole number from 1 to 5" in _text(r.text)
    assert "<svg" not in r.text


def test_figures_up_to_a_year_not_published_are_refused(viewer: TestClient) -> None:
    r = viewer.get("/projection", params={"council": "Leeds", "years": "2", "data_to": "2030"})
    assert r.status_code == 422
    assert "Figures up to must be a year from 2021 to 2025" in _text(r.text)


def test_the_page_is_for_signed_in_users(site) -> None:  # type: ignore[no-untyped-def]
    r = site.client().get("/projection", follow_redirects=False)
    assert r.status_code in (302, 303, 401)


def test_the_chart_places_the_median_between_the_ranges() -> None:
    svg = projection_chart(
        [(2023, 100.0), (2024, 110.0)], [(2025, (80.0, 90.0, 115.0, 140.0, 160.0))]
    )
    assert "2023 100, 2024 110" in svg and "2025 median 115 (80% range 90 to 140" in svg
    polygons = re.findall(r'<polygon points="([^"]+)"', svg)
    assert len(polygons) >= 2
    assert projection_chart([], []) == ""


def test_a_council_with_too_few_years_of_figures_is_refused(viewer: TestClient) -> None:
    r = viewer.get("/projection", params={"council": "Cumberland", "years": "3"})
    assert r.status_code == 422
    assert "Cumberland: a projection needs at least three consecutive years of figures" in _text(
        r.text
    )
    assert "<svg" not in r.text


def test_a_council_with_no_published_spending_has_no_cost(viewer: TestClient) -> None:
    r = viewer.get("/projection", params={"council": "Birmingham", "years": "2"})
    assert r.status_code == 200
    text = _text(r.text)
    assert "No spending on children looked after is published for Birmingham" in text
    assert 'id="projection-costs"' not in r.text and "<svg" in r.text


@st.composite
def _fans(draw: st.DrawFn) -> list[tuple[int, tuple[float, float, float, float, float]]]:
    count = draw(st.integers(1, 5))
    out = []
    for i in range(count):
        values = sorted(draw(st.lists(st.floats(0, 50_000), min_size=5, max_size=5)))
        out.append((2026 + i, (values[0], values[1], values[2], values[3], values[4])))
    return out


@given(
    history=st.lists(st.floats(0, 50_000), min_size=1, max_size=7),
    fans=_fans(),
)
@settings(max_examples=40, deadline=None)
def test_the_chart_is_well_formed_and_each_median_lies_in_its_80_percent_band(
    history: list[float], fans: list[tuple[int, tuple[float, float, float, float, float]]]
) -> None:
    import xml.etree.ElementTree as ET

    published = [(2026 - len(history) + i, n) for i, n in enumerate(history)]
    svg = projection_chart(published, fans)
    root = ET.fromstring(svg)  # well-formed, so the browser draws it
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img" and root.find(f"{ns}title") is not None
    band80 = root.findall(f"{ns}polygon")[1]
    points = [tuple(map(float, p.split(","))) for p in band80.get("points", "").split()]
    half = len(points) // 2
    upper, lower = points[:half], points[half:][::-1]
    medians = [
        (float(c.get("cx", "")), float(c.get("cy", "")))
        for c in root.findall(f"{ns}circle")
        if c.get("fill") == "#0072B2"
    ][: len(fans)]  # the legend's marker comes after the plot's
    for (x, y), (ux, uy), (lx, ly) in zip(medians, upper[1:], lower[1:], strict=True):
        assert x == pytest.approx(ux) == pytest.approx(lx)
        assert uy - 0.01 <= y <= ly + 0.01  # SVG's y grows downwards


def test_with_no_council_of_the_register_known_the_form_comes_alone(
    viewer: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scrutiny.web.routes import projection as page

    monkeypatch.setattr(page.reg, "councils", lambda engine: ["Nowhere Borough"])
    r = viewer.get("/projection")
    assert r.status_code == 200
    assert '<option value="" selected>Choose a council</option>' in r.text
    assert "<svg" not in r.text and "There is a problem" not in r.text


def test_a_council_with_no_figures_up_to_the_year_asked_is_refused(viewer: TestClient) -> None:
    r = viewer.get(
        "/projection", params={"council": "North Northamptonshire", "years": "1", "data_to": "2021"}
    )
    assert r.status_code == 422
    text = _text(r.text)
    assert (
        "No published children looked after figures for North Northamptonshire up to 31 March 2021"
        in text
    )
    assert '<option value="North Northamptonshire" selected>' in r.text


@pytest.mark.parametrize(
    "params",
    [{"council": "x" * 300}, {"council": "Leeds", "years": "9" * 50}],
    ids=["long-council", "long-years"],
)
def test_odd_input_is_refused_with_a_4xx(viewer: TestClient, params: dict[str, str]) -> None:
    r = viewer.get("/projection", params=params)
    assert 400 <= r.status_code < 500


LEVERS = {
    "council": "Leeds",
    "years": "3",
    "data_to": "2023",
    "fostering_households": "10",
    "fostering_children": "1.4",
    "step_down_children": "4",
    "step_down_to": "supported_accommodation",
    "step_down_from": "1/10/2023",
    "prevention_share": "5",
}


def _table(html: str, table_id: str) -> dict[str, list[str]]:
    table = re.search(rf'<table class="govuk-table" id="{table_id}">(.*?)</table>', html, re.S)
    assert table is not None, table_id
    rows = re.findall(
        r'<tr class="govuk-table__row" data-year="([^"]+)">(.*?)</tr>', table[1], re.S
    )
    return {year: re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)[1:] for year, row in rows}


def test_levers_give_the_count_with_them_and_the_cost_they_avoid(viewer: TestClient) -> None:
    from datetime import date

    from scrutiny.domain.money import format_gbp_rounded
    from scrutiny.projection.levers import EntryPrevention, FosteringCapacity, Levers, StepDown

    r = viewer.get("/projection", params=LEVERS)
    assert r.status_code == 200, _text(r.text)[:500]
    # The page's levers: its defaults where a field is empty, its start the projection's.
    levers = Levers(
        FosteringCapacity(10, 1.4, 0.9, 12, 0.1, date(2023, 4, 1)),
        StepDown(4, 3, "supported_accommodation", date(2023, 10, 1)),
        EntryPrevention(0.05, date(2023, 4, 1)),
    )
    expected = run_projection("Leeds", data_to=2023, years=3, levers=levers).to_json()["scenario"]
    totals = _table(r.text, "projection-levers")
    assert list(totals) == ["2024", "2025", "2026"]
    band = expected["forecasts"]["2026"]["total"]
    assert totals["2026"] == [
        f"{round(band['p50']):,}",
        f"{round(band['p10']):,} to {round(band['p90']):,}",
    ]
    avoided = _table(r.text, "projection-avoided")
    assert list(avoided) == ["2023/24", "2024/25", "2025/26"]
    for year, cells in avoided.items():
        money = expected["avoided_cost_by_financial_year"][year]
        assert cells == [
            format_gbp_rounded(money["p50"]),
            f"{format_gbp_rounded(money['p10'])} to {format_gbp_rounded(money['p90'])}",
        ]
    assert money["p50"] > 0
    text = _text(r.text)
    assert "Children looked after with the levers on 31 March (estimates)" in text
    assert "Cost avoided against the baseline per financial year (estimates)" in text
    assert "rising by" not in text  # no inflation asked for
    assert (
        "supported and independent accommodation £1,278 a week" in text
    )  # the note of how it is costed
    # The chart names both lines and gives the medians with the levers.
    title = re.search(r'<title id="projection-chart-title">(.*?)</title>', r.text, re.S)
    assert title is not None and "Projected without the levers (estimates)" in title[1]
    assert "Projected with the levers, the median (estimates): 2024 " in title[1]
    assert f"2026 {round(band['p50']):,}." in title[1]
    # The levers' form comes back open with what was typed; no field names in the page's words.
    assert re.search(r'<details class="govuk-details" id="levers" open>', r.text)
    assert 'value="1/10/2023"' in r.text
    assert '<option value="supported_accommodation" selected>' in r.text
    for word in ("inhouse_fostering", "supported_accommodation", "step_down", "p50", "levers.step"):
        assert word not in text


def test_without_levers_the_page_has_no_lever_results(viewer: TestClient) -> None:
    r = viewer.get("/projection", params={"council": "Leeds", "years": "2"})
    assert r.status_code == 200
    assert 'id="projection-levers"' not in r.text and 'id="projection-avoided"' not in r.text
    assert '<details class="govuk-details" id="levers">' in r.text  # closed
    assert "With the levers" not in r.text


def test_inflation_raises_the_cost_avoided_and_says_so(viewer: TestClient) -> None:
    plain = _table(viewer.get("/projection", params=LEVERS).text, "projection-avoided")
    r = viewer.get("/projection", params={**LEVERS, "inflation": "4"})
    assert r.status_code == 200
    risen = _table(r.text, "projection-avoided")
    assert risen != plain
    assert risen["2023/24"] != plain["2023/24"]
    text = _text(r.text)
    assert (
        "Cost avoided against the baseline per financial year (estimates), with costs rising by "
        "4% a year" in text
    )
    assert "Each raised by 4.0% a year from its year's prices" in text
    assert "raised by 4% a year from 2022/23 prices" in text  # the baseline's cost too


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("fostering_households", "ten", "Extra in-house foster households must be a number"),
        ("fostering_households", "-1", "Extra in-house foster households must be 0 or more"),
        ("fostering_children", "5", "Children a new foster household must be from 0 to 4"),
        (
            "fostering_filled",
            "120",
            "Share of the new foster places filled must be from 0% to 100%",
        ),
        ("fostering_ramp", "6.5", "Months to recruit the foster households must be a whole"),
        ("fostering_ramp", "121", "Months to recruit the foster households must be from 0 to 120"),
        ("fostering_from", "31/2/2024", "Start of the extra foster care must be a real date"),
        ("step_down_lag", "soon", "Months before the first step-down must be a whole number"),
        ("step_down_from", "next year", "Start of the step-downs must be a real date"),
        (
            "step_down_to",
            "kinship",
            "Placement children step down to must be one with a national weekly cost",
        ),
        ("prevention_share", "101", "Share of entries prevented must be from 0% to 100%"),
        ("prevention_from", "2024-13-01", "Start of the entry prevention must be a real date"),
        ("inflation", "60", "Yearly rise in costs must be from 0% to 50%"),
        ("inflation", "nan", "Yearly rise in costs must be a number"),
    ],
)
def test_each_bad_lever_field_gives_its_message_and_no_results(
    viewer: TestClient, field: str, value: str, message: str
) -> None:
    r = viewer.get("/projection", params={**LEVERS, field: value})
    assert r.status_code == 422
    text = _text(r.text)
    assert "There is a problem" in text and message in text
    assert f'href="#{field}"' in r.text  # the summary links to the field
    assert re.search(rf'id="{field}-error" class="govuk-error-message"', r.text)
    assert re.search(r'<details class="govuk-details" id="levers" open>', r.text)
    assert "<svg" not in r.text and 'id="projection-avoided"' not in r.text


def test_entry_prevention_without_published_spending_is_refused_at_the_share(
    viewer: TestClient,
) -> None:
    r = viewer.get(
        "/projection", params={"council": "Birmingham", "years": "2", "prevention_share": "5"}
    )
    assert r.status_code == 422
    assert 'href="#prevention_share"' in r.text
    assert "Entry prevention needs the council's net spending per child" in _text(r.text)


def test_the_chart_with_levers_draws_their_line_and_names_it() -> None:
    svg = projection_chart(
        [(2023, 100.0), (2024, 110.0)],
        [(2025, (80.0, 90.0, 115.0, 140.0, 160.0))],
        [104.0],
    )
    assert "Projected with the levers, the median (estimates): 2025 104." in svg
    assert "With the levers" in svg  # in the legend
    assert "With the levers" not in projection_chart(
        [(2023, 100.0)], [(2025, (80.0, 90.0, 115.0, 140.0, 160.0))]
    )
