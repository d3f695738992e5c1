"""Reading the audit log: filters (actor, action, dates), a page of entries, a CSV export."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from notifier.officers import N_
from notifier.officers.accounts import AccountError
from notifier.officers.users import aware
from notifier.storage import schema

t = schema.audit_log
PAGE = 200
CSV_COLUMNS = ("at", "actor", "action", "target", "flagged", "details")


@dataclass(frozen=True)
class Filters:
    actor: str = ""  # prefix: "user:" matches every officer
    action: str = ""  # prefix: "user." matches every account action
    since: date | None = None
    until: date | None = None  # inclusive


def _date(raw: str, field: str) -> date | None:
    if not raw.strip():
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise AccountError(field, N_("use a date like 2025-04-01")) from None


def parse_filters(query: Mapping[str, str]) -> Filters:
    """Filters from a query string (``actor``, ``action``, ``from``, ``to``)."""
    actor, action = query.get("actor", "").strip()[:100], query.get("action", "").strip()[:64]
    since, until = _date(query.get("from", ""), "from"), _date(query.get("to", ""), "to")
    if since and until and since > until:
        raise AccountError("to", N_("must not be before the start date"))
    return Filters(actor, action, since, until)


def _query(f: Filters, tz: ZoneInfo) -> sa.Select[Any]:
    query = sa.select(t).order_by(t.c.id.desc())
    if f.actor:
        query = query.where(t.c.actor.startswith(f.actor, autoescape=True))
    if f.action:
        query = query.where(t.c.action.startswith(f.action, autoescape=True))
    if f.since:
        query = query.where(t.c.at >= sa.literal(datetime.combine(f.since, time(), tz), schema.TS))
    if f.until:
        end = datetime.combine(f.until + timedelta(days=1), time(), tz)
        query = query.where(t.c.at < sa.literal(end, schema.TS))
    return query


def entry(row: Any, tz: ZoneInfo) -> dict[str, Any]:
    m = row._mapping
    return {"id": m["id"], "at": aware(m["at"]).astimezone(tz).isoformat(timespec="seconds"), "actor": m["actor"],
            "action": m["action"], "target": m["target"], "details": m["details"] or {}, "flagged": bool(m["flagged"])}


async def search(conn: AsyncConnection, f: Filters, tz: ZoneInfo, *, limit: int = PAGE) -> list[dict[str, Any]]:
    rows = await conn.execute(_query(f, tz).limit(limit))
    return [entry(r, tz) for r in rows]


def _cell(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True) if isinstance(value, dict) else str(value or "")
    # A spreadsheet would run a cell starting like a formula (CSV injection); make it text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


async def csv_chunks(conn: AsyncConnection, f: Filters, tz: ZoneInfo,
                     header: Sequence[str] = CSV_COLUMNS) -> AsyncIterator[str]:
    """The matching entries as CSV text, a few hundred rows per chunk (constant memory).

    ``header``: the column names people read (the cells stay codes: they match the page's filters
    and the JSON API, and a spreadsheet can filter on them)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    result = await conn.stream(_query(f, tz))
    async for rows in result.partitions(500):
        for row in rows:
            e = entry(row, tz)
            writer.writerow([_cell(e[c]) for c in CSV_COLUMNS])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()
