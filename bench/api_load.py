"""The API under load: requests/s and p50/p99 latency of `todoke serve` on loopback. Figures printed.

    .venv/bin/python bench/api_load.py [--seconds 60] [--connections 32] [--subscribers 5000] [--quick]

A migrated SQLite database in a temporary folder gets ``--subscribers`` subscribers; ``todoke serve``
runs as a subprocess; an aiohttp client keeps ``--connections`` requests in flight for ``--seconds``
against ``GET /api/v1/subscriptions/me`` (a manage token per request, round-robin over subscribers)
and then ``POST /api/v1/notices/preview`` (an API key with ``notices:write``). Goal (issue 7):
1,000 requests/s or more for the subscription read on this 2-core machine.
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.figures import figure
from notifier.config import Settings
from notifier.dispatch.testing import bulk_subscribers
from notifier.storage.db import Database
from notifier.storage.migrate import upgrade
from subscribers.tokens import manage_token

SECRET = "bench-secret-0123456789abcdef"
GOAL = 1000.0
NOTICE = {"title": "断水のお知らせ", "body": "11月25日午前9時から正午まで、浦和区高砂の一部で断水します。",
          "topics": ["water"], "areas": ["11107"], "urgency": "normal"}


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _seed(url: str, subscribers: int) -> list[str]:
    db = Database(url)
    try:
        await upgrade(db)
        async with db.begin() as conn:
            await bulk_subscribers(conn, subscribers, prefix="load", secret=SECRET)
    finally:
        await db.dispose()
    settings = Settings(database_url=url, secret_key=SECRET)
    return [manage_token(settings, f"load{i:08d}") for i in range(subscribers)]


def _api_key(env: dict[str, str]) -> str:
    out = subprocess.run([sys.executable, "-m", "notifier", "apikeys", "create", "load-test", "--scope",
                          "notices:write"], env=env, check=True, capture_output=True, text=True).stdout
    match = re.search(r"key \(shown once\): (\S+)", out)
    if not match:
        raise SystemExit(f"could not read the API key from: {out!r}")
    return match.group(1)


async def _wait_ready(base: str, server: subprocess.Popen[bytes]) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(300):
            if server.poll() is not None:
                raise SystemExit("todoke serve exited")
            try:
                async with session.get(base + "/healthz") as resp:
                    if resp.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise SystemExit("todoke serve did not answer /healthz")


async def load(base: str, seconds: float, connections: int, request: Any) -> tuple[Tally, float]:
    """``connections`` loops, each sending ``request(session, n)`` back to back until time is up."""
    tally = Tally()
    deadline = time.perf_counter() + seconds
    connector = aiohttp.TCPConnector(limit=connections)
    async with aiohttp.ClientSession(base, connector=connector) as session:
        async def loop(k: int) -> None:
            n = k
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                try:
                    status = await request(session, n)
                except (TimeoutError, aiohttp.ClientError):
                    status = 599
                tally.latencies.append(time.perf_counter() - started)
                tally.statuses[status] = tally.statuses.get(status, 0) + 1
                tally.errors += status >= 400
                n += connections
        started = time.perf_counter()
        await asyncio.gather(*(loop(k) for k in range(connections)))
    return tally, time.perf_counter() - started


def _report(name: str, tally: Tally, elapsed: float, command: str, goal: float | None) -> None:
    count = len(tally.latencies)
    rate = count / elapsed
    cuts = statistics.quantiles(tally.latencies, n=100) if count > 1 else [0.0] * 99
    p50, p99 = cuts[49] * 1000, cuts[98] * 1000
    print(f"{name}: {rate:8,.0f} requests/s, p50 {p50:6.1f} ms, p99 {p99:6.1f} ms, {tally.errors} errors "
          f"({count:,} requests in {elapsed:.1f} s; statuses {tally.statuses})", flush=True)
    figure(f"{name} throughput", rate, "requests/s", baseline=goal, baseline_name="goal" if goal else None,
           command=command)
    figure(f"{name} p50 latency", p50, "ms", command=command)
    figure(f"{name} p99 latency", p99, "ms", command=command)
    figure(f"{name} errors", tally.errors, "requests", command=command)


async def run(args: argparse.Namespace, folder: Path) -> None:
    url = f"sqlite:///{folder / 'load.db'}"
    tokens = await _seed(url, args.subscribers)
    env = {**os.environ, "TODOKE_DATABASE_URL": url, "TODOKE_SECRET_KEY": SECRET, "TODOKE_LOG_LEVEL": "WARNING",
           "TODOKE_AUDIO_DIR": str(folder / "audio")}
    for name in ("SMTP", "SMS", "VOICE", "LINE"):
        env.pop(f"TODOKE_{name}_URL", None)
    key = _api_key(env)
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "notifier", "serve", "--port", str(port)],  # noqa: ASYNC220
                              env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    command = " ".join(["bench/api_load.py", *sys.argv[1:]])
    try:
        await _wait_ready(base, server)

        async def read_me(session: aiohttp.ClientSession, n: int) -> int:
            headers = {"Authorization": f"Bearer {tokens[n % len(tokens)]}"}
            async with session.get("/api/v1/subscriptions/me", headers=headers) as resp:
                await resp.read()
                return resp.status

        async def preview(session: aiohttp.ClientSession, n: int) -> int:
            async with session.post("/api/v1/notices/preview?variant=ja,en&format=email,sms", json=NOTICE,
                                    headers={"Authorization": f"Bearer {key}"}) as resp:
                await resp.read()
                return resp.status

        for name, request, goal in (("subscription read", read_me, GOAL), ("notice preview", preview, None)):
            tally, elapsed = await load(base, args.seconds, args.connections, request)
            _report(name, tally, elapsed, command, goal)
    finally:
        server.terminate()
        server.wait(20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="per endpoint (default: 60)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--subscribers", type=int, default=5000)
    parser.add_argument("--quick", action="store_true", help="5 s per endpoint, 1,000 subscribers")
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.subscribers = 5.0, 1000
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(run(args, Path(folder)))


if __name__ == "__main__":
    main()
