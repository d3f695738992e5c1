"""Sending a notice: approved/scheduled → sending, render once per variant × format, fan out → sent.

Safe to run again on a notice left in ``sending`` by a crash: rendering and fan-out are idempotent.
"""

from __future__ import annotations

import importlib
import logging
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from notifier import audit
from notifier.config import Settings
from notifier.dispatch.fanout import FanoutResult, fan_out
from notifier.notices import store
from notifier.storage import schema
from notifier.storage.db import Database, utcnow

log = logging.getLogger(__name__)
SENDABLE = ("approved", "scheduled", "sending")
FORMATS = {"email", "sms", "voice", "line", "webhook"}


class NotSendable(Exception):
    """The notice is not in a state that can be sent (draft, cancelled, expired…)."""


async def _variants(db: Database) -> set[str]:
    s = schema.subscribers
    async with db.connect() as conn:
        rows = await conn.execute(sa.select(s.c.variant).where(s.c.status == "active").distinct())
        return {v for (v,) in rows} | {"ja", "ja-easy"}


async def render(db: Database, notice: dict[str, Any], settings: Settings) -> None:
    """Render every variant a subscriber reads, in every format (the renderer's store, if installed)."""
    try:
        ensure = importlib.import_module("notifier.rendering.store").ensure_renderings
    except (ImportError, AttributeError):
        log.warning("renderer not installed; sending only the renderings already stored")
        return
    formats = FORMATS | ({"sms-short"} if notice["urgency"] == "emergency" else set())
    await ensure(db, notice, variants=await _variants(db), formats=formats, settings=settings)


async def start_sending(db: Database, notice_id: int, settings: Settings, *,
                        now: datetime | None = None, actor: str = "system") -> FanoutResult:
    """Render and fan out one notice; returns the fan-out counts."""
    now = now or utcnow()
    async with db.begin() as conn:
        notice = await store.get(conn, notice_id)
        if notice is None or notice["status"] not in SENDABLE:
            raise NotSendable(f"notice {notice_id} is {notice['status'] if notice else 'missing'}; "
                              f"only {', '.join(SENDABLE)} notices can be sent")
        if notice["status"] != "sending":
            notice = await store.set_status(conn, notice_id, "sending", expected_version=notice["version"],
                                            sent_at=notice["sent_at"] or now)
            await audit.record(conn, actor, "notice.sending", notice["public_id"])
    await render(db, notice, settings)
    result = await fan_out(db, notice, tz=settings.tz, now=now)
    async with db.begin() as conn:
        await conn.execute(schema.notices.update().where(
            schema.notices.c.id == notice_id, schema.notices.c.status == "sending").values(
            status="sent", updated_at=utcnow(), version=schema.notices.c.version + 1))
    return result
