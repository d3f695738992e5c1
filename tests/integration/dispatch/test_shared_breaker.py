"""The circuit breaker is shared through ``gateway_buckets`` on PostgreSQL, in process on SQLite."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from channels.base import Message
from notifier.dispatch.breaker import SqlBreakerStore, store_for
from notifier.dispatch.gateways import Gateways
from notifier.dispatch.testing import MemoryChannel
from notifier.storage import schema
from notifier.storage.db import Database


def _batch(n: int) -> list[Message]:
    return [Message(f"r{i}@example.jp", "本文", f"k{i}") for i in range(n)]


@pytest.mark.parametrize("backend", ["postgres"])
async def test_a_breaker_opened_by_one_worker_holds_back_another(db: Database) -> None:
    failing = MemoryChannel(plan={f"r{i}@example.jp": ["temporary"] for i in range(5)})
    elsewhere = MemoryChannel()  # the same gateway as seen from a second process
    one = Gateways({"email": [failing]}, breaker_threshold=5, breaker_cooldown=60, breakers=store_for(db))
    two = Gateways({"email": [elsewhere]}, breaker_threshold=5, breaker_cooldown=60, breakers=store_for(db))

    assert [r.status for r in (await one.send("email", _batch(5))).results] == ["temporary"] * 5
    held = await two.send("email", _batch(3))
    assert held.results == [] and len(held.deferred) == 3 and elsewhere.sent == []
    assert 1.0 <= held.retry_in <= 60
    async with db.connect() as conn:
        failures, open_until = (await conn.execute(
            sa.select(schema.gateway_buckets.c.failures, schema.gateway_buckets.c.open_until)
            .where(schema.gateway_buckets.c.name == "breaker:email:memory"))).one()
    assert failures == 5 and open_until is not None


@pytest.mark.parametrize("backend", ["postgres"])
async def test_an_answer_anywhere_closes_it_for_all(db: Database) -> None:
    store = store_for(db)
    assert isinstance(store, SqlBreakerStore)
    one = Gateways({"email": [MemoryChannel()]}, breaker_threshold=3, breakers=store)
    two = Gateways({"email": [MemoryChannel()]}, breaker_threshold=3, breakers=SqlBreakerStore(db))
    b1, b2 = one.by_channel["email"][0].breaker, two.by_channel["email"][0].breaker
    await store.record(b1, succeeded=False, failures=2)
    await store.refresh(b2)
    assert (b2.failures, b2.state) == (2, "closed")
    await store.record(b2, succeeded=False, failures=1)  # the third failure, counted in the other process
    await store.refresh(b1)
    assert b1.state == "open"
    await store.record(b1, succeeded=True, failures=0)
    await store.refresh(b2)
    assert (b2.failures, b2.state) == (0, "closed")


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_sqlite_keeps_the_breaker_in_process(db: Database) -> None:
    assert store_for(db) is None
    failing = MemoryChannel(plan={f"r{i}@example.jp": ["temporary"] for i in range(5)})
    gateways = Gateways({"email": [failing]}, breaker_threshold=5, breakers=store_for(db))
    await gateways.send("email", _batch(5))
    assert gateways.by_channel["email"][0].breaker.state == "open"
    async with db.connect() as conn:
        assert (await conn.execute(sa.select(sa.func.count()).select_from(schema.gateway_buckets))).scalar() == 0
