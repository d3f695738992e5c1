"""The fault suite at full size: kills, lost database connections, a misbehaving SMTP server, SQLite busy.

    .venv/bin/python bench/faults.py [--quick] [--seed 7]

The scenarios are those of ``tests/reliability`` (which runs them small in ``make test``): each
prints what reached the SMTP sink, what was lost (must be 0) and the duplicates with their bound
(one batch per kill). Exit status 1 if any scenario lost a message or exceeded its bound.
PostgreSQL: a scratch database on TODOKE_TEST_POSTGRES_URL, dropped afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.figures import figure
from notifier.storage.db import Database, pg_admin
from notifier.storage.migrate import upgrade
from tests.reliability import scenarios
from tests.reliability.sink import FaultySink
from tests.reliability.smtp_faults import smtp_faults

PG = os.environ.get("TODOKE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
Scenario = Callable[[Database, str, FaultySink], Awaitable[scenarios.Report]]




async def _run(backend: str, folder: Path, scenario: Scenario) -> scenarios.Report:
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{folder / f'faults-{uuid.uuid4().hex[:6]}.db'}"
    else:
        name = f"todoke_faults_{uuid.uuid4().hex[:8]}"
        await pg_admin(PG, f'CREATE DATABASE "{name}"')
        url = make_url(PG).set(drivername="postgresql+asyncpg", database=name).render_as_string(hide_password=False)
    db, sink = Database(url), FaultySink().start()
    try:
        await upgrade(db)
        return await scenario(db, url, sink)
    finally:
        sink.stop()
        await db.dispose()
        if backend == "postgres":
            await pg_admin(PG, f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


def plan(quick: bool, seed: int) -> list[tuple[str, Scenario]]:
    n = 1500 if quick else 20_000
    kills = 3 if quick else 10
    timeout = 120 if quick else 600
    return [
        ("postgres", lambda db, url, sink: scenarios.kill_workers(
            db, url, sink, subscribers=n, kills=kills, seed=seed, timeout=timeout)),
        ("sqlite", lambda db, url, sink: scenarios.kill_server(
            db, url, sink, subscribers=n, kills=kills, seed=seed, timeout=timeout)),
        ("postgres", lambda db, url, sink: scenarios.kill_server(
            db, url, sink, subscribers=n, kills=kills, seed=seed, timeout=timeout)),
        ("postgres", lambda db, url, sink: scenarios.postgres_loss(
            db, url, sink, subscribers=n, cuts=2 if quick else 5, seed=seed, timeout=timeout)),
        ("sqlite", lambda db, url, sink: smtp_faults(db, sink, subscribers=n // 5, outage=0.5 if quick else 2,
                                                     timeout=timeout)),
        ("postgres", lambda db, url, sink: smtp_faults(db, sink, subscribers=n // 5, outage=0.5 if quick else 2,
                                                       timeout=timeout)),
        ("sqlite", lambda db, url, sink: scenarios.sqlite_busy(
            db, url, sink, subscribers=n // 2, holds=2 if quick else 5, hold_seconds=1.5 if quick else 3,
            seed=seed, timeout=timeout)),
    ]


async def main(args: argparse.Namespace) -> int:
    failed = 0
    command = " ".join(["bench/faults.py", *sys.argv[1:]])
    with tempfile.TemporaryDirectory() as folder:
        for backend, scenario in plan(args.quick, args.seed):
            report = await _run(backend, Path(folder), scenario)
            verdict = "ok" if report.ok else "FAILED"
            print(f"[{backend}] {report.line()} — {verdict}", flush=True)
            failed += not report.ok
            name = f"faults [{backend}] {report.name}"
            figure(f"{name}: lost", report.lost, "messages", baseline=0, baseline_name="required",
                   command=command, higher_is_better=False)
            figure(f"{name}: duplicates", report.duplicates, "messages", baseline=report.bound,
                   baseline_name="bound", command=command, higher_is_better=False)
    return 1 if failed else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the sizes of the test suite")
    parser.add_argument("--seed", type=int, default=7)
    raise SystemExit(asyncio.run(main(parser.parse_args())))
