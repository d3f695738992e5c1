"""Fault scenarios shared by ``tests/reliability`` (small sizes) and ``bench/faults.py`` (full sizes).

Each scenario broadcasts one notice to ``subscribers`` email subscribers through the real SMTP
channel to a :class:`FaultySink`, injects its fault, waits until the outbox is empty and returns
a :class:`Report`: what reached the sink (by Message-ID, which is the idempotency key), what was
lost, the duplicates and their bound.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from notifier.dispatch import outbox
from notifier.dispatch.fanout import fan_out
from notifier.dispatch.testing import bulk_subscribers, make_notice
from notifier.storage import schema
from notifier.storage.db import Database, utcnow
from tests.reliability.sink import FaultySink, free_port

SECRET = "test-secret-key-0123456789abcdef"
TZ = ZoneInfo("Asia/Tokyo")


@dataclass
class Report:
    name: str
    subscribers: int
    received: int = 0
    lost: int = 0
    duplicates: int = 0
    bound: int = 0
    faults: int = 0
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    def line(self) -> str:
        more = "".join(f", {k} {v}" for k, v in self.extra.items())
        return (f"{self.name}: {self.subscribers} subscribers, {self.faults} faults injected, {self.received} "
                f"messages at the sink, {self.lost} lost, {self.duplicates} duplicates (bound {self.bound}), "
                f"{self.seconds:.1f} s{more}")

    @property
    def ok(self) -> bool:
        return self.lost == 0 and self.duplicates <= self.bound


async def broadcast(db: Database, subscribers: int) -> dict[str, Any]:
    async with db.begin() as conn:
        await bulk_subscribers(conn, subscribers)
        notice = await make_notice(conn)
    await fan_out(db, notice, tz=TZ)
    return notice


async def remaining(db: Database, notice_id: int) -> int:
    async with db.connect() as conn:
        return await outbox.open_count(conn, notice_id)


async def wait_for(check: Callable[[], Awaitable[bool]], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not await check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        await asyncio.sleep(0.05)


async def settle(db: Database, sink: FaultySink, notice: dict[str, Any], report: Report, started: float) -> Report:
    """Fill ``report`` from the sink and the deliveries table."""
    async with db.connect() as conn:
        expected = {k for (k,) in await conn.execute(
            sa.select(schema.deliveries.c.idempotency_key).where(schema.deliveries.c.notice_id == notice["id"]))}
    ids = sink.received()
    report.received = len(ids)
    report.lost = len(expected - set(ids)) + (report.subscribers - len(expected))
    report.duplicates = len(ids) - len(set(ids))
    report.seconds = time.perf_counter() - started
    return report


def environment(database_url: str, sink: FaultySink) -> dict[str, str]:
    env = {**os.environ, "TODOKE_DATABASE_URL": database_url, "TODOKE_SECRET_KEY": SECRET,
           "TODOKE_LOG_LEVEL": os.environ.get("FAULTS_LOG_LEVEL", "ERROR"), "TODOKE_SMTP_URL": sink.url}
    for name in ("SMS", "VOICE", "LINE"):
        env.pop(f"TODOKE_{name}_URL", None)
    return env


def spawn_worker(env: dict[str, str], batch: int, lease: int = 2) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "notifier", "worker", "--batch-size", str(batch),
                             "--lease", str(lease)], env=env, stdout=subprocess.DEVNULL, stderr=_stderr())


def spawn_server(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "notifier", "serve", "--port", str(free_port())], env=env,
                            stdout=subprocess.DEVNULL, stderr=_stderr())


def _stderr() -> int | None:
    """Quiet unless FAULTS_LOG_LEVEL asks for the processes' logs (debugging a scenario)."""
    return None if os.environ.get("FAULTS_LOG_LEVEL") else subprocess.DEVNULL


def stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def kill_points(seed: int, kills: int) -> list[float]:
    """Seeded random moments, as fractions of the broadcast delivered, at which to kill."""
    rng = random.Random(seed)
    return sorted(rng.uniform(0.05, 0.85) for _ in range(kills))


async def _until_fraction(sink: FaultySink, total: int, fraction: float, timeout: float) -> None:
    async def reached() -> bool:
        return len(set(sink.received())) >= fraction * total
    await wait_for(reached, timeout, f"{fraction:.0%} of the broadcast")


