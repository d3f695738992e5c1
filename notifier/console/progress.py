"""Send and watch: ``/console/notices/{id}/progress`` (counts per channel × status, a chart of
deliveries over time, failures with reasons, resend to the failed) and its server-sent events."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncConnection

from notifier import audit
from notifier.console import common
from notifier.dispatch import outbox
from notifier.dispatch.failover import fail_over
from notifier.dispatch.keys import OPEN_STATUSES, as_utc
from notifier.officers.auth import require_role
from notifier.storage import schema
from notifier.storage.db import utcnow
from notifier.storage.schema import DELIVERY_STATUSES
from notifier.web import keys
from notifier.web.labels import labeller
from notifier.web.templating import render, request_language

routes = web.RouteTableDef()
d = schema.deliveries
BARS = 12
EVENT_INTERVAL = 2.0  # seconds between progress events
EVENT_LIFETIME = 600.0  # a stream ends after this; the browser's EventSource reconnects


async def snapshot(conn: AsyncConnection, notice_id: int) -> dict[str, Any]:
    counts = await outbox.summary(conn, notice_id)
    open_count = sum(n for by in counts.values() for s, n in by.items() if s in OPEN_STATUSES)
    return {"counts": counts, "open": open_count, "total": sum(sum(by.values()) for by in counts.values())}


async def chart(conn: AsyncConnection, notice_id: int) -> list[dict[str, Any]]:
    """Deliveries per time slice between the first and the last (for the SVG bars and the table)."""
    times = [as_utc(t) for (t,) in await conn.execute(
        sa.select(d.c.delivered_at).where(d.c.notice_id == notice_id, d.c.delivered_at.is_not(None)))]
    if not times:
        return []
    first, last = min(times), max(times)
    width = max((last - first).total_seconds() / BARS, 1.0)
    bars = [0] * BARS
    for t in times:
        bars[min(int((t - first).total_seconds() / width), BARS - 1)] += 1
    peak = max(bars)
    return [{"start": _at(first, i * width), "count": c, "height": round(100 * c / peak)} for i, c in enumerate(bars)]


def _at(first: datetime, seconds: float) -> datetime:
    from datetime import timedelta

    return first + timedelta(seconds=seconds)


async def failures(conn: AsyncConnection, notice_id: int) -> list[dict[str, Any]]:
    rows = await conn.execute(
        sa.select(d.c.channel, d.c.status, d.c.last_error, sa.func.count()).where(
            d.c.notice_id == notice_id, d.c.status.in_(("temporary_failure", "permanent_failure")))
        .group_by(d.c.channel, d.c.status, d.c.last_error).order_by(sa.func.count().desc()).limit(50))
    return [{"channel": c, "status": s, "error": e or "", "count": int(n)} for c, s, e, n in rows]


@routes.get("/console/notices/{id}/progress")
@require_role()
async def progress(request: web.Request) -> web.StreamResponse:
    notice = await common.notice_or_404(request)
    async with request.app[keys.DB].connect() as conn:
        snap = await snapshot(conn, notice["id"])
        bars = await chart(conn, notice["id"])
        failed = await failures(conn, notice["id"])
    return render(request, "console/notices/progress.html", {
        "notice": notice, "snap": snap, "statuses": DELIVERY_STATUSES, "bars": bars, "failures": failed,
        "tz": request.app[keys.SETTINGS].tz, "done": request.query.get("done", ""), "checked_at": utcnow()})


@routes.get("/console/notices/{id}/events")
@require_role()
async def events(request: web.Request) -> web.StreamResponse:
    """``event: progress`` with the counts and the notice's status, every few seconds, until nothing is
    left open."""
    notice = await common.notice_or_404(request)
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store"})
    await response.prepare(request)
    label = labeller(request_language(request))
    loop = asyncio.get_running_loop()
    ends = loop.time() + EVENT_LIFETIME
    while True:
        async with request.app[keys.DB].connect() as conn:
            snap = await snapshot(conn, notice["id"])
            status = (await conn.execute(sa.select(schema.notices.c.status).where(
                schema.notices.c.id == notice["id"]))).scalar_one()
        # The status as a code (the script decides when to stop) and as the officer reads it.
        payload = json.dumps({**snap, "status": status, "status_label": label("notice_status", status)},
                             ensure_ascii=False)
        await response.write(f"event: progress\ndata: {payload}\n\n".encode())
        finished = snap["open"] == 0 and status not in ("approved", "scheduled", "sending")
        if finished or loop.time() >= ends:
            break
        await asyncio.sleep(EVENT_INTERVAL)
    await response.write_eof()
    return response


@routes.post("/console/notices/{id}/resend")
@require_role("approver", "emergency")
async def resend(request: web.Request) -> web.StreamResponse:
    """Permanent failures: the next channel of each subscriber, else the same channel once more."""
    notice = await common.notice_or_404(request)
    who = common.officer(request)
    async with request.app[keys.DB].begin() as conn:
        failed = [dict(r) for r in (await conn.execute(sa.select(d).where(
            d.c.notice_id == notice["id"], d.c.status == "permanent_failure"))).mappings()]
        moved = await fail_over(conn, failed)
        retried = await _retry_same(conn, notice["id"], failed)
        await audit.record(conn, who.actor, "notice.resend", notice["public_id"],
                           {"failed": len(failed), "next_channel": moved, "same_channel": retried})
    raise web.HTTPSeeOther(f"/console/notices/{notice['public_id']}/progress?done=resend")


async def _retry_same(conn: AsyncConnection, notice_id: int, failed: list[dict[str, Any]]) -> int:
    """Failed rows with no later step (no other channel to try) go back to pending."""
    later = {(sid, cg) for sid, cg in await conn.execute(
        sa.select(d.c.subscriber_id, d.c.caregiver_of).where(d.c.notice_id == notice_id,
                                                             d.c.status != "permanent_failure"))}
    ids = [r["id"] for r in failed if (r["subscriber_id"], r["caregiver_of"]) not in later]
    if ids:
        await conn.execute(d.update().where(d.c.id.in_(ids)).values(
            status="pending", attempts=0, next_attempt_at=utcnow(), updated_at=utcnow(), last_error=None))
    return len(ids)
