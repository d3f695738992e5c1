"""The fault suite at small sizes (``bench/faults.py`` runs the same scenarios at full size).

After every fault: each subscriber's message reached the SMTP sink (by Message-ID, which is the
idempotency key), nothing is lost, and duplicates stay within one batch per kill. The figures are
printed (run with ``-s`` to see them).
"""

from __future__ import annotations

import pytest

from notifier.storage.db import Database
from tests.reliability import scenarios
from tests.reliability.sink import FaultySink
from tests.reliability.smtp_faults import smtp_faults

SEED = 7  # the kill moments are random but repeatable


def _check(report: scenarios.Report) -> None:
    print("\n" + report.line())
    assert report.received >= report.subscribers
    assert report.lost == 0
    assert report.duplicates <= report.bound


@pytest.mark.parametrize("backend", ["postgres"])
async def test_kill_9_of_workers_at_random_moments(db: Database, database_url: str, sink: FaultySink) -> None:
    report = await scenarios.kill_workers(db, database_url, sink, subscribers=1500, kills=3, seed=SEED, batch=50)
    _check(report)
    assert report.faults == 3


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_kill_9_of_the_server_at_random_moments(db: Database, database_url: str, sink: FaultySink) -> None:
    report = await scenarios.kill_server(db, database_url, sink, subscribers=1500, kills=2, seed=SEED)
    _check(report)
    assert report.faults == 2


@pytest.mark.parametrize("backend", ["postgres"])
async def test_postgres_connections_terminated_mid_broadcast(db: Database, database_url: str,
                                                            sink: FaultySink) -> None:
    report = await scenarios.postgres_loss(db, database_url, sink, subscribers=1500, cuts=2, seed=SEED)
    _check(report)
    assert report.extra["backends terminated"] >= 2  # the workers really lost their connections
    assert report.extra["workers alive"] == 2  # and survived it


async def test_smtp_server_refusing_then_slow_then_dropping(db: Database, sink: FaultySink) -> None:
    report = await smtp_faults(db, sink, subscribers=300, outage=0.5)
    _check(report)
    assert {"4xx", "slow", "drop"} <= set(report.extra)  # every phase happened


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_sqlite_write_lock_held_by_another_connection(db: Database, database_url: str,
                                                           sink: FaultySink) -> None:
    report = await scenarios.sqlite_busy(db, database_url, sink, subscribers=1000, holds=2, hold_seconds=1.5,
                                         seed=SEED)
    _check(report)
    assert report.extra["worker alive"]
