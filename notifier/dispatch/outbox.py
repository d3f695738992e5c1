"""The outbox's SQL (one place): claim, record outcomes, sweep retries, reclaim leases, summarise.

Claiming: on PostgreSQL ``SELECT … FOR UPDATE SKIP LOCKED`` inside the UPDATE, so any number of
workers share the work without waiting for each other; on SQLite the same UPDATE … RETURNING
runs under ``BEGIN IMMEDIATE`` (``Database.begin``), which serialises claimers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from notifier.dispatch.keys import OPEN_STATUSES
from notifier.privacy import mask_text
from notifier.storage import schema
from notifier.storage.db import Database, utcnow

d = schema.deliveries
LEASE = timedelta(minutes=5)


@dataclass(frozen=True)
class Delivered:
    id: int
    provider_ref: str | None
    accepted: bool  # the gateway took it; a receipt will confirm or fail it
    meta: dict[str, Any] | None = None  # e.g. which digest carried it


@dataclass(frozen=True)
class Retry:
    id: int
    next_attempt_at: datetime
    error: str
    count_attempt: bool = True  # False when deferred by us (breaker open), not tried


@dataclass(frozen=True)
class Failed:
    id: int
    error: str


Outcome = Delivered | Retry | Failed


async def claim(db: Database, limit: int, *, now: datetime | None = None,
                lease: timedelta = LEASE) -> list[dict[str, Any]]:
    """Take up to ``limit`` due deliveries, lowest priority number first, and lease them."""
    now = now or utcnow()
    due = (
        sa.select(d.c.id)
        .where(d.c.status == "pending", d.c.next_attempt_at <= now)
        .order_by(d.c.priority, d.c.next_attempt_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    stmt = (
        d.update().where(d.c.id.in_(due.scalar_subquery()))
        .values(status="sending", lease_until=now + lease, updated_at=now)
        .returning(*d.c)
    )
    async with db.begin() as conn:
        rows = [dict(r) for r in (await conn.execute(stmt)).mappings()]
    rows.sort(key=lambda r: (r["priority"], r["next_attempt_at"], r["id"]))
    return rows


def _stored(error: str) -> str:
    """A provider's error as kept and shown on the console: gateways quote the recipient
    ("550 5.1.1 <hanako@example.jp>: user unknown"), and addresses are kept encrypted only."""
    return mask_text(error)[:2000]


async def record(conn: AsyncConnection, outcomes: Sequence[Outcome], *, now: datetime | None = None) -> None:
    """Write the outcomes of one batch (executemany per kind of outcome)."""
    now = now or utcnow()
    delivered = [o for o in outcomes if isinstance(o, Delivered)]
    retries = [o for o in outcomes if isinstance(o, Retry)]
    failed = [o for o in outcomes if isinstance(o, Failed)]
    if delivered:
        await conn.execute(
            d.update().where(d.c.id == sa.bindparam("b_id")).values(
                status="delivered", provider_ref=sa.bindparam("b_ref"), delivered_at=now, updated_at=now,
                lease_until=None, attempts=d.c.attempts + 1, meta=sa.bindparam("b_meta", type_=schema.JSON)),
            [{"b_id": o.id, "b_ref": o.provider_ref,
              "b_meta": {**(o.meta or {}), **({"receipt": "awaiting"} if o.accepted else {})}} for o in delivered])
    if retries:
        await conn.execute(
            d.update().where(d.c.id == sa.bindparam("b_id")).values(
                status="temporary_failure", next_attempt_at=sa.bindparam("b_next"), updated_at=now,
                lease_until=None, last_error=sa.bindparam("b_error"),
                attempts=d.c.attempts + sa.bindparam("b_inc")),
            [{"b_id": o.id, "b_next": o.next_attempt_at, "b_error": _stored(o.error), "b_inc": int(o.count_attempt)}
             for o in retries])
    if failed:
        await conn.execute(
            d.update().where(d.c.id == sa.bindparam("b_id")).values(
                status="permanent_failure", updated_at=now, lease_until=None, last_error=sa.bindparam("b_error"),
                attempts=d.c.attempts + 1),
            [{"b_id": o.id, "b_error": _stored(o.error)} for o in failed])


async def sweep_retries(db: Database, *, now: datetime | None = None) -> int:
    """Temporary failures whose wait is over become claimable again."""
    now = now or utcnow()
    async with db.begin() as conn:
        result = await conn.execute(
            d.update().where(d.c.status == "temporary_failure", d.c.next_attempt_at <= now)
            .values(status="pending", updated_at=now))
    return max(int(result.rowcount or 0), 0)


async def reclaim_leases(db: Database, *, now: datetime | None = None) -> int:
    """Deliveries left in ``sending`` by a worker that died are claimable again.

    The delivery may have gone out before the crash; its idempotency key lets the gateway
    (and the sink of the crash test) recognise the second copy.
    """
    now = now or utcnow()
    async with db.begin() as conn:
        result = await conn.execute(
            d.update().where(d.c.status == "sending", d.c.lease_until < now)
            .values(status="pending", lease_until=None, updated_at=now))
    return max(int(result.rowcount or 0), 0)


async def expire_notice_deliveries(conn: AsyncConnection, notice_ids: Sequence[int], *,
                                   now: datetime | None = None) -> int:
    """Open deliveries of expired (or cancelled) notices are skipped, never sent late."""
    if not notice_ids:
        return 0
    now = now or utcnow()
    result = await conn.execute(
        d.update().where(d.c.notice_id.in_(list(notice_ids)), d.c.status.in_(("pending", "temporary_failure")))
        .values(status="skipped", last_error="notice expired", updated_at=now))
    return max(int(result.rowcount or 0), 0)


async def open_count(conn: AsyncConnection, notice_id: int | None = None) -> int:
    """Deliveries not finished yet (of one notice, or all)."""
    stmt = sa.select(sa.func.count()).select_from(d).where(d.c.status.in_(OPEN_STATUSES))
    if notice_id is not None:
        stmt = stmt.where(d.c.notice_id == notice_id)
    return int((await conn.execute(stmt)).scalar_one())


async def pending_count(conn: AsyncConnection) -> int:
    stmt = sa.select(sa.func.count()).select_from(d).where(d.c.status.in_(("pending", "temporary_failure")))
    return int((await conn.execute(stmt)).scalar_one())


async def summary(conn: AsyncConnection, notice_id: int) -> dict[str, dict[str, int]]:
    """Counts of one notice's deliveries by channel and status."""
    rows = await conn.execute(
        sa.select(d.c.channel, d.c.status, sa.func.count()).where(d.c.notice_id == notice_id)
        .group_by(d.c.channel, d.c.status))
    out: dict[str, dict[str, int]] = {}
    for channel, status, count in rows:
        out.setdefault(channel, {})[status] = int(count)
    return out


