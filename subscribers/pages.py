"""Citizen pages: subscribe and confirm (server-rendered, no JavaScript needed)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from notifier import i18n
from notifier.web import keys
from notifier.web.templating import request_language
from subscribers import abuse, service, store, tokens, verification
from subscribers.pagekit import errors_by_field, form_values, page
from subscribers.validation import Invalid, Reference, parse_subscription

routes = web.RouteTableDef()


@routes.get("/")
async def home(request: web.Request) -> web.Response:
    """Every page's site-name link: the subscription page is where a citizen starts (language kept)."""
    query = f"?{request.query_string}" if request.query_string else ""
    raise web.HTTPFound("/subscribe" + query)


@routes.get("/subscribe")
async def subscribe_form(request: web.Request) -> web.Response:
    return await page(request, "citizen/subscribe.html", {})


@routes.post("/subscribe")
async def subscribe(request: web.Request) -> web.Response:
    values = form_values(await request.post())
    settings = request.app[keys.SETTINGS]
    try:
        async with request.app[keys.DB].begin() as conn:
            sub = parse_subscription(values, await Reference.load(conn))
            abuse.check_countries(sub)
            await abuse.signup(conn, request.remote or "unknown")
            result = await service.subscribe(conn, settings, sub, source="web")
    except abuse.Limited as exc:
        return await _too_many(request, exc.retry_after)
    except Invalid as exc:
        return await page(request, "citizen/subscribe.html",
                          {"values": values, "errors": errors_by_field(exc.as_dicts())}, status=422)
    except service.Conflict as exc:
        return await page(request, "citizen/subscribe.html",
                          {"values": values, "errors": {"contacts": str(exc)}}, status=409)
    await verification.send(request.app[keys.CHANNELS], result.outgoing)
    return await page(request, "citizen/check.html", {
        "already": result.already_verified, "contacts": result.contacts, "public_id": result.public_id,
        "code_kinds": [c["kind"] for c in result.contacts if c["kind"] != "email" and c["verification"] == "sent"],
    })


async def _too_many(request: web.Request, retry_after: int) -> web.Response:
    _ = i18n.translations(request_language(request)).gettext
    minutes = max(1, (retry_after + 59) // 60)
    response = await page(request, "citizen/confirm.html", {
        "title": _("Too many sign-ups"),
        "message": _("Too many subscriptions were made from your network. Please try again in %(minutes)d "
                     "minutes, or ask at your ward office.") % {"minutes": minutes},
        "back": "/subscribe"}, status=429)
    response.headers["Retry-After"] = str(retry_after)
    return response


@routes.get("/verify")
async def verify_form(request: web.Request) -> web.Response:
    token = request.query.get("token", "")
    # Email links land here; confirming takes a click (a POST) so that mail scanners
    # following links cannot confirm on the citizen's behalf.
    return await page(request, "citizen/verify.html", {
        "token": token, "public_id": request.query.get("id", ""),
        "code_kinds": ["sms", "voice", "line"]})


@routes.post("/verify")
async def verify(request: web.Request) -> web.Response:
    form = await request.post()
    settings = request.app[keys.SETTINGS]
    token = str(form.get("token", ""))
    ctx: dict[str, Any] = {"token": token, "public_id": str(form.get("id", ""))[:32],
                           "code_kinds": ["sms", "voice", "line"]}
    async with request.app[keys.DB].begin() as conn:
        if token:
            try:
                cp, _outcome = await verification.check_link(conn, settings, token)
            except tokens.TokenError as exc:
                return await page(request, "citizen/verify.html", {**ctx, "token": "",
                                                                  "errors": {"token": str(exc)}}, status=422)
            public_id = (await store.by_id(conn, cp.subscriber_id)).public_id
        else:
            public_id, message = await _check_code(conn, settings, form, request_language(request))
            if message:
                return await page(request, "citizen/verify.html", {**ctx, "errors": {"code": message}}, status=422)
    return await page(request, "citizen/verify.html", {
        "verified": True, "token": "", "manage_url": tokens.manage_url(settings, public_id)})


async def _check_code(conn: Any, settings: Any, form: Any, language: str) -> tuple[str, str]:
    """(public id, error message or '')."""
    _ = i18n.translations(language).gettext
    row = await store.by_public_id(conn, str(form.get("id", ""))[:32])
    kind = str(form.get("kind", ""))
    points = await store.contact_points(conn, settings.secret_key, row.id) if row else []
    cp = next((c for c in points if c.kind == kind), None)
    if row is None or cp is None:
        return "", _("No confirmation is waiting for this contact. Subscribe again to get a new code.")
    outcome = await verification.check_code(conn, settings, cp.id, str(form.get("code", "")).strip()[:12])
    messages = {"wrong": _("The code is wrong. Please check it and try again."),
                "expired": _("The code has expired. Subscribe again to get a new code."),
                "no_code": _("No code was sent. Subscribe again to get a code."),
                "locked": _("Too many wrong codes. Subscribe again to get a new code.")}
    return row.public_id, messages.get(outcome, "")
