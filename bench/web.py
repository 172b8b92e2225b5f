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
    from scrutiny.store.engine import open_database
    from scrutiny.workflows.accounts import add_user
    from scrutiny.workflows.register import import_file, register
    from scrutiny.workflows.scenario import simulate_and_challenge
    from scrutiny.workflows.validate import load

    engine = open_database(load_settings(database_url=database_url).database_url)
    add_user(engine, "officer@bench.gov.uk", Role.officer, PASSWORD, actor="bench")
    for name in ("thurrock-2022.yaml", "croydon-2024.yaml"):
        version = import_file(engine, load(ROOT / "examples" / name), source=name, actor="bench")
        simulate_and_challenge(engine, version, actor="bench")
    proposal_id = register(engine)[0].id
    engine.dispose()
    return proposal_id


async def sign_in(base: str) -> str:
    """Sign one client in through the form; its session cookie as a `Cookie` header value."""
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        page = await client.get("/sign-in")
        token = CSRF.search(page.text)
        assert token, "no CSRF token on the sign-in page"
        signed = await client.post(
            "/sign-in",
            data={"email": "officer@bench.gov.uk", "password": PASSWORD, "csrf_token": token[1]},
        )
        assert signed.status_code == 303, f"sign-in answered {signed.status_code}"
        return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


class Connection:
    """One keep-alive HTTP/1.1 connection asking for pages with a session cookie.

    A few lines of asyncio instead of a full client library, so that the load generator spends
    little processor time per page and the server, not the generator, is what is measured.
    """

    def __init__(self, host: str, port: int, cookie: str) -> None:
        self.host, self.port, self.cookie = host, port, cookie
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, int]:
        """Status and body length [bytes] of GET `path`; reconnects once when the server closed."""
        for attempt in (1, 2):
            if self.writer is None or self.writer.is_closing():
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            assert self.reader is not None
            request = (
                f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                f"Cookie: {self.cookie}\r\nAccept: text/html\r\n\r\n"
            )
            try:
                self.writer.write(request.encode("latin-1"))
                head = await self.reader.readuntil(b"\r\n\r\n")
            except (ConnectionError, asyncio.IncompleteReadError):
                await self.close()
                if attempt == 2:
                    raise
                continue
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split(" ", 2)[1])
            headers = dict(
                (k.strip().lower(), v.strip()) for k, _, v in (h.partition(":") for h in lines[1:])
            )
            length = int(headers.get("content-length", "0"))
            await self.reader.readexactly(length)
            if headers.get("connection", "").lower() == "close":
                await self.close()
            return status, length
        raise ConnectionError(f"{path}: no answer")

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


async def client_loop(
    conn: Connection,
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
        status, length = await conn.get(path)
        latencies.append((time.perf_counter() - start) * 1000)
        if status != 200 or length == 0:
            errors.append(f"{path}: {status}, {length} bytes")
        if think:
            await asyncio.sleep(think)


async def run(
    base: str, paths: list[str], clients: int, seconds: float, think: float
) -> tuple[list[float], list[str], float]:
    """Sign every client in (argon2 is slow on purpose), then start the clock for all."""
    cookies = await asyncio.gather(*(sign_in(base) for _ in range(clients)))
    url = httpx.URL(base)
    assert url.host in ("127.0.0.1", "localhost"), "the load test runs on loopback only"
    sessions = [Connection(url.host, url.port or 80, cookie) for cookie in cookies]
    latencies: list[float] = []
    errors: list[str] = []
    started = time.monotonic()
    deadline = started + seconds
    await asyncio.gather(
        *(client_loop(c, paths, deadline, think, latencies, errors) for c in sessions)
    )
    elapsed = time.monotonic() - started
    for c in sessions:
        await c.close()
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
