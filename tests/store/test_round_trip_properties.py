"""Any valid proposal file comes back from the database exactly as it went in (hypothesis)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from scrutiny import yaml_files
from scrutiny.domain.proposal_file import parse_proposal_file
from scrutiny.store.engine import make_engine
from scrutiny.store.migrate import upgrade
from scrutiny.store.unit_of_work import UnitOfWork

YEARS = ["2022/23", "2023/24", "2024/25", "2025/26", "2026/27"]
text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40
).filter(lambda s: s.strip() != "")
money = st.one_of(
    st.integers(0, 50_000_000), st.floats(0, 5e7, allow_nan=False).map(lambda x: round(x, 2))
)
savings = st.dictionaries(st.sampled_from(YEARS), money, max_size=4)
pert = (
    st.tuples(st.floats(0, 10), st.floats(0, 10), st.floats(0, 10))
    .map(sorted)
    .map(lambda v: {"dist": "pert", "min": v[0], "mode": v[1], "max": v[2]})
)
inputs = st.dictionaries(
    st.sampled_from(["achievement", "slippage", "delay_months"]),
    st.one_of(st.floats(0, 1), pert),
    max_size=3,
)
risk = st.fixed_dictionaries(
    {"description": text, "likelihood": st.integers(1, 5), "impact": st.integers(1, 5)},
    optional={"mitigation": text},
)
evidence = st.fixed_dictionaries(
    {"source": text}, optional={"locator": text, "quote": text, "page": st.integers(1, 400)}
)

track_record = st.lists(
    st.fixed_dictionaries(
        {
            "year": st.sampled_from(YEARS),
            "planned": st.integers(1, 50_000_000),
            "delivered": money,
            "scope": text,
        },
        optional={
            "point": st.sampled_from(["outturn", "forecast", "q1", "q2", "q3", "q4"]),
            "evidence": evidence,
        },
    ),
    max_size=3,
    unique_by=lambda r: (r["scope"].strip().casefold(), r["year"]),
)


@st.composite
def proposal_files(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(0, 4))
    refs = draw(st.lists(text, min_size=n, max_size=n, unique=True))
    proposals = []
    for ref in refs:
        p: dict[str, Any] = {"ref": ref, "title": draw(text), "savings": draw(savings)}
        optional = {
            "status": st.sampled_from(["draft", "proposed", "agreed", "removed"]),
            "category": st.sampled_from(["staffing", "placements", "other"]),
            "recurring": st.booleans(),
            "stated_total": money,
            "one_off_costs": savings,
            "model": st.fixed_dictionaries({"type": st.just("fixed"), "inputs": inputs}),
            "staffing": st.fixed_dictionaries(
                {}, optional={"posts": st.integers(0, 90), "fte": st.floats(0, 90)}
            ),
            "risks": st.lists(risk, max_size=2),
            "alternatives": st.lists(
                st.fixed_dictionaries({"title": text}, optional={"cost": money}), max_size=2
            ),
            "evidence": st.lists(evidence, max_size=2),
            "dependencies": st.lists(text, max_size=2),
        }
        for key in draw(st.lists(st.sampled_from(sorted(optional)), unique=True)):
            p[key] = draw(optional[key])
        proposals.append(p)
    data: dict[str, Any] = {"council": draw(text), "proposals": proposals}
    if draw(st.booleans()):
        data["mtfs"] = {"funding_gap": draw(savings)}
    if draw(st.booleans()):
        data["track_record"] = draw(track_record)
    return data


@pytest.fixture(scope="module")
def one_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """One migrated SQLite database for every generated file (each is a new version)."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('roundtrip') / 'db.sqlite'}")
    upgrade(engine)
    yield engine
    engine.dispose()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=proposal_files())
def test_any_valid_file_round_trips_through_sqlite(
    one_database: Engine, data: dict[str, Any]
) -> None:
    pf = parse_proposal_file(data, "generated")
    with UnitOfWork(one_database, actor="hypothesis") as uow:
        stored, _ = uow.files.add(pf, source="generated.yaml", actor=uow.actor)
    with UnitOfWork(one_database) as uow:
        back = uow.files.load(stored.id)
    assert back == pf
    assert yaml_files.dump(back.to_data()) == yaml_files.dump(pf.to_data())
