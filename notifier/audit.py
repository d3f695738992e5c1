"""The append-only audit log: who did what, when. Never pass contact details in ``details``."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from notifier.storage import schema
from notifier.storage.db import utcnow


async def record(
    conn: AsyncConnection,
    actor: str,
    action: str,
    target: str | None = None,
    details: dict[str, Any] | None = None,
    *,
    flagged: bool = False,
) -> None:
    """Append one entry inside the caller's transaction (so it commits or rolls back with the change).

    ``actor``: ``user:<username>``, ``cli:<os user>``, ``citizen:<public_id>``, ``apikey:<prefix>`` or ``system``.
    ``action``: dotted verb, e.g. ``subscriber.created``, ``notice.approved``.
    """
    await conn.execute(schema.audit_log.insert().values(
        at=utcnow(), actor=actor, action=action, target=target, details=details or {}, flagged=flagged,
    ))
