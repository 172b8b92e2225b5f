"""Side by side with the open-source peer, `cs-demand-model`, on synthetic care records.

For each seed, synthetic SSDA903-like records with a known truth (about 1,000 entries a year,
five years of records; steady or entries growing 5% a year) are written as per-year SSDA903
returns in the layout the peer reads (`2019/header.csv`, `2019/episodes.csv`, ... with all the
columns its file detection looks for, dd/mm/yyyy dates). Both models project 24 months from 31
March of the last record year from a two-year reference window; both are scored against the
true number looked after in each of the peer's placement categories (fostering, residential,
supported, other) and in total. Our figure is the median of the simulated paths; the peer's is
its expected value. Times are CPU seconds (ours in this process; the peer's in its own process,
as the operating system counts them for a child process).

The peer pins old libraries (pandas 1.5), so it runs in a virtual environment of its own, never
in the project's. Create it once with:

    uv venv ~/.venvs/cs-demand-model
    uv pip install --python ~/.venvs/cs-demand-model/bin/python cs-demand-model

then:

    uv run python bench/projection_peer.py [--peer-python PYTHON] [--seeds 6]

(`--peer-python` defaults to the Python of that environment.)

Without the peer's environment the script says how to create it and stops.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np

from scrutiny.projection.episodes import STATES, Episode
from scrutiny.projection.individual import IndividualSettings, fit, simulate
from scrutiny.projection.synthetic import Synthetic, generate

# Placement and provider codes written for each state, and the peer's category for each (its
# standard configuration: U1-U6 fostering, K2 and R1 residential, H5 and P2 supported, the rest
# other).
CODES = {
    "inhouse_fostering": ("U4", "PR1"),
    "agency_fostering": ("U4", "PR4"),
    "kinship": ("U1", "PR1"),
    "inhouse_residential": ("K2", "PR1"),
    "external_residential": ("K2", "PR4"),
    "supported_accommodation": ("H5", "PR4"),
    "placed_with_parents": ("P1", "PR0"),
    "other": ("A5", "PR0"),
}
CATEGORY = {
    "inhouse_fostering": "FOSTERING",
    "agency_fostering": "FOSTERING",
    "kinship": "FOSTERING",
    "inhouse_residential": "RESIDENTIAL",
    "external_residential": "RESIDENTIAL",
    "supported_accommodation": "SUPPORTED",
    "placed_with_parents": "OTHER",
    "other": "OTHER",
}
CATEGORIES = ("FOSTERING", "RESIDENTIAL", "SUPPORTED", "OTHER")
HEADER = ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"]
EPISODE = [
    "CHILD",
    "DECOM",
    "RNE",
    "LS",
    "CIN",
    "PLACE",
    "PLACE_PROVIDER",
    "DEC",
    "REC",
    "REASON_PLACE_CHANGE",
    "HOME_POST",
    "PL_POST",
]

# Run by the peer's Python: reads the returns, fits on the reference window, predicts.
PEER_RUN = """
import json, sys, time
from datetime import datetime
import pandas as pd
from cs_demand_model import Config, DemandModellingDataContainer, ModelPredictor, PopulationStats
from cs_demand_model.datastore import fs_datastore
folder, start, end, days = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
config = Config()
dc = DemandModellingDataContainer(fs_datastore(folder), config)
stats = PopulationStats(dc.enriched_view, config)
start, end = datetime.fromisoformat(start), datetime.fromisoformat(end)
predictor = ModelPredictor.from_model(stats, start, end)
last = predictor.predict(days).iloc[-1]
out = {}
for (age, category), value in last.items():
    out[category] = out.get(category, 0.0) + float(value)
