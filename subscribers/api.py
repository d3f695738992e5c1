"""The subscription JSON API under /api/v1 (documented in OpenAPI through ``notifier.web.api``)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from aiohttp import web

from notifier.storage import schema
from notifier.web import keys
from notifier.web.api import Api
from notifier.web.problems import Problem, invalid, invalid_many, not_found
from subscribers import abuse, caregivers, schemas, service, store, tokens, verification
from subscribers.validation import FieldError, Invalid, Reference, contact, parse_subscription
from subscribers.verification import Outgoing, Throttled

api = Api("subscriptions")
_ERRORS: dict[int, dict[str, Any] | None] = {401: None, 404: None}


def _json(data: Any, status: int = 200) -> web.Response:
    return web.json_response(data, status=status, dumps=_dumps)


def _dumps(data: Any) -> str:
    import json

    return json.dumps(data, ensure_ascii=False)


async def _send(request: web.Request, outgoing: list[Outgoing]) -> None:
    if outgoing:
        await verification.send(request.app[keys.CHANNELS], outgoing)


def token_from(request: web.Request) -> str:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.query.get("token", "")


async def me(request: web.Request, conn: Any) -> Any:
    """The subscriber named by the manage token; 401 when missing or invalid, 404 when erased."""
    row = await store.by_public_id(conn, manage_id(request))
    if row is None:
        raise not_found("subscription")
    return row


def manage_id(request: web.Request) -> str:
    """The public id inside the request's manage token; 401 when missing or invalid."""
    token = token_from(request)
    if not token:
        raise Problem(401, "Unauthorized", "send the manage token as Authorization: Bearer or ?token=",
                      errors=[{"field": "token", "message": "is required"}], headers={"WWW-Authenticate": "Bearer"})
    try:
        return tokens.public_id_from(request.app[keys.SETTINGS], "manage", token)
    except tokens.TokenError as exc:
        raise Problem(401, "Unauthorized", str(exc), errors=[{"field": "token", "message": str(exc)}],
                      headers={"WWW-Authenticate": "Bearer"}) from None


def _parse(data: dict[str, Any], ref: Reference) -> Any:
    try:
        return parse_subscription(data, ref)
    except Invalid as exc:
        raise invalid_many(exc.as_dicts()) from None


@api.get("/topics", summary="Topics one can subscribe to", responses={200: {"type": "array"}})
async def list_topics(request: web.Request) -> web.Response:
    async with request.app[keys.DB].connect() as conn:
        rows = await conn.execute(sa.select(schema.topics).order_by(schema.topics.c.sort))
        return _json([{"key": r.key, "name_ja": r.name_ja, "name_easy": r.name_easy, "name_en": r.name_en}
                      for r in rows])


@api.get("/areas", summary="Wards (JIS X 0402 codes)", responses={200: {"type": "array"}})
async def list_areas(request: web.Request) -> web.Response:
    async with request.app[keys.DB].connect() as conn:
        rows = await conn.execute(sa.select(schema.areas).order_by(schema.areas.c.sort))
        return _json([{"code": r.code, "name_ja": r.name_ja, "name_kana": r.name_kana, "name_en": r.name_en}
                      for r in rows])


@api.post("/subscriptions", summary="Subscribe (idempotent: the same contact re-sends its verification)",
          body=schemas.SUBSCRIPTION,
          responses={201: schemas.SUBSCRIBED, 200: schemas.SUBSCRIBED, 409: None, 429: None})
async def subscribe(request: web.Request, data: dict[str, Any]) -> web.Response:
    settings = request.app[keys.SETTINGS]
    async with request.app[keys.DB].begin() as conn:
        sub = _parse(data, await Reference.load(conn))
        try:
            abuse.check_countries(sub)
            await abuse.signup(conn, request.remote or "unknown")
            result = await service.subscribe(conn, settings, sub, source="api")
        except Invalid as exc:
            raise invalid_many(exc.as_dicts()) from None
        except abuse.Limited as exc:
            raise Problem(429, "Too Many Requests", str(exc), errors=[{"field": "contacts", "message": str(exc)}],
                          headers={"Retry-After": str(exc.retry_after)}) from None
        except service.Conflict as exc:
            raise Problem(409, "Conflict", str(exc), errors=[{"field": "contacts", "message": str(exc)}]) from None
    await _send(request, result.outgoing)
    return _json(result.body(), status=201 if result.created else 200)


