"""Small helpers shared by the console's pages: the notice from the URL, the officer, conflict pages."""

from __future__ import annotations

import re
import secrets
from typing import Any

from aiohttp import web

from notifier.notices import store
from notifier.officers.auth import current_user
from notifier.officers.principal import Principal
from notifier.storage.reference import AREAS, TOPICS
from notifier.web import keys
from notifier.web.templating import render

_PUBLIC_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
WRITERS = ("author", "emergency")
SENDERS = ("author", "approver", "emergency")


def officer(request: web.Request) -> Principal:
    principal = current_user(request)
    assert principal is not None  # every console route is guarded by require_role
    return principal


async def notice_or_404(request: web.Request) -> dict[str, Any]:
    public_id = request.match_info["id"]
    if not _PUBLIC_ID.match(public_id):
        raise web.HTTPNotFound(text="no such notice")
    async with request.app[keys.DB].connect() as conn:
        row = await store.get(conn, public_id)
    if row is None:
        raise web.HTTPNotFound(text="no such notice")
    return row


def form_version(form: Any) -> int | None:
    raw = str(form.get("version", ""))
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


def nonce() -> str:
    return secrets.token_urlsafe(12)


def conflict_page(request: web.Request, notice: dict[str, Any]) -> web.Response:
    """409: someone else changed the notice; nothing of this form was saved."""
    return render(request, "console/notices/conflict.html", {"notice": notice}, status=409)


def refused_page(request: web.Request, notice: dict[str, Any], message: str, status: int = 409) -> web.Response:
    return render(request, "console/notices/refused.html", {"notice": notice, "message": message}, status=status)


def reference() -> dict[str, Any]:
    return {"areas": AREAS, "topics": TOPICS, "area_names": {a.code: a.name_ja for a in AREAS}}
