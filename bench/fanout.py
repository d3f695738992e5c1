"""Delivery benchmarks: figures printed, nothing asserted.

    .venv/bin/python bench/fanout.py --subscribers 1300000            # fan-out, SQLite and PostgreSQL
    .venv/bin/python bench/fanout.py --subscribers 20000 --only overtake,workers
    .venv/bin/python bench/fanout.py --subscribers 100000 --only smtp --backend sqlite   # SMTP vs ceiling

PostgreSQL comes from TODOKE_TEST_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres);
a scratch database is created and dropped.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.figures import figure
from bench.smtp_ceiling import _free_port, _serve, bare
from channels.email.smtp import SmtpChannel, SmtpConfig
from notifier import crypto
from notifier.config import Settings
from notifier.dispatch import outbox
from notifier.dispatch.fanout import fan_out
from notifier.dispatch.gateways import Gateways
from notifier.dispatch.testing import MemoryChannel, make_notice
from notifier.dispatch.worker import Worker
from notifier.storage.db import Database, pg_admin
from notifier.storage.migrate import upgrade

TZ = ZoneInfo("Asia/Tokyo")
PG = os.environ.get("TODOKE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
SECRET = "bench-secret-0123456789abcdef"

# Set-based seeding: n subscribers, each with a verified email, topic "disaster" and one of the 10 wards.
SEED_SQLITE = """
WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < :n)
INSERT INTO subscribers (public_id, status, variant, fallback, channel_order, created_at, updated_at)
SELECT 'b' || i, 'active', 'ja', '[]', '["email"]', '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000'
FROM seq
"""
SEED_PG = """
INSERT INTO subscribers (public_id, status, variant, fallback, channel_order, created_at, updated_at)
SELECT 'b' || i, 'active', 'ja', '[]', '["email"]', now(), now() FROM generate_series(1, :n) AS i
"""
SEED_REST = (
    "INSERT INTO contact_points (subscriber_id, kind, address, address_hash, verified_at, created_at) "
    # one encrypted address for all (stored encrypted like real ones; the sink only counts messages);
    # a unique stand-in for the binary keyed hash ({binary}: the dialect's name for the type)
    "SELECT id, 'email', :address, CAST('h' || public_id AS {binary}), created_at, created_at FROM subscribers",
    "INSERT INTO subscriber_topics (subscriber_id, topic_key) SELECT id, 'disaster' FROM subscribers",
    "INSERT INTO subscriber_areas (subscriber_id, area_code) "
    "SELECT id, CAST(11101 + (id % 10) AS VARCHAR) FROM subscribers",
)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024




async def fresh_database(backend: str, tmp: Path) -> tuple[Database, str]:
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp / f'bench-{uuid.uuid4().hex[:6]}.db'}"
    else:
        name = f"todoke_bench_{uuid.uuid4().hex[:8]}"
        await pg_admin(PG, f'CREATE DATABASE "{name}"')
        url = make_url(PG).set(drivername="postgresql+asyncpg", database=name).render_as_string(hide_password=False)
    db = Database(url)
    await upgrade(db)
    return db, url


async def drop(db: Database, backend: str) -> None:
    name = make_url(db.url).database
    await db.dispose()
    if backend == "postgres":
        await pg_admin(PG, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def seed(db: Database, count: int) -> float:
    started = time.perf_counter()
    async with db.begin() as conn:
        await conn.execute(sa.text(SEED_SQLITE if db.is_sqlite else SEED_PG), {"n": count})
        address = crypto.encrypt(SECRET, "bench@example.jp")
        binary = "BLOB" if db.is_sqlite else "bytea"
        for statement in SEED_REST:
            await conn.execute(sa.text(statement.format(binary=binary)),
                               {"address": address} if ":address" in statement else {})
    if not db.is_sqlite:
        async with db.engine.connect() as conn:
            await conn.execute(sa.text("COMMIT"))
            await conn.execute(sa.text("ANALYZE"))
    return time.perf_counter() - started


async def bench_fanout(backend: str, count: int, tmp: Path) -> None:
    db, _ = await fresh_database(backend, tmp)
    try:
        seconds = await seed(db, count)
        async with db.begin() as conn:
            notice = await make_notice(conn, areas=["all"])
        before = rss_mb()
        started = time.perf_counter()
        result = await fan_out(db, notice, tz=TZ)
        elapsed = time.perf_counter() - started
        print(f"fan-out {backend:8s}: {result.inserted:>9,} deliveries in {elapsed:6.1f} s "
              f"({result.inserted / elapsed:,.0f}/s); seeding took {seconds:.1f} s; "
              f"peak RSS {rss_mb():.0f} MB (+{rss_mb() - before:.0f} MB during fan-out)", flush=True)
        figure(f"fan-out of {result.inserted:,} deliveries, {backend}", result.inserted / elapsed, "deliveries/s")
    finally:
        await drop(db, backend)


async def bench_overtake(backend: str, count: int, tmp: Path) -> None:
    """Seconds from an emergency's fan-out to its first and last delivery, with a bulk notice in progress."""
    db, _ = await fresh_database(backend, tmp)
    settings = Settings(database_url=db.url, secret_key=SECRET)
    try:
        await seed(db, count)
        async with db.begin() as conn:
            bulk = await make_notice(conn, areas=["all"])
            emergency = await make_notice(conn, urgency="emergency", areas=["11101"], status="approved")
        await fan_out(db, bulk, tz=TZ)
        arrivals: dict[str, list[float]] = {}
        t0: list[float] = []

        async def note(batch: object) -> None:
            if not t0 and len(channel.sent) >= min(2000, count // 4):
                await fan_out(db, emergency, tz=TZ)
                t0.append(time.perf_counter())
        channel = MemoryChannel(on_send=note)
        worker = Worker(db, Gateways({"email": [channel]}), settings, batch_size=200)
        seen = 0
        while await worker.run_once():
            for m in channel.sent[seen:]:
                arrivals.setdefault(m.meta["notice"], []).append(time.perf_counter())
            seen = len(channel.sent)
        times = arrivals.get(emergency["public_id"], [])
        if t0 and times:
            bulk_count = len(arrivals[bulk["public_id"]])
            print(f"overtake {backend:8s}: emergency of {len(times):,} started after {times[0] - t0[0]:.3f} s and "
                  f"finished after {times[-1] - t0[0]:.3f} s, with {bulk_count:,} bulk", flush=True)
            figure(f"emergency overtaking a bulk notice, {backend}: first delivery", times[0] - t0[0], "s",
                   higher_is_better=False)
            figure(f"emergency overtaking a bulk notice, {backend}: last delivery", times[-1] - t0[0], "s",
                   higher_is_better=False)
    finally:
        await drop(db, backend)


def _spawn_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "notifier", "worker", "--batch-size", "500"], env=env)


