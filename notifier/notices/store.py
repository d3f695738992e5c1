"""SQL for notices (one place): create, read, status changes with optimistic locking."""

from __future__ import annotations

import secrets
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from notifier.notices.model import NoticeInput
from notifier.storage import schema
from notifier.storage.db import utcnow

n = schema.notices


class StaleNotice(Exception):
    """The notice changed since the caller read it (version mismatch)."""


async def create(conn: AsyncConnection, notice: NoticeInput, *, source: str, created_by: str,
                 status: str = "draft", source_ref: str | None = None, related_id: int | None = None,
                 relation: str | None = None, meta: dict[str, Any] | None = None) -> dict[str, Any]:
    now = utcnow()
    values = {
        "public_id": secrets.token_urlsafe(9), "type": notice.type, "title": notice.title, "body": notice.body,
        "params": notice.params, "translations": notice.translations, "urgency": notice.urgency,
        "topics": notice.topics, "areas": notice.areas, "needs": notice.needs, "status": status,
        "send_at": notice.send_at, "expires_at": notice.expires_at, "source": source, "source_ref": source_ref,
        "created_by": created_by, "related_id": related_id, "relation": relation, "meta": meta or {},
        "created_at": now, "updated_at": now,
    }
    new_id = (await conn.execute(n.insert().values(**values).returning(n.c.id))).scalar_one()
    return {**values, "id": new_id, "version": 1}


async def get(conn: AsyncConnection, notice_id: int | str) -> dict[str, Any] | None:
    """By integer id or by public id."""
    column = n.c.id if isinstance(notice_id, int) else n.c.public_id
    row = (await conn.execute(sa.select(n).where(column == notice_id))).mappings().first()
    return dict(row) if row else None


async def set_status(conn: AsyncConnection, notice_id: int, status: str, *, expected_version: int | None = None,
                     **changes: Any) -> dict[str, Any]:
    """Change status (and other columns); with ``expected_version``, refuse if someone else changed it."""
    where = [n.c.id == notice_id]
    if expected_version is not None:
        where.append(n.c.version == expected_version)
    result = await conn.execute(
        n.update().where(*where).values(status=status, version=n.c.version + 1, updated_at=utcnow(), **changes)
        .returning(*n.c)
    )
    row = result.mappings().first()
    if row is None:
        raise StaleNotice(f"notice {notice_id} was changed by someone else (or does not exist)")
    return dict(row)


def to_input(row: dict[str, Any]) -> NoticeInput:
    """The stored row back as a ``NoticeInput`` (for rendering)."""
    return NoticeInput(
        type=row["type"], title=row["title"], body=row["body"], params=row["params"] or {},
        urgency=row["urgency"], topics=row["topics"] or [], areas=row["areas"] or [],
        send_at=row["send_at"], expires_at=row["expires_at"], needs=row["needs"] or [],
        translations=row["translations"] or {},
    )