@api.post("/subscriptions/verify", summary="Verify a contact point: email link token, or id + kind + code",
          body=schemas.VERIFY, responses={200: schemas.VERIFIED, 404: None, 429: None})
async def verify(request: web.Request, data: dict[str, Any]) -> web.Response:
    settings = request.app[keys.SETTINGS]
    if data.get("token"):
        async with request.app[keys.DB].begin() as conn:
            try:
                cp, outcome = await verification.check_link(conn, settings, data["token"])
            except tokens.TokenError as exc:
                raise invalid("token", str(exc)) from None
            row = await store.by_id(conn, cp.subscriber_id)
        return _verified(settings, row.public_id, cp.kind, outcome)
    return await _verify_code(request, data)


async def _verify_code(request: web.Request, data: dict[str, Any]) -> web.Response:
    settings = request.app[keys.SETTINGS]
    missing = [f for f in ("id", "kind", "code") if not data.get(f)]
    if missing:
        raise invalid_many([{"field": f, "message": "is required (or send token)"} for f in missing])
    async with request.app[keys.DB].begin() as conn:
        row = await store.by_public_id(conn, data["id"])
        points = await store.contact_points(conn, settings.secret_key, row.id) if row else []
        cp = next((c for c in points if c.kind == data["kind"]), None)
        if cp is None:
            raise not_found("subscription contact")
        outcome = await verification.check_code(conn, settings, cp.id, str(data["code"]).strip())
    # Committed: a wrong code has been counted before we answer.
    return _verified(settings, row.public_id, cp.kind, outcome)


_CODE_ERRORS = {
    "wrong": (422, "the code is wrong"),
    "expired": (422, "the code has expired; ask for a new one"),
    "no_code": (422, "no code was sent; ask for one"),
    "locked": (429, "too many wrong codes; ask for a new code"),
}


def _verified(settings: Any, public_id: str, kind: str, outcome: str) -> web.Response:
    if outcome in _CODE_ERRORS:
        status, message = _CODE_ERRORS[outcome]
        raise Problem(status, "Invalid input" if status == 422 else "Too Many Requests", f"code: {message}",
                      errors=[{"field": "code", "message": message}])
    return _json({"id": public_id, "kind": kind, "status": "verified",
                  "manage_token": tokens.manage_token(settings, public_id),
                  "manage_url": tokens.manage_url(settings, public_id)})


@api.post("/subscriptions/verify/resend", summary="Send a new verification (throttled)",
          body=schemas.RESEND, responses={202: None, 404: None, 429: None})
async def resend(request: web.Request, data: dict[str, Any]) -> web.Response:
    async with request.app[keys.DB].begin() as conn:
        row = await store.by_public_id(conn, data["id"])
        if row is None:
            raise not_found("subscription")
        try:
            outgoing = await service.resend(conn, request.app[keys.SETTINGS], row, data["kind"])
        except FieldError as exc:
            raise invalid(exc.field, exc.message) from None
        except Throttled as exc:
            raise Problem(429, "Too Many Requests", str(exc), errors=[{"field": "kind", "message": str(exc)}],
                          headers={"Retry-After": str(exc.retry_after)}) from None
    await _send(request, [outgoing])
    return _json({"status": "sent", "kind": data["kind"]}, status=202)


@api.get("/subscriptions/me", summary="Read one's subscription (manage token)", params=schemas.TOKEN_PARAM,
         responses={200: schemas.SUBSCRIBER, **_ERRORS})
async def read_me(request: web.Request) -> web.Response:
    public_id = manage_id(request)  # a bad token costs no connection
    # One statement, read fresh every time: an unsubscribe or an edit shows on the very next read.
    doc = await store.fresh_document(request.app[keys.DB], request.app[keys.SETTINGS].secret_key, public_id)
    if doc is None:
        raise not_found("subscription")
    return _json(doc)


@api.put("/subscriptions/me", summary="Change everything (re-subscribes if unsubscribed)", body=schemas.SUBSCRIPTION,
         params=schemas.TOKEN_PARAM, responses={200: schemas.SUBSCRIBER, **_ERRORS})