print(json.dumps(out))
"""


def _fmt(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d is not None else ""


def write_returns(s: Synthetic, folder: Path, first_year: int, last_year: int) -> None:
    """The synthetic records as per-year SSDA903 returns in the layout the peer reads."""
    for year in range(first_year, last_year + 1):
        start, end = date(year - 1, 4, 1), date(year, 3, 31)
        eps: list[Episode] = [
            e for e in s.episodes if e.start <= end and (e.end is None or e.end >= start)
        ]
        children = sorted({e.child for e in eps})
        (folder / str(year)).mkdir(parents=True, exist_ok=True)
        with (folder / str(year) / "header.csv").open("w", newline="") as f:
            w = csv.writer(f)
            w.writerow(HEADER)
            for c in children:
                w.writerow([c, "1", _fmt(s.births[c]), "WBRI", "", "", ""])
        with (folder / str(year) / "episodes.csv").open("w", newline="") as f:
            w = csv.writer(f)
            w.writerow(EPISODE)
            for e in eps:
                place, provider = CODES[e.state]
                ended = e.end if e.end is not None and e.end <= end else None
                rec = "E8" if ended else ""  # the peer reads DEC, not the reason
                row = [e.child, _fmt(e.start), "S", "C2", "N1", place, provider, _fmt(ended)]
                w.writerow([*row, rec, "", "", ""])


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_peer(python: str, folder: Path, start: date, end: date, days: int) -> tuple[dict, float]:
    before = _children_cpu()
    out = subprocess.run(
        [python, "-c", PEER_RUN, str(folder), start.isoformat(), end.isoformat(), str(days)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    return json.loads(out.stdout.strip().splitlines()[-1]), _children_cpu() - before


def by_category(counts: dict[str, float]) -> dict[str, float]:
    out = dict.fromkeys(CATEGORIES, 0.0)
    for state, n in counts.items():
        out[CATEGORY[state]] += n
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--peer-python", default=str(Path.home() / ".venvs" / "cs-demand-model" / "bin" / "python")
    )
    parser.add_argument("--seeds", type=int, default=6)
    parser.add_argument("--first-seed", type=int, default=100)
    parser.add_argument("--paths", type=int, default=300)
    args = parser.parse_args()
    if not Path(args.peer_python).exists():
        print(
            f"The peer's environment is not there ({args.peer_python}). Create it with:\n"
            "    uv venv ~/.venvs/cs-demand-model && uv pip install "
            "--python ~/.venvs/cs-demand-model/bin/python cs-demand-model\nand run this again (--peer-python names its Python)."
        )
        sys.exit(2)
    months = 24
    rows = []
    for growth in (0.0, 0.05):
        for k in range(args.seeds):
            seed = args.first_seed + k
            s = generate(entries_a_year=1000, growth=growth, seed=seed)
            origin = s.data_end
            t0 = time.process_time()
            f = fit(s.births, s.episodes, origin, records_from=s.data_start)
            p = simulate(f, months, IndividualSettings(paths=args.paths, seed=seed))
            ours_cpu = time.process_time() - t0
            when = p.months[months - 1]
            cats = np.stack(
                [
                    p.by_state[
                        :, months - 1, [j for j, st in enumerate(STATES) if CATEGORY[st] == c]
                    ].sum(axis=1)
                    for c in CATEGORIES
                ],
                axis=1,
            )
            ours = dict(zip(CATEGORIES, np.median(cats, axis=0).tolist(), strict=True))
            truth = by_category(s.truth_by_state[when])
            with tempfile.TemporaryDirectory() as tmp:
                write_returns(s, Path(tmp), s.data_start.year + 1, s.data_end.year)
                window = date(origin.year - 2, origin.month, origin.day)
                peer, peer_cpu = run_peer(
                    args.peer_python, Path(tmp), window, origin, (when - origin).days
                )
            peer = {c: peer.get(c, 0.0) for c in CATEGORIES}
            rows.append((growth, seed, truth, ours, peer, ours_cpu, peer_cpu))
            print(
                f"growth {growth:.0%} seed {seed}: truth {sum(truth.values()):.0f}, ours "
                f"{sum(ours.values()):.0f}, peer {sum(peer.values()):.0f}; CPU ours "
                f"{ours_cpu:.2f} s, peer {peer_cpu:.1f} s",
                flush=True,
            )
    print()
    print("| Demand | Category | Truth (mean) | Our mean abs. error | Peer's mean abs. error |")
    print("|---|---|---|---|---|")
    summary = {}
    for growth, label in ((0.0, "Steady"), (0.05, "Entries growing 5% a year")):
        sel = [r for r in rows if r[0] == growth]
        for c in (*CATEGORIES, "Total"):

            def val(d: dict, c: str = c) -> float:
                return sum(d.values()) if c == "Total" else d[c]

            t = np.array([val(r[2]) for r in sel])
            o = np.abs(np.array([val(r[3]) for r in sel]) - t) / t
            q = np.abs(np.array([val(r[4]) for r in sel]) - t) / t
            summary[(growth, c)] = (o.mean(), q.mean())
            print(f"| {label} | {c.title()} | {t.mean():.0f} | {o.mean():.1%} | {q.mean():.1%} |")
    for growth, label in ((0.0, "Steady"), (0.05, "Entries growing 5% a year")):
        o = np.mean([summary[(growth, c)][0] for c in CATEGORIES])
        q = np.mean([summary[(growth, c)][1] for c in CATEGORIES])
        print(
            f"{label}: mean category error ours {o:.1%}, peer {q:.1%}, ours lower by {1 - o / q:.0%}"
        )
    print(
        f"CPU a council: ours {np.mean([r[5] for r in rows]):.2f} s ({args.paths} paths), "
        f"peer {np.mean([r[6] for r in rows]):.1f} s (expected values only)"
    )


if __name__ == "__main__":
    main()
