"""The dial-in line (TwiML, machine to machine): a caller hears the latest notices for their ward.

``POST /voice/dialin``: the caller is known by caller ID (``From`` → their voice contact point via
the keyed hash) → the notices for their registered ward in their variant; otherwise they pick a
ward on the keypad (``01``–``10``) → ``POST /voice/dialin/ward``. No request signature is checked
yet: the channels package has no Twilio signature helper (see the report).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import sqlalchemy as sa
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncConnection

from notifier.privacy import lookup_hashes
from notifier.rendering.store import ensure_renderings, load_renderings
from notifier.storage import schema
from notifier.storage.db import utcnow
from notifier.storage.reference import AREAS
from notifier.web import keys

routes = web.RouteTableDef()
n, s, cp, sa_ = schema.notices, schema.subscribers, schema.contact_points, schema.subscriber_areas
LATEST = 3
RECENT = timedelta(days=7)
SAY_LANGUAGE = {"ja": "ja-JP", "ja-easy": "ja-JP", "en": "en-US", "ko": "ko-KR", "zh-Hans": "cmn-CN",
                "zh-Hant": "cmn-TW", "vi": "vi-VN", "pt-BR": "pt-BR", "es": "es-ES", "id": "id-ID", "th": "th-TH"}
PICK = ("お住まいの区の番号を、2桁で押してください。" + "、".join(
    f"{a.name_ja}は{i:02d}" for i, a in enumerate(AREAS, start=1)) + "。")


def twiml(*verbs: str) -> web.Response:
    body = '<?xml version="1.0" encoding="UTF-8"?>\n<Response>' + "".join(verbs) + "</Response>"
    return web.Response(text=body, content_type="application/xml", charset="utf-8")


def say(text: str, variant: str = "ja") -> str:
    return f"<Say language={quoteattr(SAY_LANGUAGE.get(variant, 'ja-JP'))}>{escape(text)}</Say>"


def gather(prompt: str) -> str:
    return f'<Gather numDigits="2" action="/voice/dialin/ward" method="POST">{say(prompt)}</Gather>'


async def _caller(conn: AsyncConnection, secret: str, number: str) -> tuple[str, str] | None:
    """(ward code, variant) of the active subscriber calling from ``number``."""
    row = (await conn.execute(
        sa.select(s.c.id, s.c.variant).join(cp, cp.c.subscriber_id == s.c.id).where(
            cp.c.kind == "voice", cp.c.address_hash.in_(lookup_hashes(secret, "voice", number)),
            cp.c.verified_at.is_not(None), s.c.status == "active"))).first()
    if row is None:
        return None
    ward = (await conn.execute(sa.select(sa_.c.area_code).where(sa_.c.subscriber_id == row.id)
                               .order_by(sa_.c.area_code).limit(1))).scalar()
    return (ward, row.variant) if ward else None


async def latest(conn: AsyncConnection, ward: str) -> list[dict[str, Any]]:
    rows = await conn.execute(sa.select(n).where(n.c.status == "sent", n.c.sent_at >= utcnow() - RECENT)
                              .order_by(n.c.sent_at.desc(), n.c.id.desc()).limit(100))
    found = [dict(r) for r in rows.mappings() if ward in (r["areas"] or []) or r["areas"] == ["all"]]
    return found[:LATEST]


async def _read_out(request: web.Request, ward: str, variant: str) -> web.Response:
    db, settings = request.app[keys.DB], request.app[keys.SETTINGS]
    async with db.connect() as conn:
        notices = await latest(conn, ward)
    name = next(a.name_ja for a in AREAS if a.code == ward)
    if not notices:
        return twiml(say(f"{name}の新しいお知らせはありません。"), "<Hangup/>")
    verbs = [say(f"{name}のお知らせを{len(notices)}件お伝えします。")]
    for notice in notices:
        await ensure_renderings(db, notice, variants={variant}, formats={"voice"}, settings=settings)
        async with db.connect() as conn:
            voice = (await load_renderings(conn, notice["id"])).get((variant, "voice"))
        if voice is None:
            continue
        audio = voice.extra.get("audio")
        base = settings.base_url.rstrip("/")
        verbs.append(f"<Play>{escape(f'{base}/audio/{Path(audio).name}')}</Play>" if audio
                     else say(voice.text, variant))
    return twiml(*verbs, "<Hangup/>")


@routes.post("/voice/dialin")
async def dialin(request: web.Request) -> web.Response:
    form = await request.post()
    number = str(form.get("From", ""))[:32]
    if number:
        async with request.app[keys.DB].connect() as conn:
            found = await _caller(conn, request.app[keys.SETTINGS].secret_key, number)
        if found:
            return await _read_out(request, *found)
    return twiml(say("さいたま市のお知らせ電話です。"), gather(PICK), say("番号が押されませんでした。"), "<Hangup/>")


@routes.post("/voice/dialin/ward")
async def dialin_ward(request: web.Request) -> web.Response:
    digits = str((await request.post()).get("Digits", ""))
    if len(digits) == 2 and digits.isdigit() and 1 <= int(digits) <= len(AREAS):
        return await _read_out(request, AREAS[int(digits) - 1].code, "ja")
    return twiml(say("その番号の区はありません。"), gather(PICK), "<Hangup/>")
