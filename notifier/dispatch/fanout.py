"""Fan-out: a notice being sent becomes one outbox row per recipient (and per caregiver copy).

Written in chunks of subscriber ids, each its own transaction, so workers start sending (and
emergencies overtake) while a large broadcast is still being written. Re-running is harmless:
every row has a unique (notice, subscriber, step, caregiver_of) and conflicts are ignored.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from notifier.dispatch.fanout_sql import FanoutPlan, statement
from notifier.dispatch.keys import idempotency_key
from notifier.notices.model import PRIORITY
from notifier.storage import schema
from notifier.storage.db import Database, utcnow

log = logging.getLogger(__name__)
CHUNK_IDS = 100_000  # subscriber ids per transaction
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
s = schema.subscribers


@dataclass(frozen=True)
class FanoutResult:
    notice_id: int
    inserted: int
    chunks: int


def next_local(now: datetime, hhmm: str, tz: ZoneInfo) -> datetime:
    """The next moment (after ``now``) the city's clock shows ``hhmm``, in UTC."""
    local = now.astimezone(tz)
    hour, minute = (int(x) for x in hhmm.split(":"))
    day = local.date()
    for _ in range(2):
        candidate = datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)
        if candidate > local:
            return candidate.astimezone(UTC)
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz).astimezone(UTC)


def resolve_variant(variant: str, fallback: list[str], available: set[str]) -> str:
    """The subscriber's variant if rendered, else the first rendered one of their chain, else ja-easy."""
    for candidate in (variant, *fallback):
        if candidate in available:
            return candidate
    return "ja-easy"


async def _available(conn: AsyncConnection, notice_id: int) -> set[str]:
    r = schema.renderings
    rows = await conn.execute(sa.select(r.c.variant).where(r.c.notice_id == notice_id).distinct())
    return {row[0] for row in rows}


async def _variant_case(conn: AsyncConnection, available: set[str]) -> list[tuple[str, str, str]]:
    """One branch per (variant, fallback chain) combination whose own variant is not rendered."""
    if not available:
        return []
    fallback_text = sa.cast(s.c.fallback, sa.Text)
    rows = await conn.execute(
        sa.select(s.c.variant, fallback_text).where(s.c.status == "active", s.c.variant.not_in(available)).distinct())
    out = []
    for variant, text in rows:
        chain = _chain(text)
        out.append((variant, text, resolve_variant(variant, chain, available)))
    return out


def _chain(text: str | None) -> list[str]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


async def _times(conn: AsyncConnection, column: sa.Column[Any], now: datetime, tz: ZoneInfo) -> dict[str, datetime]:
    rows = await conn.execute(sa.select(column).where(column.is_not(None), s.c.status == "active").distinct())
    return {v: next_local(now, v, tz) for (v,) in rows if isinstance(v, str) and _HHMM.match(v)}


async def plan_for(conn: AsyncConnection, notice: Mapping[str, Any], *, tz: ZoneInfo,
                   now: datetime | None = None) -> FanoutPlan:
    now = now or utcnow()
    available = await _available(conn, notice["id"])
    areas = list(notice["areas"] or [])
    plan = FanoutPlan(
        notice_id=notice["id"], priority=PRIORITY.get(notice["urgency"], 2), topics=list(notice["topics"] or []),
        areas=[] if areas == ["all"] else areas, needs=list(notice["needs"] or []), now=now,
        local_hhmm=now.astimezone(tz).strftime("%H:%M"), available=sorted(available),
        variant_case=await _variant_case(conn, available),
    )
    if plan.priority >= 2:
        plan.quiet_ends = await _times(conn, s.c.quiet_end, now, tz)
        plan.digest_times = await _times(conn, s.c.digest_time, now, tz)
    return plan


def _sqlite_key(notice_id: int, subscriber_id: int, step: int, caregiver_of: int) -> str:
    return idempotency_key(int(notice_id), int(subscriber_id), int(step), int(caregiver_of))


async def _register_sqlite_functions(conn: AsyncConnection) -> None:
    def register(sync_conn: Any) -> None:
        sync_conn.connection.dbapi_connection.create_function("todoke_key", 4, _sqlite_key, deterministic=True)
    await conn.run_sync(register)


async def _insert_chunk(conn: AsyncConnection, clause: sa.TextClause, values: dict[str, Any], *,
                        sqlite: bool) -> int:
    result = await conn.execute(clause, values)
    if sqlite:  # the sqlite3 module reports no rowcount for a statement that starts with WITH
        return int((await conn.execute(sa.text("SELECT changes()"))).scalar_one())
    return max(int(result.rowcount or 0), 0)


async def fan_out(db: Database, notice: Mapping[str, Any], *, tz: ZoneInfo, now: datetime | None = None,
                  chunk_ids: int = CHUNK_IDS) -> FanoutResult:
    """Write the outbox rows of ``notice`` (a notices row); returns how many were new."""
    async with db.connect() as conn:
        plan = await plan_for(conn, notice, tz=tz, now=now)
        lo, hi = (await conn.execute(sa.select(sa.func.min(s.c.id), sa.func.max(s.c.id)))).one()
    if not plan.topics or lo is None:
        return FanoutResult(notice["id"], 0, 0)
    clause, values = statement(plan, postgres=not db.is_sqlite)
    inserted, chunks = 0, 0
    for start in range(lo - 1, hi, chunk_ids):
        async with db.begin() as conn:
            if db.is_sqlite:
                await _register_sqlite_functions(conn)
            inserted += await _insert_chunk(conn, clause, {**values, "lo": start, "hi": start + chunk_ids},
                                            sqlite=db.is_sqlite)
        chunks += 1
    log.info("fan-out of notice %s: %d deliveries in %d chunks", notice["public_id"], inserted, chunks,
             extra={"notice_id": notice["id"]})
    return FanoutResult(notice["id"], inserted, chunks)