async def bench_workers(count: int, tmp: Path, processes: int) -> float:
    """PostgreSQL: messages/s with N ``todoke worker`` processes to the dev outbox."""
    db, url = await fresh_database("postgres", tmp)
    try:
        await seed(db, count)
        async with db.begin() as conn:
            notice = await make_notice(conn, areas=["all"])
        await fan_out(db, notice, tz=TZ)
        env = {**os.environ, "TODOKE_DATABASE_URL": url, "TODOKE_SECRET_KEY": SECRET, "TODOKE_LOG_LEVEL": "WARNING"}
        started = time.perf_counter()
        procs = [_spawn_worker(env) for _ in range(processes)]
        try:
            while True:
                async with db.connect() as conn:
                    if await outbox.open_count(conn) == 0:
                        break
                await asyncio.sleep(0.2)
        finally:
            for proc in procs:
                proc.terminate()
                proc.wait()
        elapsed = time.perf_counter() - started
        print(f"workers  postgres: {processes} process(es): {count / elapsed:,.0f} messages/s "
              f"({count:,} in {elapsed:.1f} s, dev outbox)", flush=True)
    finally:
        await drop(db, "postgres")
    return count / elapsed


async def main(args: argparse.Namespace) -> None:
    only = set(args.only.split(","))
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    with tempfile.TemporaryDirectory() as tmp:
        for backend in backends:
            if "fanout" in only:
                await bench_fanout(backend, args.subscribers, Path(tmp))
            if "overtake" in only:
                await bench_overtake(backend, min(args.subscribers, 100_000), Path(tmp))
        if "workers" in only and "postgres" in backends:
            single = 0.0
            for processes in (1, 2, 4):
                rate = await bench_workers(min(args.subscribers, 100_000), Path(tmp), processes)
                single = single or rate
                figure(f"todoke worker x{processes}, postgres, dev outbox", rate, "messages/s",
                       baseline=single if processes > 1 else None, baseline_name="1 worker")
    if "smtp" in only:
        await bench_smtp(backends[0], min(args.subscribers, 100_000), Path(tmp), args.connections)


