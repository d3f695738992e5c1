"""SQL for what Todoke publishes: sent notices (for CAP and Atom) and their stored renderings."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from notifier.storage import schema

n = schema.notices
r = schema.renderings
PUBLISHED = ("sending", "sent")
FEED_SIZE = 50


async def notice(conn: AsyncConnection, public_id: str) -> dict[str, Any] | None:
    """A sent notice by public id (None when unknown or not sent)."""
    row = (await conn.execute(sa.select(n).where(n.c.public_id == public_id, n.c.status.in_(PUBLISHED)))
           ).mappings().first()
    return _aware(dict(row)) if row else None


async def public_id_of(conn: AsyncConnection, notice_id: int | None) -> str | None:
    if notice_id is None:
        return None
    return (await conn.execute(sa.select(n.c.public_id).where(n.c.id == notice_id))).scalar()


async def recent(conn: AsyncConnection, ward: str | None = None, limit: int = FEED_SIZE) -> list[dict[str, Any]]:
    """The latest sent notices, newest first; for a ward, those addressed to it or to all."""
    query = (sa.select(n).where(n.c.status.in_(PUBLISHED))
             .order_by(sa.func.coalesce(n.c.sent_at, n.c.updated_at).desc(), n.c.id.desc()))
    rows = (await conn.execute(query.limit(limit * 4 if ward else limit))).mappings().all()
    # The area lists are JSON on both backends; filtering a few hundred rows here keeps one query for both.
    chosen = [_aware(dict(row)) for row in rows if ward is None or {"all", ward} & set(row["areas"] or [])]
    return chosen[:limit]


def _aware(row: dict[str, Any]) -> dict[str, Any]:
    """SQLite hands back naive datetimes; they are UTC."""
    for key, value in row.items():
        if isinstance(value, datetime) and value.tzinfo is None:
            row[key] = value.replace(tzinfo=UTC)
    return row


async def texts(conn: AsyncConnection, notice_id: int) -> dict[str, tuple[str, str]]:
    """variant → (subject, text) from the stored ``page`` (or ``webhook``) renderings."""
    rows = (await conn.execute(sa.select(r.c.variant, r.c.format, r.c.subject, r.c.text)
                               .where(r.c.notice_id == notice_id, r.c.format.in_(("page", "webhook")))
                               .order_by(r.c.format))).all()
    out: dict[str, tuple[str, str]] = {}
    for variant, _fmt, subject, text in rows:  # "page" sorts before "webhook": it wins
        out.setdefault(variant, (subject or "", text))
    return out
