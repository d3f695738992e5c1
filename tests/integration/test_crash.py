"""Crash test (PostgreSQL): three ``todoke worker`` processes, one killed with SIGKILL mid-broadcast.

Every subscriber must get the message; duplicates (same idempotency key twice at the sink) are
printed as a figure and must stay within one batch in flight. The sink is a real SMTP server
(aiosmtpd, ``bench/smtp_sink.py``) in its own process, recording each message's Message-ID — the
delivery's idempotency key — as it answers 250, before the worker marks the row delivered.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from notifier.dispatch import outbox
from notifier.dispatch.fanout import fan_out
from notifier.dispatch.testing import bulk_subscribers, make_notice
from notifier.storage import schema
from notifier.storage.db import Database
from tests.conftest import TEST_SECRET
from tests.integration.channels.peers import free_port

SUBSCRIBERS = 3000
BATCH = 50
SINK = Path(__file__).resolve().parents[2] / "bench" / "smtp_sink.py"


def _worker(database_url: str, smtp_port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "TODOKE_DATABASE_URL": database_url, "TODOKE_SECRET_KEY": TEST_SECRET,
           "TODOKE_LOG_LEVEL": "WARNING", "TODOKE_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}?pool=5"}
    for name in ("SMS", "VOICE", "LINE"):
        env.pop(f"TODOKE_{name}_URL", None)
        env.pop(f"TODOKE_{name}_URL_2", None)
    env.pop("TODOKE_SMTP_URL_2", None)
    return subprocess.Popen([sys.executable, "-m", "notifier", "worker", "--batch-size", str(BATCH),
                             "--lease", "3"], env=env, stdout=subprocess.DEVNULL, stderr=None)


def _wait_until_catching_sigterm(proc: subprocess.Popen[bytes], timeout: float = 20) -> None:
    """A worker still importing would die of SIGTERM before installing its handler (Linux /proc)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = Path(f"/proc/{proc.pid}/status").read_text()
        caught = int(next(line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:")), 16)
        if caught & (1 << (signal.SIGTERM - 1)):
            return
        time.sleep(0.05)


@pytest.fixture
def workers() -> Iterator[list[subprocess.Popen[bytes]]]:
    procs: list[subprocess.Popen[bytes]] = []
    yield procs
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.fixture
def smtp_sink(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """aiosmtpd in a subprocess; yields its port and the file of Message-IDs it accepted."""
    port, record = free_port(), tmp_path / "message-ids.txt"
    record.touch()
    proc = subprocess.Popen([sys.executable, str(SINK), "--port", str(port), "--record", str(record)],
                            stdout=subprocess.PIPE)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
        yield port, record
    finally:
        proc.kill()
        proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()


def _sink_keys(record: Path) -> list[str]:
    return [line for line in record.read_text(encoding="ascii").split("\n") if line]


async def _wait_for(check: object, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not await check():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.1)


@pytest.mark.parametrize("backend", ["postgres"])
async def test_kill_9_mid_broadcast_loses_nothing(db: Database, database_url: str,
                                                  workers: list[subprocess.Popen[bytes]],
                                                  smtp_sink: tuple[int, Path]) -> None:
    port, record = smtp_sink
    async with db.begin() as conn:
        await bulk_subscribers(conn, SUBSCRIBERS)
        notice = await make_notice(conn)
    await fan_out(db, notice, tz=ZoneInfo("Asia/Tokyo"))
    workers += [_worker(database_url, port) for _ in range(3)]

    async def started() -> bool:
        return len(_sink_keys(record)) >= SUBSCRIBERS // 5
    await _wait_for(started, 30)
    workers[0].send_signal(signal.SIGKILL)
    workers[0].wait()
    workers.append(_worker(database_url, port))  # started again

    async def finished() -> bool:
        async with db.connect() as conn:
            return await outbox.open_count(conn, notice["id"]) == 0
    await _wait_for(finished, 45)

    keys = _sink_keys(record)
    async with db.connect() as conn:
        expected = {k for (k,) in await conn.execute(
            sa.select(schema.deliveries.c.idempotency_key).where(schema.deliveries.c.notice_id == notice["id"]))}
    duplicates = len(keys) - len(set(keys))
    print(f"\ncrash test: {SUBSCRIBERS} subscribers, {len(keys)} messages at the SMTP sink, "
          f"{duplicates} duplicates by Message-ID (batch size {BATCH})")
    assert set(keys) == expected and len(expected) == SUBSCRIBERS
    assert duplicates <= BATCH
    for proc in workers[1:]:
        _wait_until_catching_sigterm(proc)
        proc.send_signal(signal.SIGTERM)  # graceful: finish the batch in flight, exit 0
    assert [proc.wait(timeout=20) for proc in workers[1:]] == [0, 0, 0]
