"""Routes the gateways call back: SMS and call status callbacks, and the TwiML of notice calls.

Every request must carry a valid ``X-Twilio-Signature`` made with the auth token of the channel
named in the path; the signed URL is this service's public ``base_url`` plus the path, since a
proxy in front may change the host the request arrives on.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from aiohttp import web

from channels.httpcommon import twilio_signature_ok
from channels.sms.http_gateway import RECEIPTS as SMS_RECEIPTS
from channels.sms.http_gateway import TwilioSmsChannel
from channels.voice import twiml
from channels.voice.calls import RECEIPTS as CALL_RECEIPTS
from channels.voice.calls import TwilioVoiceChannel
from notifier.dispatch import receipts
from notifier.rendering.store import load_renderings
from notifier.web import keys
from notifier.web.problems import Problem

log = logging.getLogger(__name__)
routes = web.RouteTableDef()
TWIML = "application/xml"
FORM = "application/x-www-form-urlencoded"


def _channel(request: web.Request, family: str, cls: type[Any], provider: str) -> Any:
    channels = request.app.get(keys.CHANNELS)
    channel = getattr(channels, "by_family", {}).get(family)
    if not isinstance(channel, cls) or channel.config.provider != provider:
        raise Problem(404, "Not found", f"no {family} gateway named {provider!r}")
    return channel


async def _signed_form(request: web.Request, auth_token: str) -> dict[str, str]:
    form = await request.post()
    params = {k: v for k, v in form.items() if isinstance(v, str)}
    url = request.app[keys.SETTINGS].base_url.rstrip("/") + request.path_qs
    if not twilio_signature_ok(auth_token, url, params.items(), request.headers.get("X-Twilio-Signature")):
        log.warning("callback with a bad signature on %s", request.path)
        raise Problem(403, "Forbidden", "the request signature does not match")
    return params


@routes.post("/callbacks/sms/{provider}")
async def sms_status(request: web.Request) -> web.Response:
    channel = _channel(request, "sms", TwilioSmsChannel, request.match_info["provider"])
    form = await _signed_form(request, channel.config.auth_token)
    status = SMS_RECEIPTS.get(form.get("MessageStatus", ""))
    if status is None:  # queued, sent, …: not final
        return web.Response(status=204)
    error = f"{form.get('MessageStatus')} {form.get('ErrorCode', '')}".strip()
    matched = await receipts.apply_receipt(request.app[keys.DB], channel="sms", provider_ref=form.get("MessageSid", ""),
                                           status=status, error=error, meta={"gateway_status": form["MessageStatus"]})
    if not matched:
        raise Problem(404, "Not found", "no delivery with this MessageSid")
    return web.Response(status=204)


@routes.post("/callbacks/voice/{provider}")
async def call_status(request: web.Request) -> web.Response:
    channel: TwilioVoiceChannel = _channel(request, "voice", TwilioVoiceChannel, request.match_info["provider"])
    form = await _signed_form(request, channel.config.auth_token)
    call_status = form.get("CallStatus", "")
    status = CALL_RECEIPTS.get(call_status)
    if status is None:
        return web.Response(status=204)
    db, sid = request.app[keys.DB], form.get("CallSid", "")
    existing = await receipts.delivery_by_ref(db, channel="voice", provider_ref=sid)
    if existing is None:
        raise Problem(404, "Not found", "no delivery with this CallSid")
    if (existing["meta"] or {}).get("confirmed") and status != "delivered":
        return web.Response(status=204)  # confirmed on the keypad: a later status cannot undo that
    wait = channel.retry_after(existing["attempts"] or 1) if status == "temporary" else None
    await receipts.apply_receipt(db, channel="voice", provider_ref=sid, status=status, error=call_status,
                                 meta={"call_status": call_status}, retry_after=wait)
    return web.Response(status=204)


async def _call_page(request: web.Request) -> tuple[dict[str, Any], str, str, str | None]:
    """Check the signature; the delivery, its variant, the voice text and the audio URL of the call's key."""
    channels = request.app.get(keys.CHANNELS)
    channel = getattr(channels, "by_family", {}).get("voice")
    if not isinstance(channel, TwilioVoiceChannel):
        raise Problem(404, "Not found", "no voice gateway is configured")
    await _signed_form(request, channel.config.auth_token)
    db = request.app[keys.DB]
    delivery = await receipts.delivery_by_key(db, request.match_info["key"])
    if delivery is None:
        raise Problem(404, "Not found", "no call with this key")
    async with db.connect() as conn:
        found = twiml.voice_rendering(await load_renderings(conn, delivery["notice_id"]), delivery["variant"])
    if found is None:
        raise Problem(404, "Not found", "the notice has no voice rendering")
    variant, rendering = found
    audio = (rendering.extra or {}).get("audio")
    base = request.app[keys.SETTINGS].base_url.rstrip("/")
    return delivery, variant, rendering.text, f"{base}/audio/{Path(audio).name}" if audio else None


def _xml(body: str) -> web.Response:
    return web.Response(text=body, content_type=TWIML, charset="utf-8")


@routes.route("*", "/voice/twiml/{key}")
async def call_twiml(request: web.Request) -> web.Response:
    if request.method not in ("GET", "POST"):
        raise web.HTTPMethodNotAllowed(request.method, ["GET", "POST"])
    _, variant, text, audio = await _call_page(request)
    return _xml(twiml.notice_call(text=text, variant=variant, audio_url=audio,
                                  action=f"/voice/gather/{request.match_info['key']}"))


@routes.post("/voice/gather/{key}")
async def call_gather(request: web.Request) -> web.Response:
    delivery, variant, text, audio = await _call_page(request)
    digits = (await request.post()).get("Digits", "")
    if digits == "2":
        await receipts.confirm_call(request.app[keys.DB], delivery["idempotency_key"], digits="2")
        return _xml(twiml.confirmed(variant))
    # 1 (or any other key): hear it again.
    return _xml(twiml.notice_call(text=text, variant=variant, audio_url=audio,
                                  action=f"/voice/gather/{request.match_info['key']}"))


def setup(app: web.Application) -> None:
    # Gateways post forms, not JSON: tell the API middleware's Content-Type check.
    for handler in (sms_status, call_status):
        handler.todoke_content_types = (FORM,)  # type: ignore[union-attr]
    app.router.add_routes(routes)
