"""Delivery receipts: a gateway's later word on a message it accepted (SMPP deliver_sm, status callbacks).

A receipt finds its delivery by the gateway's reference (``provider_ref``) and moves it to
delivered, to a permanent failure (the dispatcher then falls back to the next channel), or to a
temporary failure due again after a wait (a voice call nobody answered).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Literal

import sqlalchemy as sa

from notifier.storage import schema
from notifier.storage.db import utcnow

if TYPE_CHECKING:
    from notifier.storage.db import Database

log = logging.getLogger(__name__)

ReceiptStatus = Literal["delivered", "temporary", "permanent"]
DEFAULT_RETRY_SECONDS = 300.0  # when the gateway gives no hint of its own
d = schema.deliveries


def _channels(channel: str) -> tuple[str, ...]:
    # A relay call is a voice call as far as the gateway is concerned.
    return ("voice", "voice-relay") if channel == "voice" else (channel,)


async def apply_receipt(db: Database, *, channel: str, provider_ref: str, status: ReceiptStatus,
                        error: str | None = None, meta: Mapping[str, Any] | None = None,
                        retry_after: float | None = None) -> bool:
    """Apply one receipt to the delivery sent through ``channel`` as ``provider_ref``; False if none matches.

    ``meta`` is merged into the delivery's ``meta`` (receipt details, a call's confirmation);
    ``retry_after`` is the wait before a temporary failure is tried again.
    """
    if not provider_ref:
        return False
    now = utcnow()
    async with db.begin() as conn:
        row = (await conn.execute(
            sa.select(d.c.id, d.c.status, d.c.meta, d.c.delivered_at)
            .where(d.c.provider_ref == provider_ref, d.c.channel.in_(_channels(channel)))
            .order_by(d.c.id).limit(1).with_for_update())).mappings().first()
        if row is None:
            return False
        merged = {**(row["meta"] or {}), **(meta or {}), "receipt": status}
        values: dict[str, Any] = {"meta": merged, "updated_at": now, "lease_until": None}
        if status == "delivered":
            values.update(status="delivered", delivered_at=row["delivered_at"] or now)
        elif status == "permanent":
            values.update(status="permanent_failure", last_error=(error or "rejected by the gateway")[:2000])
        else:
            wait = DEFAULT_RETRY_SECONDS if retry_after is None else retry_after
            values.update(status="temporary_failure", last_error=(error or "not delivered yet")[:2000],
                          next_attempt_at=now + timedelta(seconds=wait))
        await conn.execute(d.update().where(d.c.id == row["id"]).values(**values))
    log.info("receipt %s for delivery %s via %s", status, row["id"], channel,
             extra={"delivery_id": row["id"], "status": status})
    return True


async def delivery_by_key(db: Database, key: str) -> dict[str, Any] | None:
    """The delivery with this idempotency key (the voice TwiML pages are addressed by it)."""
    async with db.connect() as conn:
        row = (await conn.execute(sa.select(d).where(d.c.idempotency_key == key))).mappings().first()
    return dict(row) if row else None


async def delivery_by_ref(db: Database, *, channel: str, provider_ref: str) -> dict[str, Any] | None:
    """The delivery sent through ``channel`` as ``provider_ref``."""
    async with db.connect() as conn:
        row = (await conn.execute(
            sa.select(d).where(d.c.provider_ref == provider_ref, d.c.channel.in_(_channels(channel)))
            .order_by(d.c.id).limit(1))).mappings().first()
    return dict(row) if row else None


async def confirm_call(db: Database, key: str, *, digits: str) -> bool:
    """The callee pressed the confirm key: record it on the delivery and count the call as delivered."""
    now = utcnow()
    async with db.begin() as conn:
        row = (await conn.execute(sa.select(d.c.id, d.c.meta, d.c.delivered_at).where(d.c.idempotency_key == key)
                                  .with_for_update())).mappings().first()
        if row is None:
            return False
        meta = {**(row["meta"] or {}), "confirmed": True, "confirmed_at": now.isoformat(), "digits": digits}
        await conn.execute(d.update().where(d.c.id == row["id"]).values(
            status="delivered", delivered_at=row["delivered_at"] or now, meta=meta, updated_at=now,
            lease_until=None))
    log.info("voice call confirmed for delivery %s", row["id"], extra={"delivery_id": row["id"]})
    return True
