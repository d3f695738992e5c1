"""Migrations and reference data, on both backends."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from notifier.storage import schema
from notifier.storage.db import Database, async_url, utcnow
from notifier.storage.migrate import current, downgrade, upgrade
from notifier.storage.reference import AREAS, TOPICS


def test_plain_urls_map_to_async_drivers() -> None:
    assert async_url("sqlite:///x.db") == "sqlite+aiosqlite:///x.db"
    assert async_url("postgresql://u:p@h:5/d") == "postgresql+asyncpg://u:p@h:5/d"
    assert async_url("postgresql+asyncpg://h/d") == "postgresql+asyncpg://h/d"


async def test_upgrade_creates_default_topics_and_wards(db: Database) -> None:
    assert await current(db) is not None
    async with db.connect() as conn:
        keys = set((await conn.execute(sa.select(schema.topics.c.key))).scalars())
        wards = dict((await conn.execute(sa.select(schema.areas.c.code, schema.areas.c.name_ja))).all())
    assert keys == {t.key for t in TOPICS}
    assert {"disaster", "weather", "water", "health", "garbage", "traffic", "crime", "events", "tax",
            "childcare", "welfare"} == keys
    assert len(wards) == 10 and len(AREAS) == 10
    assert wards["11101"] == "西区" and wards["11110"] == "岩槻区"


async def test_replicas_starting_together_both_upgrade(database_url: str) -> None:
    """Two `todoke db upgrade` at once (replicas starting together): the second waits, then finds it done."""
    first, second = Database(database_url), Database(database_url)
    try:
        head = await current(first)
        await downgrade(first, "base", secret_key="k" * 32)
        assert await current(first) is None
        await asyncio.gather(upgrade(first, secret_key="k" * 32), upgrade(second, secret_key="k" * 32))
        assert await current(first) == head == await current(second)
        async with first.connect() as conn:
            assert (await conn.execute(sa.select(sa.func.count()).select_from(schema.areas))).scalar() == 10
    finally:
        await first.dispose()
        await second.dispose()


async def test_timestamps_are_utc_aware_on_both_backends(db: Database) -> None:
    """A +09:00 time is stored as the same instant and read back aware (SQLite keeps only wall-clock fields)."""
    from datetime import UTC, datetime, timedelta, timezone

    jst = datetime(2026, 11, 24, 15, 30, tzinfo=timezone(timedelta(hours=9)))
    async with db.begin() as conn:
        await conn.execute(schema.audit_log.insert().values(at=jst, actor="system", action="test.time", details={}))
    async with db.connect() as conn:
        at = (await conn.execute(sa.select(schema.audit_log.c.at).where(
            schema.audit_log.c.action == "test.time"))).scalar_one()
        later = (await conn.execute(sa.select(sa.func.count()).select_from(schema.audit_log).where(
            schema.audit_log.c.at > datetime(2026, 11, 24, 6, 0, tzinfo=UTC)))).scalar_one()
    assert at.utcoffset() == timedelta(0) and at == jst and at.hour == 6
    assert later >= 1  # compared as the same instant, not as 15:30 read as UTC


async def test_audit_log_is_append_only(db: Database) -> None:
    """Also on PostgreSQL with row triggers switched off, as a bulk import's transactions may have them."""
    async with db.begin() as conn:
        await conn.execute(schema.audit_log.insert().values(at=utcnow(), actor="system", action="test"))
    for statement in (schema.audit_log.update().values(actor="mallory"), schema.audit_log.delete()):
        for replica in (False, True) if not db.is_sqlite else (False,):
            with pytest.raises(DBAPIError, match="append-only"):
                async with db.begin() as conn:
                    if replica:
                        await conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
                    await conn.execute(statement)
    async with db.connect() as conn:
        assert (await conn.execute(sa.select(schema.audit_log.c.actor))).scalars().all() == ["system"]


async def test_foreign_keys_are_enforced(db: Database) -> None:
    now = utcnow()
    with pytest.raises(DBAPIError):
        async with db.begin() as conn:
            await conn.execute(schema.subscriber_topics.insert().values(subscriber_id=999, topic_key="disaster"))
    async with db.connect() as conn:
        count = (await conn.execute(sa.select(sa.func.count()).select_from(schema.subscriber_topics))).scalar()
    assert count == 0 and now


