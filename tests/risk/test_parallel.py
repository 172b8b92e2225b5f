"""Scale-out on Dask gives the same bytes as one process: iterations split over 1 or 2 workers,
and a folder of proposal files spread one file per task."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dask.distributed import LocalCluster
from engine_models import proposal

from scrutiny.parameters.schema import ParameterSet
from scrutiny.risk import engine
from scrutiny.workflows.simulate import run_simulation, simulate_folder, to_json_text
from scrutiny.yaml_files import dump

NO_PARAMETERS = ParameterSet()
ITERATIONS = 5 * engine.BLOCK + 17


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """Two in-process workers, started once for this module."""
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0"
    ) as cluster:
        yield cluster.scheduler_address


def portfolio(make_file: Any) -> Any:
    return make_file(
        proposal(
            "A",
            "test_echo",
            {"amount": {"dist": "normal", "mean": 100, "sd": 30}, "p_fail": 0.1},
            {"2024/25": 60, "2025/26": 40},
        ),
        proposal(
            "B",
            "fixed",
            {
                "achievement": {"dist": "pert", "min": 0.3, "mode": 0.8, "max": 1},
                "slippage_months": {"dist": "uniform", "low": 0, "high": 6},
            },
            {"2025/26": 500},
        ),
        proposal("C", "fixed", {}, {"2024/25": 200}),  # no uncertainty: follows the track record
        correlations=[{"between": ["A.amount", "B.achievement"], "rho": 0.7}],
    )


def test_two_workers_give_the_same_json_as_one_process(make_file: Any, scheduler: str) -> None:
    pf = portfolio(make_file)
    local = to_json_text(
        run_simulation(pf, iterations=ITERATIONS, seed=3, parameters=NO_PARAMETERS)
    )
    seen: list[int] = []
    spread = run_simulation(
        pf,
        iterations=ITERATIONS,
        seed=3,
        parameters=NO_PARAMETERS,
        scheduler=scheduler,
        chunk_size=engine.BLOCK,
        progress=lambda done, total: seen.append(done),
    )
    assert to_json_text(spread) == local
    assert seen[-1] == ITERATIONS and len(seen) == 6  # one task per block


def test_one_local_worker_process_gives_the_same_json(make_file: Any) -> None:
    pf = make_file(
        proposal(
            "F",
            "fixed",
            {"achievement": {"dist": "triangular", "min": 0.4, "mode": 0.9, "max": 1}},
            {"2024/25": 1000, "2025/26": 500},
        )
    )
    local = to_json_text(run_simulation(pf, iterations=ITERATIONS, parameters=NO_PARAMETERS))
    spread = run_simulation(pf, iterations=ITERATIONS, parameters=NO_PARAMETERS, workers=1)
    assert to_json_text(spread) == local


def test_a_folder_is_spread_over_the_cluster_one_json_per_file(
    make_file: Any, scheduler: str, tmp_path: Path
) -> None:
    folder = tmp_path / "registers"
    folder.mkdir()
    files = {
        "north": make_file(
            proposal("N1", "fixed", {"achievement": {"dist": "uniform", "low": 0.5, "high": 1}})
        ),
        "south": portfolio(make_file),
    }
    for name, pf in files.items():
        (folder / f"{name}.yaml").write_text(dump(pf.to_data()), encoding="utf-8")
    out = tmp_path / "out"
    results = simulate_folder(
        folder, out, iterations=20_000, seed=5, parameters=NO_PARAMETERS, scheduler=scheduler
    )
    assert [r.output.name for r in results] == ["north.simulation.json", "south.simulation.json"]
    for name, pf in files.items():
        expected = to_json_text(
            run_simulation(pf, iterations=20_000, seed=5, parameters=NO_PARAMETERS)
        )
        assert (out / f"{name}.simulation.json").read_text(encoding="utf-8") == expected
