"""``GET /api/v1/notices/{id}/deliveries``: how a notice's delivery is going."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from aiohttp import web

from notifier.dispatch import outbox
from notifier.dispatch.keys import as_utc
from notifier.notices import store
from notifier.officers.auth import require_scope
from notifier.web import keys
from notifier.web.api import Api
from notifier.web.problems import invalid, not_found

api = Api(tag="deliveries")

STATS: dict[str, Any] = {
    "type": "object",
    "required": ["notice", "total", "counts", "first_delivered_at", "last_delivered_at"],
    "properties": {
        "notice": {"type": "string"},
        "status": {"type": "string"},
        "total": {"type": "integer"},
        "counts": {"type": "array", "items": {
            "type": "object", "required": ["channel", "status", "variant", "count"],
            "properties": {"channel": {"type": "string"}, "status": {"type": "string"},
                           "variant": {"type": "string"}, "count": {"type": "integer"}}}},
        "first_delivered_at": {"type": ["string", "null"], "format": "date-time"},
        "last_delivered_at": {"type": ["string", "null"], "format": "date-time"},
    },
}


def _iso(value: datetime | None) -> str | None:
    return as_utc(value).isoformat() if value else None


@api.get("/notices/{id}/deliveries", summary="Delivery counts of a notice by channel, status and variant",
         responses={200: STATS, 401: None, 403: None, 404: None, 422: None}, security=["session", "api_key"],
         public=False)
@require_scope("notices:read")
async def deliveries(request: web.Request) -> web.Response:
    notice_id = request.match_info["id"]
    if not notice_id or len(notice_id) > 32 or not notice_id.replace("-", "").replace("_", "").isalnum():
        raise invalid("id", "must be a notice's public id")
    async with request.app[keys.DB].connect() as conn:
        notice = await store.get(conn, notice_id)
        if notice is None:
            raise not_found(f"notice {notice_id}")
        stats = await outbox.stats(conn, notice["id"])
    body = {"notice": notice["public_id"], "status": notice["status"], **stats,
            "first_delivered_at": _iso(stats["first_delivered_at"]),
            "last_delivered_at": _iso(stats["last_delivered_at"])}
    return web.json_response(body, dumps=lambda o: json.dumps(o, ensure_ascii=False))
