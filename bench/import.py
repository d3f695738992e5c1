"""Benchmark ``todoke subscribers import``: N generated rows on SQLite and on PostgreSQL.

    .venv/bin/python bench/import.py [--rows 1000000] [--backend sqlite|postgres|both] [--workers N]

Prints rows/s (wall clock), peak memory (max RSS of this process and of the largest validation
worker) per backend, and the load average. The machine may be shared, so it also prints the CPU
time spent per imported row: by this process (reading, writing; SQLite works inside it), by
the validation workers, and by the PostgreSQL server process(es) serving the import's own
connections (read from /proc when the server is local; "n/a" otherwise; autovacuum and the
WAL writer are not counted), with their total. Contact points are imported
with --verified semantics so the figure measures validation and storage, not a million
dev-outbox verification messages. PostgreSQL: a throwaway database on TODOKE_BENCH_POSTGRES_URL
(default postgresql://postgres@127.0.0.1:5432/postgres), dropped afterwards, imported into twice:
as that URL's role (a superuser: the import turns row triggers off in its transactions and checks
each batch's references in one query per table) and as a new ordinary role (foreign keys checked
row by row, as for any role that may not set session_replication_role).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import resource
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.figures import figure
from notifier.cli.common import operator
from notifier.config import Settings
from notifier.storage.db import Database, pg_admin
from notifier.storage.migrate import upgrade, upgrade_url
from subscribers.csvio import HEADER, check_utf8, read_rows
from subscribers.importer import Importer

TOPICS = ("disaster", "weather", "water", "health", "garbage", "traffic")
LANGUAGES = ("ja", "ja-easy", "en-US", "zh-CN", "vi", "pt", "ko")
PG_ADMIN = os.environ.get("TODOKE_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def generate(path: Path, rows: int) -> None:
    """Realistic rows: every one has an email, half an SMS number, a tenth a voice line."""
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(HEADER) + "\n")
        for i in range(rows):
            sms = f"090{10_000_000 + i}" if i % 2 == 0 else ""
            voice = f"048{8_000_000 + i % 1_000_000:07d}" if i % 10 == 0 else ""
            topics = "|".join(TOPICS[: 1 + i % len(TOPICS)])
            ward = f"111{1 + i % 10:02d}"
            channels = "email|sms" if sms else "email"
            out.write(f"user{i}@example.jp,{sms},{voice},,{LANGUAGES[i % len(LANGUAGES)]},{topics},{ward},{channels}\n")


@dataclass
class Outcome:
    elapsed: float
    imported: int
    worker_rss_kib: int
    worker_cpu: float
    server_cpu: float | None  # PostgreSQL backends of the import's database; None: not measurable here


async def run(url: str, csv_path: Path, workers: int | None = None) -> Outcome:
    db = Database(url)
    server_cpu: float | None = None
    try:
        await upgrade(db)
        settings = Settings(database_url=url, secret_key="bench-secret-key-0123456789")
        with csv_path.open("rb") as stream:
            check_utf8(stream)
            before = await _server_cpu(db)
            started = time.perf_counter()
            # What ``todoke subscribers import --verified`` runs (no channels: nothing is sent when verified).
            importer = Importer(db, settings, operator=operator(), verified=True, channels=None, workers=workers,
                                report=lambda line, reason: print(f"line {line}: {reason}", file=sys.stderr),
                                source=csv_path.name)
            counts = await importer.run(read_rows(stream))
            elapsed = time.perf_counter() - started
            after = await _server_cpu(db)
            if before is not None and after is not None:  # backends opened meanwhile count whole
                server_cpu = sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())
    finally:
        await db.dispose()
    if counts.bad:
        print(f"  warning: {counts.bad} bad rows", file=sys.stderr)
    return Outcome(elapsed, counts.imported, importer.worker_rss_kib, importer.worker_cpu_seconds, server_cpu)


async def _server_cpu(db: Database) -> dict[int, float] | None:
    """CPU seconds of each PostgreSQL client backend connected to this database (the import's
    own connections; not autovacuum), if the server is local."""
    if db.is_sqlite:
        return None
    async with db.connect() as conn:
        pids = list((await conn.execute(sa.text("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                                                "AND backend_type = 'client backend'"))).scalars())
    return _proc_cpu(pids)


def _proc_cpu(pids: list[int]) -> dict[int, float] | None:
    out = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None  # a remote server, or one we may not look at
        out[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return out


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def measure(backend: str, url: str, csv_path: Path, workers: int | None) -> None:
    rss_before, cpu_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, cpu_seconds()
    out = asyncio.run(run(url, csv_path, workers))
    cpu = cpu_seconds() - cpu_before
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    rows = max(out.imported, 1)
    server = "n/a" if out.server_cpu is None else f"{out.server_cpu / rows * 1e6:.0f} us"
    total = (cpu + out.worker_cpu + (out.server_cpu or 0.0)) / rows * 1e6
    print(f"{backend:9} {out.imported:>9,} rows in {out.elapsed:7.1f} s = {out.imported / out.elapsed:>8,.0f} rows/s; "
          f"peak RSS {rss} MiB (was {rss_before // 1024} MiB before this run; largest worker "
          f"{out.worker_rss_kib // 1024} MiB); load {load}")
    print(f"{'':9} CPU per row: this process {cpu / rows * 1e6:.0f} us, workers {out.worker_cpu / rows * 1e6:.0f} us, "
          f"database server {server}; total {total:.0f} us")
    figure(f"subscriber import ({out.imported:,} rows), {backend}", out.imported / out.elapsed, "rows/s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--workers", type=int, default=None,
                        help="validation worker processes (0: check in this process; default: up to 2)")
    parser.add_argument("--quick", action="store_true", help="20,000 rows")
    args = parser.parse_args()
    if args.quick:
        args.rows = 20_000
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "subscribers.csv"
        generate(csv_path, args.rows)
        print(f"generated {args.rows:,} rows ({csv_path.stat().st_size / 1e6:.0f} MB)")
        if args.backend in ("sqlite", "both"):
            measure("sqlite", f"sqlite:///{tmp}/bench.db", csv_path, args.workers)
        if args.backend in ("postgres", "both"):
            with postgres_database(plain_role=False) as url:
                measure("postgres", url, csv_path, args.workers)
            with postgres_database(plain_role=True) as url:
                measure("postgres, ordinary role (per-row foreign keys)", url, csv_path,
                        args.workers)
    return 0


@contextlib.contextmanager
def postgres_database(*, plain_role: bool) -> Iterator[str]:
    """A throwaway database, migrated; with ``plain_role``, the URL is that of a new role that is not
    a superuser and may not set session_replication_role (the import then checks every row's
    foreign keys), dropped afterwards with the database."""
    name = f"todoke_bench_{uuid.uuid4().hex[:8]}"
    admin = make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False)
    url = make_url(PG_ADMIN).set(drivername="postgresql+asyncpg", database=name)
    role = f"{name}_plain"
    asyncio.run(pg_admin(PG_ADMIN, f'CREATE DATABASE "{name}"'))
    try:
        if plain_role:
            asyncio.run(upgrade_url(url.render_as_string(hide_password=False)))
            asyncio.run(pg_admin(PG_ADMIN, f'CREATE ROLE "{role}" LOGIN'))
            asyncio.run(pg_admin(admin, f'GRANT ALL ON ALL TABLES IN SCHEMA public TO "{role}"',
                                 f'GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO "{role}"'))
            url = url.set(username=role, password=None)
        yield url.render_as_string(hide_password=False)
    finally:
        asyncio.run(pg_admin(PG_ADMIN, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if plain_role:
            asyncio.run(pg_admin(PG_ADMIN, f'DROP ROLE IF EXISTS "{role}"'))


if __name__ == "__main__":
    raise SystemExit(main())
