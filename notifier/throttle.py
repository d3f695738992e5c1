"""Fixed-window rate limits shared by every process, kept in the ``throttles`` table.

    async with db.begin() as conn:
        if not await throttle.hit(conn, f"signup:ip:{ip}", limit=20, window=3600):
            raise Problem(429, "Too Many Requests", "try again later", headers={"Retry-After": "3600"})

A key counts hits in a window that starts at its first hit; the next hit after the window has
passed starts a new one. One atomic upsert per hit, so concurrent workers never lose a count.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from notifier.storage import schema
from notifier.storage.db import utcnow

MAX_KEY_LENGTH = 128


async def hit(conn: AsyncConnection, key: str, *, limit: int, window: float | timedelta) -> bool:
    """Count one hit on ``key``; True while the window holds at most ``limit`` hits.

    ``window`` is in seconds (or a timedelta). Runs in the caller's transaction.
    """
    return await count(conn, key, window=window, add=1) <= limit


async def count(conn: AsyncConnection, key: str, *, window: float | timedelta, add: int = 0) -> int:
    """Hits on ``key`` in its current window, after adding ``add``."""
    if len(key) > MAX_KEY_LENGTH:
        raise ValueError(f"throttle key longer than {MAX_KEY_LENGTH} characters")
    span = window if isinstance(window, timedelta) else timedelta(seconds=window)
    now = utcnow()
    table = schema.throttles
    expired = table.c.window_start <= sa.literal(now - span, schema.TS)
    insert = (postgresql.insert(table) if conn.dialect.name == "postgresql" else sqlite.insert(table)).values(
        key=key, window_start=now, count=add)
    upsert = insert.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={
            "count": sa.case((expired, add), else_=table.c.count + add),
            "window_start": sa.case((expired, sa.literal(now, schema.TS)), else_=table.c.window_start),
        },
    ).returning(table.c.count)
    return int((await conn.execute(upsert)).scalar_one())


async def reset(conn: AsyncConnection, key: str) -> None:
    """Forget ``key`` (e.g. after a successful sign-in)."""
    await conn.execute(sa.delete(schema.throttles).where(schema.throttles.c.key == key))
