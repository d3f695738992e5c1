"""Digests: a subscriber's non-urgent notices arrive as ONE message per channel at their digest time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from notifier.config import Settings
from notifier.dispatch.fanout import fan_out
from notifier.dispatch.gateways import Gateways
from notifier.dispatch.testing import MemoryChannel, make_notice, make_subscriber
from notifier.dispatch.worker import Worker
from notifier.storage import schema
from notifier.storage.db import Database

TZ = ZoneInfo("Asia/Tokyo")
MORNING = datetime(2026, 7, 1, 1, 0, tzinfo=UTC)  # 10:00 in Tokyo
EVENING = datetime(2026, 7, 1, 9, 0, 30, tzinfo=UTC)  # 18:00:30 in Tokyo


async def _deliveries(db: Database, subscriber: int) -> list[dict[str, object]]:
    d = schema.deliveries
    async with db.connect() as conn:
        rows = await conn.execute(sa.select(d).where(d.c.subscriber_id == subscriber).order_by(d.c.id))
        return [dict(r) for r in rows.mappings()]


async def test_digest_merges_the_days_notices_into_one_message(db: Database, settings: Settings) -> None:
    async with db.begin() as conn:
        digester = await make_subscriber(conn, digest_time="18:00")
        other = await make_subscriber(conn)
        notices = [await make_notice(conn), await make_notice(conn), await make_notice(conn, urgency="urgent")]
    for notice in notices:
        await fan_out(db, notice, tz=TZ, now=MORNING)
    channel = MemoryChannel()
    clock = [MORNING]
    worker = Worker(db, Gateways({"email": [channel]}), settings, clock=lambda: clock[0])
    while await worker.run_once():
        pass
    urgent = [m for m in channel.sent if m.meta["notice"] == notices[2]["public_id"]]
    assert len(urgent) == 2 and len(channel.sent) == 4  # the urgent one at once; the other subscriber gets all
    assert [r["status"] for r in await _deliveries(db, digester)] == ["pending", "pending", "delivered"]

    channel.reset()
    clock[0] = EVENING
    while await worker.run_once():
        pass
    assert len(channel.sent) == 1  # one message for both notices
    message = channel.sent[0]
    for notice in notices[:2]:
        assert f"{settings.base_url}/n/{notice['public_id']}" in message.text
        assert f"お知らせ{notice['id']}" in message.text  # each notice's title in the subscriber's variant
    assert notices[2]["public_id"] not in message.text
    rows = await _deliveries(db, digester)
    assert [r["status"] for r in rows] == ["delivered"] * 3
    leader, follower = rows[0], rows[1]
    assert message.idempotency_key == leader["idempotency_key"]
    assert leader["meta"] == {"digest": [leader["id"], follower["id"]]}
    assert follower["meta"] == {"delivered_by_digest": leader["id"]}
    assert all(r["status"] == "delivered" for r in await _deliveries(db, other))


async def test_a_failed_digest_retries_every_notice_in_it(db: Database, settings: Settings) -> None:
    async with db.begin() as conn:
        digester = await make_subscriber(conn, digest_time="18:00", contacts={"email": "d@example.jp"})
        notices = [await make_notice(conn), await make_notice(conn)]
    for notice in notices:
        await fan_out(db, notice, tz=TZ, now=MORNING)
    channel = MemoryChannel(plan={"d@example.jp": ["temporary", "delivered"]})
    clock = [EVENING]
    worker = Worker(db, Gateways({"email": [channel]}), settings, clock=lambda: clock[0])
    await worker.run_once()
    rows = await _deliveries(db, digester)
    assert [r["status"] for r in rows] == ["temporary_failure"] * 2 and len(channel.sent) == 1
    clock[0] = EVENING + timedelta(hours=3)
    await worker.housekeeping()
    while await worker.run_once():
        pass
    assert [r["status"] for r in await _deliveries(db, digester)] == ["delivered"] * 2 and len(channel.sent) == 2
