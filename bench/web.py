"""Load test of the web app: concurrent signed-in clients reading the register and a proposal
page over loopback, on SQLite with the demo data (both seed councils, simulated and challenged).

    uv run python bench/web.py --clients 50 --seconds 30

Starts `scrutiny serve` in its own process on a free port, signs each client in once, then each
client asks for the register and a proposal page in turn, as fast as answers come, until the
time is up. Prints requests, throughput and latency percentiles [ms].
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "benchmark password 2026"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(database_url: str) -> int:
    """Import the seed councils, simulate and challenge them, add the officer; a proposal id."""
    from scrutiny.config import load_settings
    from scrutiny.domain.vocab import Role
    from scrutiny.workflows.accounts import add_user, prepare_database
    from scrutiny.workflows.register import import_file, register
    from scrutiny.workflows.scenario import simulate_and_challenge
    from scrutiny.workflows.validate import load

    engine = prepare_database(load_settings(database_url=database_url))
    add_user(engine, "officer@bench.gov.uk", Role.officer, PASSWORD, actor="bench")
    for name in ("thurrock-2022.yaml", "croydon-2024.yaml"):
        version = import_file(engine, load(ROOT / "examples" / name), source=name, actor="bench")
        simulate_and_challenge(engine, version, actor="bench")
    proposal_id = register(engine)[0].id
    engine.dispose()
    return proposal_id


async def signed_in_client(base: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=base, timeout=60)
    page = await client.get("/sign-in")
    token = CSRF.search(page.text)
    assert token, "no CSRF token on the sign-in page"
    signed = await client.post(
        "/sign-in",
        data={"email": "officer@bench.gov.uk", "password": PASSWORD, "csrf_token": token[1]},
    )
    assert signed.status_code == 303, f"sign-in answered {signed.status_code}"
    return client


async def client_loop(
    client: httpx.AsyncClient,
    paths: list[str],
    deadline: float,
    think: float,
    latencies: list[float],
    errors: list[str],
) -> None:
    i = 0
    while time.monotonic() < deadline:  # bounded: stops when the time is up
        path = paths[i % len(paths)]
        i += 1
        start = time.perf_counter()
        try:
            response = await client.get(path)
        except httpx.RemoteProtocolError:
            # the server closed an idle keep-alive connection as we reused it: ask again once
            errors.append(f"{path}: reconnected")
            start = time.perf_counter()
            response = await client.get(path)
        latencies.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            errors.append(f"{path}: {response.status_code}")
        if think:
            await asyncio.sleep(think)


async def run(
    base: str, paths: list[str], clients: int, seconds: float, think: float
) -> tuple[list[float], list[str], float]:
    """Sign every client in (argon2 is slow on purpose), then start the clock for all."""
    sessions = await asyncio.gather(*(signed_in_client(base) for _ in range(clients)))
    latencies: list[float] = []
    errors: list[str] = []
    started = time.monotonic()
    deadline = started + seconds
    await asyncio.gather(
        *(client_loop(c, paths, deadline, think, latencies, errors) for c in sessions)
    )
    elapsed = time.monotonic() - started
    for c in sessions:
        await c.aclose()
    return latencies, errors, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="seconds each client waits between pages, as a reader would (default: none)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database_url = f"sqlite:///{Path(folder) / 'bench.db'}"
        proposal_id = prepare(database_url)
        port = _free_port()
        env = {
            **os.environ,
            "SCRUTINY_DATABASE_URL": database_url,
            "SCRUTINY_SECRET_KEY": "bench-secret-key",
            "SCRUTINY_SIGNIN_ATTEMPTS_PER_MINUTE": str(args.clients * 2),
            "SCRUTINY_DATA_DIR": folder,
        }
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "scrutiny",
                "serve",
                "--port",
                str(port),
                "--workers",
                str(args.workers),
            ],
            env=env,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(200):
                try:
                    httpx.get(f"{base}/sign-in", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            paths = ["/proposals", f"/proposals/{proposal_id}"]
            latencies, errors, elapsed = asyncio.run(
                run(base, paths, args.clients, args.seconds, args.think)
            )
        finally:
            server.terminate()
            server.wait(timeout=10)
    latencies.sort()
    q = statistics.quantiles(latencies, n=100)
    print(
        f"clients {args.clients}, {args.seconds:.0f} s, think {args.think:g} s, "
        f"server processes {args.workers}, "
        f"pages {', '.join(paths)}"
    )
    print(
        f"requests {len(latencies)}, errors {len(errors)}, {len(latencies) / elapsed:.0f} per second"
    )
    print(f"latency ms: p50 {q[49]:.1f}  p95 {q[94]:.1f}  p99 {q[98]:.1f}  max {latencies[-1]:.1f}")
    if errors:
        print("first errors:", errors[:5])


if __name__ == "__main__":
    main()
