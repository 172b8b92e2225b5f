"""Every write validates the whole file and gives it a trial run before anything is stored: a
change that would make the simulation fail is refused and the database is left as it was."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import Engine

from scrutiny.domain.vocab import Unit
from scrutiny.errors import InvalidInput
from scrutiny.models import registry
from scrutiny.models.base import Array, InputSpec, ModelContext, ModelRun, ServiceModel
from scrutiny.store.engine import get_engine
from scrutiny.store.migrate import ensure_current
from scrutiny.store.unit_of_work import UnitOfWork
from scrutiny.workflows import proposals, scenario
from scrutiny.workflows import register as reg
from scrutiny.workflows.transfer import import_proposal_file
from scrutiny.workflows.validate import check_runs, parse


class Fragile(ServiceModel):
    """Delivers `amount`, but its run fails outright when `share` is above a half: a stand-in for
    any model whose arithmetic breaks on values its bounds still allow."""

    name = "test_fragile"
    title = "Fragile (tests only)"
    summary = "Fails when share is above a half."
    inputs = (
        InputSpec("amount", Unit.gbp, "The saving", required=True),
        InputSpec("share", Unit.share, "Breaks the run above 0.5", default=0.0),
    )

    def run(self, inputs: Mapping[str, Array], ctx: ModelContext) -> ModelRun:
        if float(np.max(inputs["share"])) > 0.5:
            raise FloatingPointError("overflow")
        active = (ctx.index() >= 0).astype(np.float64)
        return ModelRun(delivered=inputs["amount"][:, None] * active[None, :])


@pytest.fixture(autouse=True)
def _fragile() -> Iterator[None]:
    registry.register(Fragile())
    yield
    registry.unregister(Fragile.name)


def _file(share: float) -> dict[str, object]:
    return {
        "council": "Testshire",
        "proposals": [
            {
                "ref": "T-1",
                "title": "Fragile",
                "savings": {"2024/25": 1000},
                "model": {"type": "test_fragile", "inputs": {"amount": 1000, "share": share}},
            },
            {"ref": "T-2", "title": "Plain", "savings": {"2024/25": 500}},
        ],
    }


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    engine = get_engine(f"sqlite:///{tmp_path / 'trial.db'}")
    ensure_current(engine)
    return engine


def test_the_trial_run_names_the_proposal_that_breaks() -> None:
    pf = parse(_file(0.9), "testshire.yaml")  # within every bound...
    with pytest.raises(InvalidInput) as caught:
        check_runs(pf, "testshire.yaml")  # ...but it cannot be simulated
    assert [(p.ref, p.path) for p in caught.value.problems] == [("T-1", "proposals[0]")]
    check_runs(parse(_file(0.4), "testshire.yaml"), "testshire.yaml")


def test_an_import_that_would_break_the_simulation_writes_nothing(engine: Engine) -> None:
    with pytest.raises(InvalidInput):
        import_proposal_file(parse(_file(0.9), "t.yaml"), source="t.yaml", engine=engine)
    with UnitOfWork(engine) as uow:
        assert uow.files.latest("Testshire") is None


def test_an_update_or_scenario_that_would_break_the_simulation_is_refused(engine: Engine) -> None:
    version = reg.import_file(engine, parse(_file(0.4), "t.yaml"), source="t.yaml", actor="test")
    with UnitOfWork(engine) as uow:
        stored = next(p for p in uow.proposals.in_version(version) if p.ref == "T-1")
    broken = scenario.change_inputs(stored.proposal, {"share": 0.9}, "T-1")
    with pytest.raises(InvalidInput, match="cannot be simulated"):
        proposals.update_proposal(engine, stored.id, broken, expected_version=1, actor="test")
    with pytest.raises(InvalidInput, match="cannot be simulated"):
        scenario.save(engine, stored.id, broken, expected_version=1, actor="test")
    with pytest.raises(InvalidInput, match="cannot be simulated"):
        scenario.compare(engine, stored.id, broken)
    with UnitOfWork(engine) as uow:
        after = uow.proposals.get(stored.id)
        audit = uow.audit.entries(entity="proposal", entity_id=stored.id)
    assert after.version == 1 and after.proposal == stored.proposal
    assert [e.action for e in audit] == ["create"]
    # A change that runs is saved.
    fine = scenario.change_inputs(stored.proposal, {"share": 0.2}, "T-1")
    assert proposals.update_proposal(engine, stored.id, fine, expected_version=1, actor="test") == 2
    summary, _ = scenario.simulate_and_challenge(engine, version, actor="test", iterations=200)
    assert {p.ref for p in summary.proposals} == {"T-1", "T-2"}
