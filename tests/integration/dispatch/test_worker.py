"""The outbox and worker on both backends: claim, lease reclaim, retries, failover, breaker, priority."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from channels.base import Message, Result
from notifier.config import Settings
from notifier.dispatch import outbox
from notifier.dispatch.fanout import fan_out
from notifier.dispatch.gateways import Gateways
from notifier.dispatch.keys import as_utc
from notifier.dispatch.retry import RetryPolicy
from notifier.dispatch.testing import MemoryChannel, make_notice, make_subscriber
from notifier.dispatch.worker import Worker
from notifier.metrics import Metrics
from notifier.storage import schema
from notifier.storage.db import Database, utcnow

TZ = ZoneInfo("Asia/Tokyo")
d = schema.deliveries


async def _deliveries(db: Database, notice_id: int | None = None) -> list[dict[str, Any]]:
    stmt = sa.select(d).order_by(d.c.id)
    if notice_id is not None:
        stmt = stmt.where(d.c.notice_id == notice_id)
    async with db.connect() as conn:
        return [dict(r) for r in (await conn.execute(stmt)).mappings()]


async def _broadcast(db: Database, count: int, **notice: Any) -> dict[str, Any]:
    async with db.begin() as conn:
        for _ in range(count):
            await make_subscriber(conn)
        row = await make_notice(conn, **notice)
    await fan_out(db, row, tz=TZ)
    return row


async def test_claim_leases_and_reclaims(db: Database) -> None:
    await _broadcast(db, 5)
    now = utcnow()
    first = await outbox.claim(db, 3, now=now, lease=timedelta(seconds=30))
    second = await outbox.claim(db, 10, now=now)
    assert len(first) == 3 and len(second) == 2
    assert not {r["id"] for r in first} & {r["id"] for r in second}
    assert await outbox.claim(db, 10, now=now) == []
    assert await outbox.reclaim_leases(db, now=now + timedelta(seconds=10)) == 0
    assert await outbox.reclaim_leases(db, now=now + timedelta(seconds=31)) == 3
    again = await outbox.claim(db, 10, now=now + timedelta(seconds=31))
    assert {r["id"] for r in again} == {r["id"] for r in first}


async def test_worker_delivers_personalised_messages_with_idempotency_keys(db: Database, settings: Settings) -> None:
    notice = await _broadcast(db, 3)
    email = MemoryChannel()
    metrics = Metrics()
    worker = Worker(db, Gateways({"email": [email]}), settings, metrics=metrics)
    assert await worker.run_once() == 3
    rows = await _deliveries(db)
    assert {r["status"] for r in rows} == {"delivered"}
    assert sorted(m.idempotency_key for m in email.sent) == sorted(r["idempotency_key"] for r in rows)
    assert all("[[UNSUBSCRIBE_URL]]" not in m.text and "http://todoke.test/" in m.text for m in email.sent)
    assert {m.meta["notice"] for m in email.sent} == {notice["public_id"]}
    assert metrics.deliveries.labels("email", "delivered")._value.get() == 3


async def test_temporary_failures_back_off_then_fail_over(db: Database, settings: Settings) -> None:
    async with db.begin() as conn:
        sid = await make_subscriber(conn, channels=["email", "line", "sms"],
                                    contacts={"email": "a@x.jp", "line": "U1", "sms": "+819000000001"},
                                    unverified=["line"])
        await make_notice(conn)
        notice = (await conn.execute(sa.select(schema.notices))).mappings().one()
    await fan_out(db, notice, tz=TZ)
    email = MemoryChannel(plan={"a@x.jp": ["temporary"]})
    sms = MemoryChannel(family="sms")
    clock = [utcnow()]
    policy = RetryPolicy(max_attempts=3, base_seconds=10, max_seconds=100, rng=random.Random(1))
    worker = Worker(db, Gateways({"email": [email], "sms": [sms]}), settings, retry=policy, clock=lambda: clock[0])
    waits = []
    for _ in range(3):
        await worker.run_once()
        row = (await _deliveries(db))[0]
        if row["status"] == "temporary_failure":
            waits.append((as_utc(row["next_attempt_at"]) - clock[0]).total_seconds())
            clock[0] = as_utc(row["next_attempt_at"]) + timedelta(seconds=1)
            assert await worker.run_once() == 0  # not claimable before the sweep
            await outbox.sweep_retries(db, now=clock[0])
    assert len(waits) == 2 and 0 <= waits[0] <= 10 and 0 <= waits[1] <= 20
    first, second = await _deliveries(db)
    assert (first["status"], first["attempts"], first["channel"]) == ("permanent_failure", 3, "email")
    assert "gave up after 3 attempts" in first["last_error"]
    assert (second["channel"], second["step"], second["subscriber_id"]) == ("sms", 2, sid)
    await worker.run_once()
    assert (await _deliveries(db))[1]["status"] == "delivered" and len(sms.sent) == 1


async def test_breaker_opens_and_spare_gateway_takes_over(db: Database, settings: Settings) -> None:
    await _broadcast(db, 12)
    primary = MemoryChannel(name="primary", plan={})
    primary.plan = _always_temporary(primary)
    spare = MemoryChannel(name="spare")
    gateways = Gateways({"email": [primary, spare]}, breaker_threshold=3, breaker_cooldown=600)
    worker = Worker(db, gateways, settings, batch_size=4)
    await worker.run_once()  # 4 temporary failures: the primary's breaker opens
    await worker.run_once()
    await worker.run_once()
    assert len(primary.sent) == 4 and len(spare.sent) == 8
    assert gateways.by_channel["email"][0].breaker.state == "open"


def _always_temporary(channel: MemoryChannel) -> Any:
    class Plan(dict):  # every recipient fails temporarily
        def get(self, key: Any, default: Any = None) -> Any:
            return ["temporary"]
    return Plan()


async def test_all_breakers_open_defers_without_counting_an_attempt(db: Database, settings: Settings) -> None:
    await _broadcast(db, 3)
    primary = MemoryChannel()
    primary.plan = _always_temporary(primary)
    gateways = Gateways({"email": [primary]}, breaker_threshold=1, breaker_cooldown=600)
    worker = Worker(db, gateways, settings, batch_size=1)
    await worker.run_once()
    await worker.run_once()
    rows = await _deliveries(db)
    assert [r["attempts"] for r in rows[:2]] == [1, 0]
    assert rows[1]["last_error"] == "gateway circuit open; deferred" and len(primary.sent) == 1


async def test_emergency_overtakes_bulk(db: Database, settings: Settings) -> None:
    bulk = await _broadcast(db, 60)
    async with db.begin() as conn:
        for _ in range(15):
            await make_subscriber(conn, topics=["weather"])
        emergency = await make_notice(conn, urgency="emergency", topics=["weather"], status="approved")
    injected: list[bool] = []

    async def inject(batch: Sequence[Message]) -> None:
        if not injected:  # the emergency arrives while the first bulk batch is in flight
            injected.append(True)
            await fan_out(db, emergency, tz=TZ)

    email = MemoryChannel(on_send=inject)
    worker = Worker(db, Gateways({"email": [email]}), settings, batch_size=10)
    while await worker.run_once():
        pass
    order = [m.meta["notice"] for m in email.sent]
    assert len(order) == 75
    first_emergency = order.index(emergency["public_id"])
    assert first_emergency == 10  # right after the batch that was in flight
    assert order[first_emergency:first_emergency + 15] == [emergency["public_id"]] * 15
    assert set(order[25:]) == {bulk["public_id"]}


async def test_missing_rendering_fails_over_with_reason(db: Database, settings: Settings) -> None:
    async with db.begin() as conn:
        await make_subscriber(conn, channels=["email"])
        notice = await make_notice(conn, variants=[])
    await fan_out(db, notice, tz=TZ)
    worker = Worker(db, Gateways({"email": [MemoryChannel()]}), settings)
    await worker.run_once()
    row = (await _deliveries(db))[0]
    assert row["status"] == "permanent_failure" and row["last_error"] == "no email rendering for variant ja"


class _QuotingGateway(MemoryChannel):
    """Refuses every message quoting the recipient, as SMTP servers and SMS gateways do."""

    def _one(self, message: Message) -> Result:
        self.sent.append(message)
        return Result(message, "permanent", error=f"SMTP 550 5.1.1 <{message.recipient}>: Recipient address "
                                                  "rejected (reported by +81 90-1234-5678)")


async def test_a_providers_error_is_kept_without_the_address_it_quotes(db: Database, settings: Settings) -> None:
    """Addresses are stored encrypted only: the outbox row and the console keep the error masked."""
    async with db.begin() as conn:
        await make_subscriber(conn, channels=["email"], contacts={"email": "hanako.yamada@example.jp"})
        notice = await make_notice(conn)
    await fan_out(db, notice, tz=TZ)
    await Worker(db, Gateways({"email": [_QuotingGateway()]}), settings).run_once()
    [row] = await _deliveries(db)
    assert row["status"] == "permanent_failure" and "Recipient address rejected" in row["last_error"]
    assert "hanako.yamada@example.jp" not in row["last_error"] and "h***@e***.jp" in row["last_error"]
    assert "1234-5678" not in row["last_error"] and "5678" in row["last_error"]
