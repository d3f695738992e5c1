"""Notice, rendering and delivery rows inserted directly, for the receipt and callback tests."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from notifier.storage import schema
from notifier.storage.db import Database, utcnow


async def delivery(db: Database, *, channel: str, key: str, provider_ref: str | None = None,
                   status: str = "delivered", variant: str = "ja", voice_text: str | None = None,
                   attempts: int = 1) -> int:
    """A notice with one delivery (and a voice rendering when ``voice_text`` is given); the delivery id."""
    now = utcnow()
    async with db.begin() as conn:
        notice_id = (await conn.execute(schema.notices.insert().values(
            public_id=f"n-{key}", title="避難情報", body="本文", status="sent", created_at=now, updated_at=now)
            .returning(schema.notices.c.id))).scalar_one()
        if voice_text is not None:
            await conn.execute(schema.renderings.insert().values(
                notice_id=notice_id, variant=variant, format="voice", text=voice_text, extra={}, created_at=now))
        return int((await conn.execute(schema.deliveries.insert().values(
            notice_id=notice_id, channel=channel, variant=variant, status=status, attempts=attempts,
            next_attempt_at=now, idempotency_key=key, provider_ref=provider_ref, created_at=now, updated_at=now,
            meta={"receipt": "awaiting"}).returning(schema.deliveries.c.id))).scalar_one())


async def row(db: Database, delivery_id: int) -> dict[str, Any]:
    async with db.connect() as conn:
        return dict((await conn.execute(sa.select(schema.deliveries).where(
            schema.deliveries.c.id == delivery_id))).mappings().one())
