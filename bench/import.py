"""Benchmark ``todoke subscribers import``: N generated rows on SQLite and on PostgreSQL.

    .venv/bin/python bench/import.py [--rows 1000000] [--backend sqlite|postgres|both] [--workers N]

Prints rows/s, the CPU seconds of the reading-and-writing process (the machine may be shared, so
wall time alone says little), peak memory (max RSS of this process and of the largest
validation worker) per backend, and the load average. Contact points are imported with
--verified semantics so the figure measures validation and storage, not a million dev-outbox
verification messages. PostgreSQL: a throwaway database on TODOKE_BENCH_POSTGRES_URL
(default postgresql://postgres@127.0.0.1:5432/postgres), dropped afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.figures import figure
from notifier.cli.common import operator
from notifier.config import Settings
from notifier.storage.db import Database, pg_admin
from notifier.storage.migrate import upgrade
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


async def run(url: str, csv_path: Path, workers: int | None = None) -> tuple[float, int, int]:
    db = Database(url)
    try:
        await upgrade(db)
        settings = Settings(database_url=url, secret_key="bench-secret-key-0123456789")
        with csv_path.open("rb") as stream:
            check_utf8(stream)
            started = time.perf_counter()
            # What ``todoke subscribers import --verified`` runs (no channels: nothing is sent when verified).
            importer = Importer(db, settings, operator=operator(), verified=True, channels=None, workers=workers,
                                report=lambda line, reason: print(f"line {line}: {reason}", file=sys.stderr),
                                source=csv_path.name)
            counts = await importer.run(read_rows(stream))
            elapsed = time.perf_counter() - started
    finally:
        await db.dispose()
    if counts.bad:
        print(f"  warning: {counts.bad} bad rows", file=sys.stderr)
    return elapsed, counts.imported, importer.worker_rss_kib




def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def measure(backend: str, url: str, csv_path: Path, workers: int | None) -> None:
    rss_before, cpu_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, cpu_seconds()
    elapsed, imported, worker_rss = asyncio.run(run(url, csv_path, workers))
    cpu = cpu_seconds() - cpu_before
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{backend:9} {imported:>9,} rows in {elapsed:7.1f} s = {imported / elapsed:>8,.0f} rows/s; "
          f"CPU {cpu:.1f} s (this process); peak RSS {rss} MiB "
          f"(was {rss_before // 1024} MiB before this run; largest worker {worker_rss // 1024} MiB); load {load}")
    figure(f"subscriber import ({imported:,} rows), {backend}", imported / elapsed, "rows/s")


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
            name = f"todoke_bench_{uuid.uuid4().hex[:8]}"
            asyncio.run(pg_admin(PG_ADMIN, f'CREATE DATABASE "{name}"'))
            try:
                url = make_url(PG_ADMIN).set(drivername="postgresql+asyncpg", database=name)
                measure("postgres", url.render_as_string(hide_password=False), csv_path, args.workers)
            finally:
                asyncio.run(pg_admin(PG_ADMIN, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
