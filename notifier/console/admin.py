"""Lists and administration: the notice list (all officers), subscriber lookup by exact contact
(admin; keyed hash, masked output) and the dev outbox viewer (admin)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from aiohttp import web

from notifier import audit, crypto
from notifier.console import common
from notifier.notices.model import URGENCIES
from notifier.officers import N_
from notifier.officers.auth import require_role
from notifier.privacy import lookup_hashes, mask_address
from notifier.storage import schema
from notifier.storage.schema import CONTACT_KINDS
from notifier.web import keys
from notifier.web.templating import render

routes = web.RouteTableDef()
n, s, cp, ob = schema.notices, schema.subscribers, schema.contact_points, schema.dev_outbox
STATUSES = ("draft", "submitted", "approved", "rejected", "scheduled", "sending", "sent", "cancelled", "expired")
PAGE = 50


def _page_number(request: web.Request) -> int:
    raw = request.query.get("page", "1")
    return max(int(raw), 1) if raw.isdigit() and len(raw) < 6 else 1


@routes.get("/console/notices")
@require_role()
async def notice_list(request: web.Request) -> web.StreamResponse:
    status, urgency = request.query.get("status", ""), request.query.get("urgency", "")
    q = request.query.get("q", "")[:100]
    query = sa.select(n).order_by(n.c.updated_at.desc(), n.c.id.desc())
    if status in STATUSES:
        query = query.where(n.c.status == status)
    if urgency in URGENCIES:
        query = query.where(n.c.urgency == urgency)
    if q:
        query = query.where(n.c.title.contains(q, autoescape=True))
    page = _page_number(request)
    async with request.app[keys.DB].connect() as conn:
        rows = [dict(r) for r in (await conn.execute(query.limit(PAGE + 1).offset((page - 1) * PAGE))).mappings()]
    return render(request, "console/notices/list.html", {
        "notices": rows[:PAGE], "more": len(rows) > PAGE, "page": page, "statuses": STATUSES,
        "urgencies": URGENCIES, "filters": {"status": status, "urgency": urgency, "q": q}})


@routes.get("/console/subscribers")
@require_role("admin")
async def lookup_form(request: web.Request) -> web.StreamResponse:
    return render(request, "console/subscriber_lookup.html", {"kinds": CONTACT_KINDS, "kind": "email",
                                                              "errors": {}, "found": None, "searched": False})


@routes.post("/console/subscribers")
@require_role("admin")
async def lookup(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    kind, address = str(form.get("kind", "")), str(form.get("address", "")).strip()
    errors = {}
    if kind not in CONTACT_KINDS:
        errors["kind"] = N_("Choose the kind of contact.")
    if not address or len(address) > 320:
        errors["address"] = N_("Give the exact address or number (at most 320 characters).")
    if errors:
        return render(request, "console/subscriber_lookup.html", {"kinds": CONTACT_KINDS, "kind": kind,
                      "errors": errors, "found": None, "searched": False}, status=422)
    async with request.app[keys.DB].begin() as conn:
        found = await _find(conn, request.app[keys.SETTINGS].secret_key, kind, address)
        await audit.record(conn, common.officer(request).actor, "subscriber.looked_up",
                           found["public_id"] if found else None,
                           {"kind": kind, "found": found is not None})
    return render(request, "console/subscriber_lookup.html", {"kinds": CONTACT_KINDS, "kind": kind,
                                                              "errors": {}, "found": found, "searched": True})


async def _find(conn: Any, secret: str, kind: str, address: str) -> dict[str, Any] | None:
    sid = (await conn.execute(sa.select(cp.c.subscriber_id).where(
        cp.c.kind == kind, cp.c.address_hash.in_(lookup_hashes(secret, kind, address))))).scalar()
    if sid is None:
        return None
    sub = dict((await conn.execute(sa.select(s).where(s.c.id == sid))).mappings().one())
    contacts = [{"kind": k, "masked": mask_address(k, crypto.decrypt(secret, a)), "verified": v is not None}
                for k, a, v in await conn.execute(sa.select(cp.c.kind, cp.c.address, cp.c.verified_at)
                                                  .where(cp.c.subscriber_id == sid).order_by(cp.c.id))]
    topics = [t for (t,) in await conn.execute(sa.select(schema.subscriber_topics.c.topic_key).where(
        schema.subscriber_topics.c.subscriber_id == sid))]
    areas = [a for (a,) in await conn.execute(sa.select(schema.subscriber_areas.c.area_code).where(
        schema.subscriber_areas.c.subscriber_id == sid))]
    return {**sub, "contacts": contacts, "topics": topics, "areas": areas}


@routes.get("/console/outbox")
@require_role("admin")
async def outbox_viewer(request: web.Request) -> web.StreamResponse:
    page = _page_number(request)
    async with request.app[keys.DB].connect() as conn:
        rows = list(await conn.execute(sa.select(ob).order_by(ob.c.id.desc()).limit(PAGE + 1)
                                       .offset((page - 1) * PAGE)))
    kinds = {"email": "email", "sms": "sms", "voice": "voice", "voice-relay": "voice", "line": "line"}
    entries = [{"id": r.id, "channel": r.channel, "recipient": mask_address(kinds.get(r.channel, "other"), r.recipient),
                "subject": r.subject, "text": r.text, "created_at": r.created_at} for r in rows[:PAGE]]
    return render(request, "console/outbox.html", {"entries": entries, "page": page, "more": len(rows) > PAGE})