async def test_autocommit_reads_what_was_just_committed_and_holds_no_transaction(db: Database) -> None:
    async with db.autocommit() as conn:
        assert (await conn.execute(sa.select(sa.func.count()).select_from(schema.audit_log))).scalar() == 0
    async with db.begin() as conn:
        await conn.execute(schema.audit_log.insert().values(at=utcnow(), actor="system", action="test"))
    async with db.autocommit() as conn:
        assert (await conn.execute(sa.select(schema.audit_log.c.actor))).scalars().all() == ["system"]
        driver = (await conn.get_raw_connection()).driver_connection
        assert not (driver.in_transaction if db.is_sqlite else driver.is_in_transaction())


def _count_driver_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every call queued on an aiosqlite connection's thread, by function name."""
    import aiosqlite

    calls: list[str] = []
    original = aiosqlite.Connection._execute

    async def counting(self: Any, fn: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(getattr(fn, "__name__", repr(fn)))
        return await original(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counting)
    return calls


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_an_autocommit_read_is_one_trip_to_the_sqlite_thread(db: Database,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    async with db.connect() as conn:  # the pool's connection exists (opening it costs trips of its own)
        await conn.execute(sa.select(1))
    calls = _count_driver_calls(monkeypatch)
    async with db.autocommit() as conn:
        assert (await conn.execute(sa.select(schema.topics.c.key).limit(1))).scalar() is not None
    assert calls == ["_on_thread"]  # the statement only: no BEGIN before it, no ROLLBACK after it
    calls.clear()
    async with db.connect() as conn:  # an ordinary read keeps its transaction: BEGIN, SELECT, ROLLBACK
        await conn.execute(sa.select(1))
    assert calls == ["_on_thread", "_on_thread", "rollback"]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_a_burst_of_reads_keeps_its_sqlite_connections(db: Database) -> None:
    opened: list[object] = []
    sa.event.listen(db.engine.sync_engine, "connect", lambda dbapi_conn, record: opened.append(dbapi_conn))

    async def read() -> None:
        async with db.connect() as conn:
            await conn.execute(sa.select(1))
            await asyncio.sleep(0.01)  # all twelve hold a connection at once

    for _ in range(3):
        await asyncio.gather(*(read() for _ in range(12)))
    assert len(opened) == 12  # opened once each, then kept: no thread started and stopped per burst


async def test_a_snapshot_sees_each_commit_at_once_and_never_what_is_uncommitted(db: Database) -> None:
    count = sa.select(sa.func.count()).select_from(schema.audit_log)
    assert (await db.snapshot(count, {}))[0][0] == 0
    async with db.begin() as conn:
        await conn.execute(schema.audit_log.insert().values(at=utcnow(), actor="system", action="test"))
    assert (await db.snapshot(count, {}))[0][0] == 1
    async with db.begin() as conn:  # a writer holds its transaction open while the snapshot is read
        await conn.execute(schema.audit_log.insert().values(at=utcnow(), actor="system", action="test"))
        assert (await db.snapshot(count, {}))[0][0] == 1
    assert (await db.snapshot(count, {}))[0][0] == 2
    rows = await db.snapshot(sa.select(schema.audit_log.c.at).limit(1), {})
    assert rows[0].at.tzinfo is not None  # the column types' result processing applies as anywhere else


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_a_sqlite_snapshot_makes_no_trip_to_the_driver_thread_and_cannot_write(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_driver_calls(monkeypatch)
    assert (await db.snapshot(sa.select(schema.topics.c.key).limit(1), {}))[0].key
    assert calls == []  # read on the event loop's thread
    assert db._reader is not None
    with pytest.raises(sa.exc.OperationalError, match="readonly"):
        db._reader.connect().execute(schema.audit_log.insert().values(at=utcnow(), actor="x", action="x"))


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_a_busy_sqlite_snapshot_is_read_the_ordinary_way(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    def busy(*_args: Any, **_kwargs: Any) -> Any:
        raise sa.exc.OperationalError("SELECT", {}, Exception("database is locked"))

    async with db.connect() as conn:  # the pool's connection exists (opening it costs trips of its own)
        await conn.execute(sa.select(1))
    monkeypatch.setattr(db._reader, "connect", busy)
    calls = _count_driver_calls(monkeypatch)
    assert (await db.snapshot(sa.select(schema.topics.c.key).limit(1), {}))[0].key
    assert calls == ["_on_thread"]
