"""The API under load: requests/s and p50/p99 latency of `todoke serve` on loopback. Figures printed.

    .venv/bin/python bench/api_load.py [--seconds 60] [--connections 32] [--subscribers 5000] [--rounds 3]
                                       [--no-preview] [--quick]

A migrated SQLite database in a temporary folder gets ``--subscribers`` subscribers; ``todoke serve``
runs as a subprocess; an aiohttp client keeps ``--connections`` requests in flight for ``--seconds``
against ``GET /api/v1/subscriptions/me`` (a manage token per request, round-robin over subscribers)
and then ``POST /api/v1/notices/preview`` (an API key with ``notices:write``). Goal (issue 7):
1,000 requests/s or more for the subscription read on this 2-core machine.

Same-run baseline: the same client against ``bench/_fixed_json_app.py``, a bare aiohttp app in its
own process answering the same URL with a fixed copy of a real subscription document (the same
bytes on the wire). The subscription read and the baseline take turns in ``--rounds`` slices of
the ``--seconds``, so a neighbour's burst on this shared machine lands on both; the ratio says
which fraction of what aiohttp itself can serve here the read reaches.
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
    elapsed: float = 0.0
    server_cpu: float = 0.0  # seconds of CPU the server process used meanwhile (all its threads)

    def add(self, other: Tally) -> None:
        self.latencies += other.latencies
        self.errors += other.errors
        self.elapsed += other.elapsed
        self.server_cpu += other.server_cpu
        for status, count in other.statuses.items():
            self.statuses[status] = self.statuses.get(status, 0) + count

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    @property
    def cpu_ms(self) -> float:
        """Server CPU per request: steadier than requests/s on a shared machine (neighbours take wall time)."""
        return 1000 * self.server_cpu / len(self.latencies) if self.latencies else 0.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc; 0 where there is none)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


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


async def load(base: str, seconds: float, connections: int, request: Any, server: int = 0) -> Tally:
    """``connections`` loops, each sending ``request(session, n)`` back to back until time is up.

    ``server``: the pid of the server process, whose CPU time is counted meanwhile.
    """
    tally = Tally()
    cpu_before = cpu_seconds(server) if server else 0.0
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
    tally.elapsed = time.perf_counter() - started
    tally.server_cpu = cpu_seconds(server) - cpu_before if server else 0.0
    return tally


def _report(name: str, tally: Tally, command: str, goal: float | None) -> None:
    count, elapsed, rate = len(tally.latencies), tally.elapsed, tally.rate
    cuts = statistics.quantiles(tally.latencies, n=100) if count > 1 else [0.0] * 99
    p50, p99 = cuts[49] * 1000, cuts[98] * 1000
    print(f"{name}: {rate:8,.0f} requests/s, p50 {p50:6.1f} ms, p99 {p99:6.1f} ms, {tally.errors} errors "
          f"({count:,} requests in {elapsed:.1f} s; statuses {tally.statuses}); "
          f"server CPU {tally.cpu_ms:.3f} ms/request", flush=True)
    figure(f"{name} throughput", rate, "requests/s", baseline=goal, baseline_name="goal" if goal else None,
           command=command)
    figure(f"{name} p50 latency", p50, "ms", command=command)
    figure(f"{name} p99 latency", p99, "ms", command=command)
    figure(f"{name} errors", tally.errors, "requests", command=command)
    if tally.server_cpu:
        figure(f"{name} server CPU per request", tally.cpu_ms, "ms", command=command, higher_is_better=False)


def _serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "notifier", "serve", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL)


def _baseline_app(port: int, body: Path) -> subprocess.Popen[bytes]:
    script = Path(__file__).resolve().parent / "_fixed_json_app.py"
    return subprocess.Popen([sys.executable, str(script), str(port), str(body)], stdout=subprocess.DEVNULL)


async def _document(base: str, token: str) -> bytes:
    """One real subscription document: the baseline app answers with exactly these bytes."""
    async with aiohttp.ClientSession(base) as session, session.get(
            "/api/v1/subscriptions/me", headers={"Authorization": f"Bearer {token}"}) as resp:
        if resp.status != 200:
            raise SystemExit(f"the subscription read answered {resp.status}")
        return await resp.read()


async def _read_and_baseline(args: argparse.Namespace, todoke: tuple[str, int], bare: tuple[str, int],
                             tokens: list[str], command: str) -> None:
    """``todoke`` and ``bare``: (base URL, server pid)."""
    async def read_me(session: aiohttp.ClientSession, n: int) -> int:
        headers = {"Authorization": f"Bearer {tokens[n % len(tokens)]}"}
        async with session.get("/api/v1/subscriptions/me", headers=headers) as resp:
            await resp.read()
            return resp.status

    read, baseline = Tally(), Tally()
    for _ in range(args.rounds):  # taking turns: a burst from a neighbour lands on both
        baseline.add(await load(bare[0], args.seconds / args.rounds, args.connections, read_me, bare[1]))
        read.add(await load(todoke[0], args.seconds / args.rounds, args.connections, read_me, todoke[1]))
    _report("bare aiohttp, fixed JSON (baseline)", baseline, command, None)
    _report("subscription read", read, command, GOAL)
    print(f"subscription read / bare aiohttp: {read.rate / baseline.rate:.2f} of the requests/s; "
          f"{read.cpu_ms / baseline.cpu_ms if baseline.cpu_ms else float('nan'):.1f}x the server CPU per request",
          flush=True)
    figure("subscription read vs bare aiohttp answering the same bytes", read.rate, "requests/s",
           baseline=baseline.rate, baseline_name="bare aiohttp, fixed JSON, same client", command=command)


async def _preview(args: argparse.Namespace, todoke: tuple[str, int], key: str, command: str) -> None:
    async def preview(session: aiohttp.ClientSession, n: int) -> int:
        async with session.post("/api/v1/notices/preview?variant=ja,en&format=email,sms", json=NOTICE,
                                headers={"Authorization": f"Bearer {key}"}) as resp:
            await resp.read()
            return resp.status

    _report("notice preview", await load(todoke[0], args.seconds, args.connections, preview, todoke[1]), command,
            None)


async def run(args: argparse.Namespace, folder: Path) -> None:
    url = f"sqlite:///{folder / 'load.db'}"
    tokens = await _seed(url, args.subscribers)
    env = {**os.environ, "TODOKE_DATABASE_URL": url, "TODOKE_SECRET_KEY": SECRET, "TODOKE_LOG_LEVEL": "WARNING",
           "TODOKE_AUDIO_DIR": str(folder / "audio")}
    for name in ("SMTP", "SMS", "VOICE", "LINE"):
        env.pop(f"TODOKE_{name}_URL", None)
    key = _api_key(env)
    port, bare_port = _free_port(), _free_port()
    todoke, bare = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{bare_port}"
    command = " ".join(["bench/api_load.py", *sys.argv[1:]])
    server = _serve(env, port)
    baseline_server: subprocess.Popen[bytes] | None = None
    try:
        await _wait_ready(todoke, server)
        (folder / "document.json").write_bytes(await _document(todoke, tokens[0]))
        baseline_server = _baseline_app(bare_port, folder / "document.json")
        await _wait_ready(bare, baseline_server)
        await _read_and_baseline(args, (todoke, server.pid), (bare, baseline_server.pid), tokens, command)
        if args.preview:
            await _preview(args, (todoke, server.pid), key, command)
    finally:
        for process in (server, baseline_server):
            if process is not None:
                process.terminate()
                process.wait(20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="per endpoint (default: 60)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--subscribers", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3, help="turns of baseline and read (default: 3)")
    parser.add_argument("--no-preview", dest="preview", action="store_false", help="the subscription read only")
    parser.add_argument("--quick", action="store_true", help="5 s per endpoint, 1,000 subscribers, 1 round")
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.subscribers, args.rounds = 5.0, 1000, 1
    if args.rounds < 1:
        parser.error("--rounds must be 1 or more")
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(run(args, Path(folder)))


if __name__ == "__main__":
    main()
