"""Citizen pages behind the signed manage link: change, unsubscribe, caregivers, export, delete;
and the one-click unsubscribe link of every message (``/u/{token}``, RFC 8058)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from aiohttp import web

from notifier import i18n
from notifier.web import keys
from notifier.web.templating import request_language
from subscribers import caregivers, service, store, tokens, verification
from subscribers.pagekit import errors_by_field, form_values, page, values_from_document
from subscribers.validation import FieldError, Invalid, Reference, parse_subscription

routes = web.RouteTableDef()


def translator(request: web.Request) -> Callable[[str], str]:
    return i18n.translations(request_language(request)).gettext


async def _subscriber(request: web.Request, conn: Any, purpose: str = "manage") -> Any:
    _ = translator(request)
    try:
        public_id = tokens.public_id_from(request.app[keys.SETTINGS], purpose, request.match_info["token"])
    except tokens.TokenError as exc:
        raise web.HTTPNotFound(text=str(exc)) from None
    row = await store.by_public_id(conn, public_id)
    if row is None:
        raise web.HTTPNotFound(text=_("This subscription no longer exists."))
    return row


async def _manage_page(request: web.Request, conn: Any, row: Any, **ctx: Any) -> web.Response:
    doc = await store.document(conn, request.app[keys.SETTINGS].secret_key, row)
    ctx.setdefault("values", values_from_document(doc))
    return await page(request, "citizen/manage.html", {
        "token": request.match_info["token"], "status": doc["status"],
        "unverified": [c["kind"] for c in doc["contacts"] if not c["verified"]],
        "links": await caregivers.links_of(conn, row.id), "large_text": row.large_text, **ctx,
    }, status=ctx.pop("status", 200))


@routes.get("/manage/{token}")
async def manage(request: web.Request) -> web.Response:
    async with request.app[keys.DB].connect() as conn:
        return await _manage_page(request, conn, await _subscriber(request, conn), saved=False)


@routes.post("/manage/{token}")
async def save(request: web.Request) -> web.Response:
    values = form_values(await request.post())
    try:
        async with request.app[keys.DB].begin() as conn:
            row = await _subscriber(request, conn)
            sub = parse_subscription(values, await Reference.load(conn))
            outgoing = await service.change(conn, request.app[keys.SETTINGS], row, sub)
    except Invalid as exc:
        errors: dict[str, str] = errors_by_field(exc.as_dicts())
    except FieldError as exc:
        errors = {exc.field: exc.message}
    else:
        await verification.send(request.app[keys.CHANNELS], outgoing)
        async with request.app[keys.DB].connect() as conn:
            return await _manage_page(request, conn, await _subscriber(request, conn), saved=True)
    async with request.app[keys.DB].connect() as conn:
        return await _manage_page(request, conn, await _subscriber(request, conn), values=values,
                                  errors=errors, status=422)


@routes.post("/manage/{token}/unsubscribe")
async def unsubscribe(request: web.Request) -> web.Response:
    _ = translator(request)
    async with request.app[keys.DB].begin() as conn:
        row = await _subscriber(request, conn)
        await store.unsubscribe(conn, row.id, row.public_id, via="manage-page")
    return await _done(request, _("You are unsubscribed"),
                       _("No more notifications will be sent. You can subscribe again from your link."),
                       back=f"/manage/{request.match_info['token']}")


@routes.get("/u/{token}")
async def unsubscribe_link(request: web.Request) -> web.Response:
    _ = translator(request)
    async with request.app[keys.DB].connect() as conn:
        await _subscriber(request, conn, "unsubscribe")
    return await page(request, "citizen/confirm.html", {
        "title": _("Stop the notifications?"),
        "message": _("Press the button to unsubscribe. It takes effect at once."),
        "action": request.path, "button": _("Unsubscribe now"), "button_class": "danger"})


@routes.post("/u/{token}")
async def one_click_unsubscribe(request: web.Request) -> web.Response:
    """RFC 8058: mail clients POST ``List-Unsubscribe=One-Click`` here, without cookies (CSRF-exempt)."""
    _ = translator(request)
    async with request.app[keys.DB].begin() as conn:
        row = await _subscriber(request, conn, "unsubscribe")
        if row.status != "unsubscribed":
            await store.unsubscribe(conn, row.id, row.public_id, via="one-click")
    return await _done(request, _("You are unsubscribed"),
                       _("No more notifications will be sent."))


@routes.post(r"/manage/{token}/caregivers/{link_id:\d+}/{action:consent|revoke}")
async def caregiver_action(request: web.Request) -> web.Response:
    async with request.app[keys.DB].begin() as conn:
        row = await _subscriber(request, conn)
        act = caregivers.consent if request.match_info["action"] == "consent" else caregivers.revoke
        link_id = request.match_info["link_id"]
        if len(link_id) <= 18:  # beyond BIGINT there is no such link
            await act(conn, row, int(link_id))
    raise web.HTTPSeeOther(f"/manage/{request.match_info['token']}")


@routes.get("/manage/{token}/export")
async def export(request: web.Request) -> web.Response:
    async with request.app[keys.DB].connect() as conn:
        data = await store.export(conn, request.app[keys.SETTINGS].secret_key, await _subscriber(request, conn))
    return web.Response(text=json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json",
                        headers={"Content-Disposition": 'attachment; filename="todoke-my-data.json"'})


@routes.get("/manage/{token}/delete")
async def delete_form(request: web.Request) -> web.Response:
    _ = translator(request)
    async with request.app[keys.DB].connect() as conn:
        await _subscriber(request, conn)
    return await page(request, "citizen/confirm.html", {
        "title": _("Delete all my data?"),
        "message": _("Your subscription, contacts, needs and caregiver links are deleted for good. "
                              "This cannot be undone."),
        "action": request.path, "button": _("Delete everything"), "button_class": "danger",
        "back": f"/manage/{request.match_info['token']}"})


@routes.post("/manage/{token}/delete")
async def delete(request: web.Request) -> web.Response:
    _ = translator(request)
    async with request.app[keys.DB].begin() as conn:
        row = await _subscriber(request, conn)
        await store.erase(conn, request.app[keys.SETTINGS].secret_key, row, actor=f"citizen:{row.public_id}")
    return await _done(request, _("Your data is deleted"),
                       _("Everything we stored about you has been deleted."))


async def _done(request: web.Request, title: str, message: str, back: str = "") -> web.Response:
    return await page(request, "citizen/confirm.html", {"title": title, "message": message, "action": "",
                                                        "back": back})
