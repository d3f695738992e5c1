"""The relay-operator queue ``/console/relay``: residents to call and read the notice to.

A ``voice-relay`` delivery is "sent" by putting it in this queue (``channels.voice.relay`` accepts it
with ``provider_ref = relay:queued``); the operator's outcome button then settles it: reached →
delivered; no answer → retry later (3 tries, then fail over); wrong number → fail over at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from aiohttp import web

from channels.voice.relay import QUEUED, RelayQueueChannel
from notifier import audit, crypto
from notifier.console import common
from notifier.dispatch.failover import fail_over
from notifier.officers.auth import require_role
from notifier.privacy import mask_phone
from notifier.rendering import deps
from notifier.storage import schema
from notifier.storage.db import utcnow
from notifier.web import keys
from notifier.web.templating import render

routes = web.RouteTableDef()
d, cp, r, n = schema.deliveries, schema.contact_points, schema.renderings, schema.notices
OUTCOMES = ("reached", "no_answer", "wrong_number")
MAX_TRIES = 3
RETRY_AFTER = timedelta(minutes=30)


def _queue_query() -> sa.Select[Any]:
    easy = r.alias("easy")
    return (sa.select(d.c.id, d.c.status, d.c.attempts, d.c.priority, d.c.variant, cp.c.address, n.c.public_id,
                      n.c.title, n.c.urgency, r.c.text.label("voice_text"), easy.c.text.label("easy_text"))
            .join(cp, cp.c.id == d.c.contact_point_id).join(n, n.c.id == d.c.notice_id)
            .outerjoin(r, sa.and_(r.c.notice_id == d.c.notice_id, r.c.variant == d.c.variant, r.c.format == "voice"))
            .outerjoin(easy, sa.and_(easy.c.notice_id == d.c.notice_id, easy.c.variant == "ja-easy",
                                     easy.c.format == "voice"))
            .where(d.c.channel == "voice-relay",
                   sa.or_(d.c.status == "pending", sa.and_(d.c.status == "delivered", d.c.provider_ref == QUEUED)))
            .order_by(d.c.priority, d.c.created_at, d.c.id).limit(50))


def _entry(row: Any, revealed: dict[int, str], secret: str) -> dict[str, Any]:
    easy = row.easy_text or row.voice_text or ""
    return {"id": row.id, "masked": mask_phone(crypto.decrypt(secret, row.address)), "number": revealed.get(row.id),
            "title": row.title,
            "urgency": row.urgency, "public_id": row.public_id, "attempts": row.attempts,
            "text": row.voice_text or "", "ruby": deps.furigana_html(easy) if easy else ""}


async def _page(request: web.Request, *, revealed: dict[int, str] | None = None, done: str = "") -> web.Response:
    async with request.app[keys.DB].connect() as conn:
        rows = list(await conn.execute(_queue_query()))
    secret = request.app[keys.SETTINGS].secret_key
    entries = [_entry(row, revealed or {}, secret) for row in rows]
    return render(request, "console/relay.html", {"entries": entries, "outcomes": OUTCOMES, "done": done})


@routes.get("/console/relay")
@require_role()
async def queue(request: web.Request) -> web.StreamResponse:
    return await _page(request, done=request.query.get("done", "") if request.query.get("done") in OUTCOMES else "")


def _delivery_id(request: web.Request) -> int:
    raw = request.match_info["delivery"]
    if not raw.isdigit() or len(raw) > 18:
        raise web.HTTPNotFound(text="no such call")
    return int(raw)


async def _relay_row(conn: Any, delivery_id: int) -> dict[str, Any]:
    query = sa.select(d).where(d.c.id == delivery_id, d.c.channel == "voice-relay")
    row = (await conn.execute(query)).mappings().first()
    if row is None:
        raise web.HTTPNotFound(text="no such call")
    return dict(row)


@routes.post("/console/relay/{delivery}/reveal")
@require_role()
async def reveal(request: web.Request) -> web.StreamResponse:
    """Show one full number to the operator who is about to dial it; the audit log records who looked."""
    delivery_id = _delivery_id(request)
    async with request.app[keys.DB].begin() as conn:
        row = await _relay_row(conn, delivery_id)
        address = (await conn.execute(sa.select(cp.c.address).where(cp.c.id == row["contact_point_id"]))).scalar()
        await audit.record(conn, common.officer(request).actor, "relay.number_revealed", f"delivery:{delivery_id}")
    secret = request.app[keys.SETTINGS].secret_key
    return await _page(request, revealed={delivery_id: crypto.decrypt(secret, address) if address else ""})


@routes.post("/console/relay/{delivery}/outcome")
@require_role()
async def outcome(request: web.Request) -> web.StreamResponse:
    delivery_id = _delivery_id(request)
    result = str((await request.post()).get("outcome", ""))
    if result not in OUTCOMES:
        return await _page(request, done="invalid")
    async with request.app[keys.DB].begin() as conn:
        row = await _relay_row(conn, delivery_id)
        waiting = row["status"] == "pending" or (row["status"] == "delivered" and row["provider_ref"] == QUEUED)
        if not waiting:
            raise web.HTTPSeeOther("/console/relay?done=already")
        await settle(conn, row, result)
        await audit.record(conn, common.officer(request).actor, f"relay.{result}", f"delivery:{delivery_id}")
    raise web.HTTPSeeOther(f"/console/relay?done={result}")


async def settle(conn: Any, row: dict[str, Any], result: str) -> None:
    """Write the operator's outcome on the delivery (and fail over when the number is no good)."""
    now = utcnow()
    meta = {**(row["meta"] or {}), "relay": result}
    where = d.c.id == row["id"]
    if result == "reached":
        await conn.execute(d.update().where(where).values(
            status="delivered", provider_ref="relay:reached", delivered_at=now, updated_at=now, meta=meta))
        return
    tries = row["attempts"] + (0 if row["status"] == "delivered" else 1)  # an accepted call counted one already
    if result == "no_answer" and tries < MAX_TRIES:
        await conn.execute(d.update().where(where).values(
            status="temporary_failure", provider_ref=None, next_attempt_at=now + RETRY_AFTER, attempts=tries,
            last_error="relay: no answer", updated_at=now, meta=meta))
        return
    error = "relay: wrong number" if result == "wrong_number" else f"relay: no answer after {tries} tries"
    await conn.execute(d.update().where(where).values(
        status="permanent_failure", provider_ref=None, attempts=tries, last_error=error, updated_at=now, meta=meta))
    await fail_over(conn, [row], now=now)


__all__: Sequence[str] = ("QUEUED", "RelayQueueChannel", "routes", "settle")
