"""Corrections and cancellations (CAP Update / Cancel): new notices linked to a sent one, delivered
to exactly the people the original was delivered to — its deliveries define the audience."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from notifier import audit
from notifier.config import Settings
from notifier.dispatch import outbox
from notifier.dispatch.failover import insert_ignoring_conflicts
from notifier.dispatch.keys import as_utc, idempotency_key
from notifier.dispatch.sending import render
from notifier.notices import store
from notifier.notices.model import PRIORITY
from notifier.storage import schema
from notifier.storage.db import Database, utcnow

__all__ = ["as_utc", "audience_rows", "send_related"]
d = schema.deliveries
RELATIONS = ("update", "cancel")
SENT = ("sending", "sent")
BATCH = 1000


async def audience_rows(conn: AsyncConnection, original_id: int) -> list[dict[str, Any]]:
    """One row per recipient of the original: the channel that reached them (else their first step)."""
    rows = await conn.execute(
        sa.select(d.c.subscriber_id, d.c.caregiver_of, d.c.step, d.c.channel, d.c.contact_point_id, d.c.variant,
                  d.c.status)
        .where(d.c.notice_id == original_id, d.c.subscriber_id.is_not(None), d.c.status != "skipped")
        .order_by(d.c.subscriber_id, d.c.caregiver_of, d.c.step))
    chosen: dict[tuple[int, int], dict[str, Any]] = {}
    for row in rows.mappings():
        key = (row["subscriber_id"], row["caregiver_of"])
        if key not in chosen or (row["status"] == "delivered" and chosen[key]["status"] != "delivered"):
            chosen[key] = dict(row)
    return list(chosen.values())


def _delivery(notice: Mapping[str, Any], row: Mapping[str, Any], variants: set[str], now: datetime) -> dict[str, Any]:
    variant = row["variant"] if row["variant"] in variants else "ja-easy"
    return {"notice_id": notice["id"], "subscriber_id": row["subscriber_id"],
            "contact_point_id": row["contact_point_id"], "channel": row["channel"], "variant": variant,
            "step": row["step"], "priority": PRIORITY.get(notice["urgency"], 2), "status": "pending",
            "attempts": 0, "next_attempt_at": now, "caregiver_of": row["caregiver_of"],
            "idempotency_key": idempotency_key(notice["id"], row["subscriber_id"], row["step"], row["caregiver_of"]),
            "digest": False, "created_at": now, "updated_at": now, "meta": {"related_to": notice["related_id"]}}


async def send_related(db: Database, settings: Settings, notice: dict[str, Any], *, actor: str,
                       now: datetime | None = None) -> int:
    """Render and deliver a correction or cancellation to the original's recipients."""
    now = now or utcnow()
    async with db.begin() as conn:
        notice = await store.set_status(conn, notice["id"], "sending", expected_version=notice["version"],
                                        sent_at=now)
        await audit.record(conn, actor, "notice.sending", notice["public_id"], {"relation": notice["relation"]})
    await render(db, notice, settings)
    async with db.connect() as conn:
        audience = await audience_rows(conn, notice["related_id"])
        rendered = {v for (v,) in await conn.execute(
            sa.select(schema.renderings.c.variant).where(schema.renderings.c.notice_id == notice["id"]).distinct())}
    for start in range(0, len(audience), BATCH):
        async with db.begin() as conn:
            await conn.execute(insert_ignoring_conflicts(conn, d),
                               [_delivery(notice, row, rendered, now) for row in audience[start:start + BATCH]])
    async with db.begin() as conn:
        await store.set_status(conn, notice["id"], "sent")
        if notice["relation"] == "cancel":
            await _cancel_original(conn, notice, actor, now)
    return len(audience)


async def _cancel_original(conn: AsyncConnection, notice: Mapping[str, Any], actor: str, now: datetime) -> None:
    n = schema.notices
    original = (await conn.execute(n.update().where(n.c.id == notice["related_id"]).values(
        status="cancelled", updated_at=now, version=n.c.version + 1).returning(n.c.public_id))).scalar_one()
    skipped = await outbox.expire_notice_deliveries(conn, [notice["related_id"]], now=now)
    await audit.record(conn, actor, "notice.cancelled", original,
                       {"by": notice["public_id"], "skipped": skipped})