async def _deliver_by_smtp(db: Database, port: int, connections: int, batch: int) -> float:
    """Seconds for workers (one per 25 connections, sharing one pool) to empty the outbox through SMTP."""
    settings = Settings(database_url=db.url, secret_key=SECRET, batch_size=batch)
    smtp = SmtpChannel(config=SmtpConfig.from_url(f"smtp://127.0.0.1:{port}?pool={connections}"),
                       sender=settings.email_from)
    gateways = Gateways({"email": [smtp]})
    workers = [Worker(db, gateways, settings) for _ in range(1 if db.is_sqlite else max(1, connections // 25))]

    async def drain(worker: Worker) -> None:
        while await worker.run_once():
            pass
    started = time.perf_counter()
    try:
        await asyncio.gather(*(drain(w) for w in workers))
    finally:
        await smtp.close()
    return time.perf_counter() - started


async def bench_smtp(backend: str, count: int, tmp: Path, connections: int) -> None:
    """End to end: fanned-out email deliveries sent by the real SMTP channel to an aiosmtpd sink in another
    process; its rate against a bare aiosmtplib loop with the same connections to the same sink."""
    import multiprocessing

    port = _free_port()
    ctx = multiprocessing.get_context("spawn")
    ready = ctx.Event()
    sink = ctx.Process(target=_serve, args=(port, ready), daemon=True)
    sink.start()
    db, _ = await fresh_database(backend, tmp)
    try:
        if not ready.wait(30):
            raise SystemExit("the aiosmtpd sink did not start")
        await seed(db, count)
        async with db.begin() as conn:
            notice = await make_notice(conn, areas=["all"])
        await fan_out(db, notice, tz=TZ)
        ceiling = await bare(port, count, connections)
        elapsed = await _deliver_by_smtp(db, port, connections, batch=max(connections * 10, 50))
        async with db.connect() as conn:
            left = await outbox.open_count(conn)
            delivered = (await outbox.summary(conn, notice["id"])).get("email", {}).get("delivered", 0)
    finally:
        sink.terminate()
        sink.join(5)
        await drop(db, backend)
    rate = delivered / elapsed
    print(f"smtp     {backend:8s}: {delivered:,} delivered ({left} left) in {elapsed:.1f} s = {rate:,.0f} messages/s; "
          f"bare aiosmtplib, {connections} connections: {ceiling:,.0f} messages/s; ratio {rate / ceiling:.2f}; "
          f"peak RSS {rss_mb():.0f} MB", flush=True)
    figure(f"email end to end by SMTP, {count:,} subscribers, {backend}", rate, "messages/s",
           baseline=ceiling, baseline_name=f"bare aiosmtplib x{connections}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subscribers", type=int, default=1_300_000)
    parser.add_argument("--quick", action="store_true", help="20,000 subscribers")
    parser.add_argument("--connections", type=int, default=10, help="SMTP connections (pool size) for smtp")
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--only", default="fanout,overtake,workers,smtp",
                        help="comma-separated: fanout, overtake, workers, smtp")
    arguments = parser.parse_args()
    if arguments.quick:
        arguments.subscribers = 20_000
    asyncio.run(main(arguments))