async def change_me(request: web.Request, data: dict[str, Any]) -> web.Response:
    async with request.app[keys.DB].begin() as conn:
        row = await me(request, conn)
        sub = _parse(data, await Reference.load(conn))
        try:
            outgoing = await service.change(conn, request.app[keys.SETTINGS], row, sub)
        except FieldError as exc:
            raise invalid(exc.field, exc.message) from None
        body = await store.document(conn, request.app[keys.SETTINGS].secret_key, await store.by_id(conn, row.id))
    await _send(request, outgoing)
    return _json(body)


@api.delete("/subscriptions/me", summary="Unsubscribe at once", params=schemas.TOKEN_PARAM,
            responses={200: {"type": "object"}, **_ERRORS})
async def unsubscribe_me(request: web.Request) -> web.Response:
    async with request.app[keys.DB].begin() as conn:
        row = await me(request, conn)
        await store.unsubscribe(conn, row.id, row.public_id, via="api")
    return _json({"id": row.public_id, "status": "unsubscribed"})


@api.get("/subscriptions/me/export", summary="Everything stored about me (APPI disclosure)",
         params=schemas.TOKEN_PARAM, responses={200: {"type": "object"}, **_ERRORS})
async def export_me(request: web.Request) -> web.Response:
    async with request.app[keys.DB].connect() as conn:
        data = await store.export(conn, request.app[keys.SETTINGS].secret_key, await me(request, conn))
    response = _json(data)
    response.headers["Content-Disposition"] = 'attachment; filename="todoke-my-data.json"'
    return response


@api.post("/subscriptions/me/delete", summary="Erase everything stored about me (APPI deletion)",
          params=schemas.TOKEN_PARAM, responses={200: {"type": "object"}, **_ERRORS})
async def erase_me(request: web.Request) -> web.Response:
    async with request.app[keys.DB].begin() as conn:
        row = await me(request, conn)
        await store.erase(conn, request.app[keys.SETTINGS].secret_key, row, actor=f"citizen:{row.public_id}")
    return _json({"id": row.public_id, "status": "deleted"})


@api.post("/subscriptions/me/caregivers", summary="Ask a resident to accept me as caregiver",
          body=schemas.CAREGIVER_REQUEST, params=schemas.TOKEN_PARAM, responses={202: None, **_ERRORS})
async def request_caregiver(request: web.Request, data: dict[str, Any]) -> web.Response:
    settings = request.app[keys.SETTINGS]
    async with request.app[keys.DB].begin() as conn:
        row = await me(request, conn)
        try:
            resident = contact(data["resident"]["kind"], data["resident"]["address"], "resident.address")
            outgoing = await caregivers.request(conn, settings, row, resident, data["relation"])
        except FieldError as exc:
            raise invalid(exc.field, exc.message) from None
    await _send(request, [outgoing] if outgoing else [])
    # Same answer whether or not the resident exists: no probing who is subscribed.
    return _json({"status": "requested"}, status=202)


@api.get("/subscriptions/me/caregivers", summary="My caregiver links (as resident or caregiver)",
         params=schemas.TOKEN_PARAM, responses={200: schemas.LINKS, **_ERRORS})
async def list_caregivers(request: web.Request) -> web.Response:
    async with request.app[keys.DB].connect() as conn:
        return _json(await caregivers.links_of(conn, (await me(request, conn)).id))


def _link_id(request: web.Request) -> int:
    raw = request.match_info["link_id"]
    if len(raw) > 18:  # beyond BIGINT: no such link
        raise not_found("caregiver link")
    return int(raw)


@api.post(r"/subscriptions/me/caregivers/{link_id:\d+}/consent", summary="Accept a caregiver (resident)",
          params=schemas.TOKEN_PARAM, responses={200: None, **_ERRORS})
async def consent_caregiver(request: web.Request) -> web.Response:
    async with request.app[keys.DB].begin() as conn:
        done = await caregivers.consent(conn, await me(request, conn), _link_id(request))
    if not done:
        raise not_found("pending caregiver link")
    return _json({"status": "active"})


@api.delete(r"/subscriptions/me/caregivers/{link_id:\d+}", summary="Revoke a caregiver link (either side)",
            params=schemas.TOKEN_PARAM, responses={200: None, **_ERRORS})
async def revoke_caregiver(request: web.Request) -> web.Response:
    async with request.app[keys.DB].begin() as conn:
        done = await caregivers.revoke(conn, await me(request, conn), _link_id(request))
    if not done:
        raise not_found("caregiver link")
    return _json({"status": "revoked"})
