"""Helpers for the subscription tests: read the dev outbox, age throttles, build bodies."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from notifier.storage import schema
from notifier.storage.db import Database, utcnow


def body(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"contacts": {"email": "hanako@example.jp", "sms": "090-1111-2222"},
                            "topics": ["disaster", "weather"], "areas": ["11107"], "language": "ja"}
    data.update(overrides)
    return data


async def outbox(db: Database, channel: str | None = None) -> list[Any]:
    query = sa.select(schema.dev_outbox).order_by(schema.dev_outbox.c.id)
    if channel:
        query = query.where(schema.dev_outbox.c.channel == channel)
    async with db.connect() as conn:
        return list((await conn.execute(query)).all())


async def count(db: Database, table: sa.Table) -> int:
    async with db.connect() as conn:
        return int((await conn.execute(sa.select(sa.func.count()).select_from(table))).scalar_one())


async def last_code(db: Database) -> str:
    rows = await outbox(db, "sms")
    match = re.search(r"\b(\d{6})\b", rows[-1].text)
    assert match, rows[-1].text
    return match.group(1)


async def last_link_token(db: Database) -> str:
    rows = await outbox(db, "email")
    match = re.search(r"/verify\?token=(\S+)", rows[-1].text)
    assert match, rows[-1].text
    return match.group(1)


async def age_verification_sends(db: Database, minutes: int = 2) -> None:
    """Pretend the last verification went out a while ago (the resend throttle is 60 s)."""
    async with db.begin() as conn:
        await conn.execute(schema.contact_points.update().values(
            verify_sent_at=utcnow() - timedelta(minutes=minutes)))


async def subscribe_verified(client: Any, db: Database, **overrides: Any) -> str:
    """Subscribe and confirm by email link; returns the manage token."""
    resp = await client.post("/api/v1/subscriptions", json=body(**overrides))
    assert resp.status == 201, await resp.text()
    resp = await client.post("/api/v1/subscriptions/verify", json={"token": await last_link_token(db)})
    assert resp.status == 200, await resp.text()
    return str((await resp.json())["manage_token"])
