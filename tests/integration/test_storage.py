"""Migrations and reference data, on both backends."""

from __future__ import annotations

import asyncio

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


async def test_audit_log_is_append_only(db: Database) -> None:
    async with db.begin() as conn:
        await conn.execute(schema.audit_log.insert().values(at=utcnow(), actor="system", action="test"))
    for statement in (schema.audit_log.update().values(actor="mallory"), schema.audit_log.delete()):
        with pytest.raises(DBAPIError, match="append-only"):
            async with db.begin() as conn:
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
