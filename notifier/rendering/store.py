"""Renderings in the database: rendered once per (notice, variant, format), read by the delivery engine."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from notifier.config import Settings
from notifier.notices.store import to_input
from notifier.rendering.render import Rendering, render_notice
from notifier.storage import schema
from notifier.storage.db import Database, utcnow

r = schema.renderings


def notice_url(settings: Settings, public_id: str) -> str:
    """The notice page, the link in SMS: ``{base_url}/n/{public_id}``."""
    return f"{settings.base_url.rstrip('/')}/n/{public_id}"


async def ensure_renderings(db: Database, notice_row: dict[str, Any], *, variants: set[str], formats: set[str],
                            settings: Settings, audio: bool = True) -> None:
    """Render what is missing and store it; concurrent callers may race, the unique key keeps one."""
    async with db.connect() as conn:
        have = await _existing(conn, notice_row["id"])
    wanted = {(v, f) for v in variants for f in formats} - have
    if not wanted:
        return
    renderings = await render_notice(
        to_input(notice_row), settings=settings, variants={v for v, _ in wanted}, formats={f for _, f in wanted},
        notice_url=notice_url(settings, notice_row["public_id"]), audio=audio, notice_id=notice_row["public_id"],
    )
    rows = [_row(notice_row["id"], item) for item in renderings if (item.variant, item.format) in wanted]
    async with db.begin() as conn:
        await conn.execute(_insert_ignoring_conflicts(db), rows)


async def load_renderings(conn: AsyncConnection, notice_id: int) -> dict[tuple[str, str], Rendering]:
    result = await conn.execute(sa.select(r).where(r.c.notice_id == notice_id))
    return {(row.variant, row.format): Rendering(row.variant, row.format, row.subject, row.text, row.html,
                                                 dict(row.extra or {}))
            for row in result}


async def _existing(conn: AsyncConnection, notice_id: int) -> set[tuple[str, str]]:
    result = await conn.execute(sa.select(r.c.variant, r.c.format).where(r.c.notice_id == notice_id))
    return {(row.variant, row.format) for row in result}


def _row(notice_id: int, item: Rendering) -> dict[str, Any]:
    return {"notice_id": notice_id, "variant": item.variant, "format": item.format, "subject": item.subject,
            "text": item.text, "html": item.html, "extra": item.extra, "created_at": utcnow()}


def _insert_ignoring_conflicts(db: Database) -> Any:
    dialect = sqlite if db.is_sqlite else postgresql
    return dialect.insert(r).on_conflict_do_nothing(index_elements=["notice_id", "variant", "format"])