async def kill_workers(db: Database, database_url: str, sink: FaultySink, *, subscribers: int, kills: int,
                       seed: int, batch: int = 50, workers: int = 2, timeout: float = 60) -> Report:
    """``kill -9`` of a random ``todoke worker`` at seeded random moments; each is replaced at once."""
    notice, started = await broadcast(db, subscribers), time.perf_counter()
    env, rng = environment(database_url, sink), random.Random(seed)
    procs = [spawn_worker(env, batch) for _ in range(workers)]
    report = Report(f"kill -9 worker ({workers} running)", subscribers, bound=kills * batch)
    try:
        for point in kill_points(seed, kills):
            await _until_fraction(sink, subscribers, point, timeout)
            victim = rng.choice([p for p in procs if p.poll() is None])
            victim.send_signal(signal.SIGKILL)
            victim.wait()
            report.faults += 1
            procs.append(spawn_worker(env, batch))
        await wait_for(lambda: _done(db, notice), timeout, "the outbox to empty")
    finally:
        stop(procs)
    return await settle(db, sink, notice, report, started)


async def _done(db: Database, notice: dict[str, Any]) -> bool:
    return await remaining(db, notice["id"]) == 0


async def kill_server(db: Database, database_url: str, sink: FaultySink, *, subscribers: int, kills: int,
                      seed: int, timeout: float = 60) -> Report:
    """``kill -9`` of ``todoke serve`` (web app + workers in one process) at seeded random moments.

    The dead server's batch stays leased for ``outbox.LEASE`` (5 minutes); rather than wait, the
    reclaim a restarted server would do after the lease runs out is done at once, and only
    after the kill, so no live lease is taken away.
    """
    notice, started = await broadcast(db, subscribers), time.perf_counter()
    env = environment(database_url, sink)
    server = [spawn_server(env)]
    report = Report("kill -9 server", subscribers, bound=kills * 200 * (1 if db.is_sqlite else 2))
    try:
        for point in kill_points(seed, kills):
            await _until_fraction(sink, subscribers, point, timeout)
            server[-1].send_signal(signal.SIGKILL)
            server[-1].wait()
            report.faults += 1
            report.extra["reclaimed"] = report.extra.get("reclaimed", 0) + await outbox.reclaim_leases(
                db, now=utcnow() + outbox.LEASE + timedelta(seconds=1))
            server.append(spawn_server(env))
        await wait_for(lambda: _done(db, notice), timeout, "the outbox to empty")
    finally:
        stop(server)
    return await settle(db, sink, notice, report, started)


async def postgres_loss(db: Database, database_url: str, sink: FaultySink, *, subscribers: int, cuts: int,
                        seed: int, batch: int = 50, workers: int = 2, timeout: float = 60) -> Report:
    """``pg_terminate_backend`` on every connection to this database at seeded random moments."""
    notice, started = await broadcast(db, subscribers), time.perf_counter()
    env = environment(database_url, sink)
    procs = [spawn_worker(env, batch) for _ in range(workers)]
    report = Report(f"PostgreSQL connections terminated ({workers} workers)", subscribers,
                    bound=cuts * workers * batch)
    name = make_url(database_url).database
    try:
        for point in kill_points(seed, cuts):
            await _until_fraction(sink, subscribers, point, timeout)
            async with db.connect() as conn:
                killed = (await conn.execute(sa.text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": name})).scalar_one()
            await db.engine.dispose()  # our own pooled connections were terminated too
            report.faults += 1
            report.extra["backends terminated"] = report.extra.get("backends terminated", 0) + int(killed)
        await wait_for(lambda: _done(db, notice), timeout, "the outbox to empty")
        report.extra["workers alive"] = sum(p.poll() is None for p in procs)
    finally:
        stop(procs)
    return await settle(db, sink, notice, report, started)


async def sqlite_busy(db: Database, database_url: str, sink: FaultySink, *, subscribers: int, holds: int,
                      hold_seconds: float, seed: int, batch: int = 50, timeout: float = 60) -> Report:
    """Another connection holds SQLite's write lock (BEGIN IMMEDIATE) for ``hold_seconds``, ``holds`` times."""
    notice, started = await broadcast(db, subscribers), time.perf_counter()
    procs = [spawn_worker(environment(database_url, sink), batch, lease=30)]
    report = Report(f"SQLite write lock held {hold_seconds:.1f} s", subscribers, bound=0)
    path = make_url(database_url).database
    try:
        for point in kill_points(seed, holds):
            await _until_fraction(sink, subscribers, point, timeout)
            await asyncio.to_thread(_hold_write_lock, str(path), hold_seconds)
            report.faults += 1
        await wait_for(lambda: _done(db, notice), timeout, "the outbox to empty")
        report.extra["worker alive"] = procs[0].poll() is None
    finally:
        stop(procs)
    return await settle(db, sink, notice, report, started)


def _hold_write_lock(path: str, seconds: float) -> None:
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        time.sleep(seconds)
        conn.execute("ROLLBACK")
    finally:
        conn.close()
