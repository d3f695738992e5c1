"""HTTP: ingest endpoints (API key scope ``ingest``), each sent notice as CAP, Atom feeds with conditional GET."""

from __future__ import annotations

from email.utils import format_datetime
from typing import Any

from aiohttp import web

from notifier.ingest import atom, capout, published
from notifier.ingest.base import IngestError, IngestSkip
from notifier.ingest.service import Outcome, ingest
from notifier.ingest.xml import MAX_MESSAGE_BYTES
from notifier.officers.auth import current_user, require_scope
from notifier.storage.reference import AREA_CODES, AREAS
from notifier.web import keys
from notifier.web.api import Api
from notifier.web.problems import Problem, not_found

api = Api("ingest")
routes = web.RouteTableDef()
XML_TYPES = ("application/xml", "application/cap+xml", "text/xml")
WARD_NAMES = {a.code: a.name_ja for a in AREAS}

INGEST_RESULT: dict[str, Any] = {
    "type": "object",
    "required": ["outcome"],
    "properties": {
        "outcome": {"type": "string", "enum": ["created", "duplicate", "skipped"]},
        "reason": {"type": "string"},
        "actions": {"type": "array", "items": {"type": "string"}},
        "notice": {"type": "object"},
    },
}


def notice_json(row: dict[str, Any]) -> dict[str, Any]:
    """The notice as the CLI and the API print it (DESIGN.md: id, type, urgency, areas, status, params)."""
    params = row.get("params") or {}
    if row["type"] == "free":
        params = {"title": row.get("title"), "body": row.get("body")}
    return {"id": row["public_id"], "type": row["type"], "urgency": row["urgency"], "areas": row["areas"],
            "status": row["status"], "params": params}


def outcome_json(outcome: Outcome) -> dict[str, Any]:
    return {"outcome": "duplicate" if outcome.duplicate else "created", "notice": notice_json(outcome.notice),
            "actions": outcome.actions}


async def read_body(request: web.Request, limit: int = MAX_MESSAGE_BYTES) -> bytes:
    """The body, refusing more than ``limit`` bytes before reading it when the length is declared."""
    if request.content_length is not None and request.content_length > limit:
        raise Problem(413, "Payload Too Large", f"the message is {request.content_length} bytes; "
                      f"at most {limit} are accepted")
    chunks, size = [], 0
    async for chunk in request.content.iter_chunked(65536):
        size += len(chunk)
        if size > limit:
            raise Problem(413, "Payload Too Large", f"the message is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


async def _ingest(request: web.Request, source: str) -> web.Response:
    data = await read_body(request)
    principal = current_user(request)
    actor = principal.actor if principal is not None else "system"
    try:
        outcome = await ingest(request.app[keys.DB], data, actor=actor, expect=source,
                               settings=request.app[keys.SETTINGS])
    except IngestError as exc:
        field = exc.element or "(message)"
        raise Problem(422, "Message rejected", str(exc), errors=[{"field": field, "message": exc.reason}]) from None
    except IngestSkip as skip:
        return web.json_response({"outcome": "skipped", "reason": skip.reason})
    return web.json_response(outcome_json(outcome), status=200 if outcome.duplicate else 201)


def _declare(source: str, summary: str) -> Any:
    async def handler(request: web.Request) -> web.Response:
        return await _ingest(request, source)
    handler.__name__ = f"ingest_{source}"
    guarded = require_scope("ingest")(handler)
    guarded.todoke_content_types = XML_TYPES  # type: ignore[attr-defined]
    api.post(f"/ingest/{source}", summary=summary, security=["session", "api_key"], public=False,
             responses={200: INGEST_RESULT, 201: INGEST_RESULT, 401: None, 403: None, 413: None, 415: None,
                        422: None})(guarded)
    return guarded


ingest_cap = _declare("cap", "Ingest a CAP 1.2 alert (optionally inside EDXL-DE)")
ingest_lalert = _declare("lalert", "Ingest an L-Alert (公共情報コモンズ) EDXL-DE distribution")
ingest_jma = _declare("jma", "Ingest a JMA 防災情報XML message")


@api.get("/notices/{public_id:[^./]+}.cap", summary="A sent notice as CAP 1.2",
         responses={200: {"type": "string"}, 404: None})
async def notice_cap(request: web.Request) -> web.Response:
    settings = request.app[keys.SETTINGS]
    async with request.app[keys.DB].connect() as conn:
        notice = await published.notice(conn, request.match_info["public_id"])
        if notice is None:
            raise not_found("sent notice")
        texts = await published.texts(conn, notice["id"])
        related = await published.public_id_of(conn, notice.get("related_id"))
    body = capout.build(notice, capout.notice_texts(notice, texts), base_url=settings.base_url,
                        city_name=settings.city_name, tz=settings.tz, related_public_id=related)
    return web.Response(body=body, content_type=capout.CAP_MEDIA_TYPE, charset="utf-8")


@routes.get("/feeds/cap.atom")
async def feed_all(request: web.Request) -> web.StreamResponse:
    return await _feed(request, None)


@routes.get(r"/feeds/{ward_code:\d{5}}.atom")
async def feed_ward(request: web.Request) -> web.StreamResponse:
    ward = request.match_info["ward_code"]
    if ward not in AREA_CODES:
        raise web.HTTPNotFound(text=f"no ward {ward}")
    return await _feed(request, ward)


async def _feed(request: web.Request, ward: str | None) -> web.StreamResponse:
    settings = request.app[keys.SETTINGS]
    async with request.app[keys.DB].connect() as conn:
        notices = await published.recent(conn, ward)
        texts = {}
        for notice in notices:
            rendered = capout.notice_texts(notice, await published.texts(conn, notice["id"]))
            texts[notice["id"]] = rendered.get("ja") or next(iter(rendered.values()))
    title = settings.city_name + (WARD_NAMES[ward] if ward else "") + " Todoke"
    path = f"/feeds/{ward or 'cap'}.atom"
    body = atom.build(notices, texts, base_url=settings.base_url, path=path, title=title)
    tag, modified = atom.etag(body), atom.last_modified(notices)
    headers = {"ETag": tag, "Last-Modified": format_datetime(modified, usegmt=True),
               "Cache-Control": "public, max-age=60"}
    if _not_modified(request, tag, modified):
        return web.Response(status=304, headers=headers)
    return web.Response(body=body, content_type="application/atom+xml", charset="utf-8", headers=headers)


def _not_modified(request: web.Request, tag: str, modified: Any) -> bool:
    if request.if_none_match is not None:  # ETag wins over the date (RFC 9110 §13.2.2)
        # Weak comparison, as RFC 9110 asks for If-None-Match.
        return any(e.value in (tag.strip('"'), "*") for e in request.if_none_match)
    since = request.if_modified_since
    return since is not None and modified <= since


def setup(app: web.Application) -> None:
    api.setup(app)
    app.router.add_routes(routes)