async def stats(conn: AsyncConnection, notice_id: int) -> dict[str, Any]:
    """Counts by channel × status × variant, and the first and last delivery times."""
    rows = await conn.execute(
        sa.select(d.c.channel, d.c.status, d.c.variant, sa.func.count(),
                  sa.func.min(d.c.delivered_at), sa.func.max(d.c.delivered_at))
        .where(d.c.notice_id == notice_id).group_by(d.c.channel, d.c.status, d.c.variant)
        .order_by(d.c.channel, d.c.status, d.c.variant))
    counts, firsts, lasts = [], [], []
    for channel, status, variant, count, first, last in rows:
        counts.append({"channel": channel, "status": status, "variant": variant, "count": int(count)})
        firsts += [first] if first else []
        lasts += [last] if last else []
    return {"counts": counts, "total": sum(c["count"] for c in counts),
            "first_delivered_at": min(firsts) if firsts else None, "last_delivered_at": max(lasts) if lasts else None}


async def digest_contents(conn: AsyncConnection, leader_id: int) -> tuple[str, list[int]] | None:
    """(variant, notice ids in the digest's order) of the digest whose first delivery is ``leader_id``.

    The leader's ``meta["digest"]`` lists the deliveries its message carried (written when it was
    sent); a leader not sent yet carries only its own notice."""
    query = sa.select(d.c.variant, d.c.subscriber_id, d.c.meta).where(d.c.id == leader_id)
    leader = (await conn.execute(query)).first()
    if leader is None:
        return None
    ids = [i for i in (leader.meta or {}).get("digest", [leader_id]) if isinstance(i, int)]
    rows = await conn.execute(sa.select(d.c.id, d.c.notice_id).where(
        d.c.id.in_(ids), d.c.subscriber_id == leader.subscriber_id))  # only this subscriber's own deliveries
    notice_of = dict(rows.all())
    return leader.variant, [notice_of[i] for i in ids if i in notice_of]
