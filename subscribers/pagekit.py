"""Shared pieces of the citizen pages: option lists, form ↔ subscription document, reading aids."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import sqlalchemy as sa
from aiohttp import web
from markupsafe import Markup, escape
from multidict import MultiDictProxy

from notifier import i18n
from notifier.storage import schema
from notifier.web import keys
from notifier.web.templating import render, request_language
from subscribers.validation import CHANNELS

# Readings for the words of this app's headings; the full furigana engine is the renderer's.
_READINGS = {"登録": "とうろく", "確認": "かくにん", "設定": "せってい", "解除": "かいじょ", "削除": "さくじょ",
             "通知": "つうち", "市": "し", "入力": "にゅうりょく", "介護者": "かいごしゃ", "配信": "はいしん",
             "停止": "ていし", "済": "ず", "受信": "じゅしん", "文字": "もじ"}


def ruby(text: str, enabled: bool) -> Markup:
    """Heading text with <ruby> readings when the furigana toggle is on (escaped either way)."""
    html = str(escape(text))
    if enabled:
        for word, reading in _READINGS.items():
            html = html.replace(word, f"<ruby>{word}<rt>{reading}</rt></ruby>")
    return Markup(html)  # noqa: S704 - built from escaped text and our own constant readings


def toggle_url(request: web.Request, name: str) -> str:
    query = dict(request.query)
    if query.get(name) == "1":
        query.pop(name)
    else:
        query[name] = "1"
    return request.path + ("?" + urlencode(query) if query else "")


async def options(request: web.Request) -> dict[str, Any]:
    language = request_language(request)
    _ = i18n.translations(language).gettext
    async with request.app[keys.DB].connect() as conn:
        topics = (await conn.execute(sa.select(schema.topics).order_by(schema.topics.c.sort))).all()
        areas = (await conn.execute(sa.select(schema.areas).order_by(schema.areas.c.sort))).all()
    japanese = language in ("ja", "ja-easy")
    topic_name = "name_easy" if language == "ja-easy" else "name_ja" if japanese else "name_en"
    return {
        "topic_options": [(t.key, getattr(t, topic_name)) for t in topics],
        "area_options": [(a.code, a.name_ja if japanese else f"{a.name_en} ({a.name_ja})") for a in areas],
        "channel_options": list(channel_labels(_).items()),
        "channel_labels": channel_labels(_),
        "need_options": [("age65", _("Aged 65 or over")), ("evacuation_support", _("I need help to evacuate")),
                         ("hearing", _("Hearing impairment (no voice calls)")),
                         ("visual", _("Visual impairment (voice first, large text)")),
                         ("infants", _("Infants in the household"))],
        "verification_labels": {"sent": _("confirmation sent"), "verified": _("confirmed"),
                                "throttled": _("sent recently; please wait a minute"),
                                "manage_link_sent": _("link sent")},
        "relation_labels": {"family": _("Family"), "care_manager": _("Care manager")},
        "link_roles": {"resident": _("receives copies of your messages"), "caregiver": _("you receive copies")},
        "link_states": {"pending": _("waiting for consent"), "active": _("active"), "revoked": _("ended")},
    }


def channel_labels(_: Any) -> dict[str, str]:
    return {"line": "LINE", "email": _("Email"), "sms": _("SMS (text message)"), "voice": _("Voice call")}


def empty_values() -> dict[str, Any]:
    return {"contacts": {}, "topics": [], "areas": [], "language": "ja", "channels": [],
            "quiet_hours": {}, "needs": [], "needs_consent": False, "furigana": False, "large_text": False}


def form_values(form: MultiDictProxy[Any]) -> dict[str, Any]:
    """The posted form as the API's subscription document (same validation for both)."""
    def one(name: str) -> str:
        return str(form.get(name, "")).strip()

    start, end = one("quiet_hours.start"), one("quiet_hours.end")
    return {
        "contacts": {kind: one(f"contacts.{kind}") for kind in schema.CONTACT_KINDS},
        "topics": [str(v) for v in form.getall("topics", [])],
        "areas": [str(v) for v in form.getall("areas", [])],
        "language": one("language") or "ja",
        "channels": [c for c in (one(f"channel_{i}") for i in range(1, len(CHANNELS) + 1)) if c],
        "quiet_hours": {"start": start, "end": end} if start or end else None,
        "needs": [str(v) for v in form.getall("needs", [])],
        "needs_consent": "needs_consent" in form,
        "furigana": "furigana" in form,
        "large_text": "large_text" in form,
    }


def values_from_document(doc: dict[str, Any]) -> dict[str, Any]:
    contacts = {c["kind"]: c["address"] for c in doc["contacts"]}
    return {**doc, "contacts": contacts, "quiet_hours": doc["quiet_hours"] or {}, "needs_consent": bool(doc["needs"])}


def errors_by_field(errors: list[dict[str, str]]) -> dict[str, str]:
    """Field → message; list items (``topics[2]``, ``channels[0]``) are shown at their list."""
    out: dict[str, str] = {}
    for e in errors:
        out.setdefault(e["field"].split("[")[0], e["message"])
    return out


# Every variable any citizen template may test, so StrictUndefined only catches real typos.
_PAGE_DEFAULTS: dict[str, Any] = {
    "verified": False, "already": False, "saved": False, "token": "", "public_id": "", "code_kinds": [],
    "contacts": [], "manage_url": "", "links": [], "unverified": [], "back": "", "action": "", "status": "",
}


async def page(request: web.Request, name: str, ctx: dict[str, Any], *, status: int = 200) -> web.Response:
    furigana = request.query.get("furigana") == "1"
    large = request.query.get("large") == "1" or bool(ctx.get("large_text"))
    base = {"errors": {}, "large_text": large, **_PAGE_DEFAULTS, "toggle_url": toggle_url,
            "ruby": lambda text: ruby(text, furigana), **await options(request)}
    base.update(ctx)
    base["values"] = {**empty_values(), **(ctx.get("values") or {})}
    base["values"]["quiet_hours"] = base["values"].get("quiet_hours") or {}
    base["values"]["contacts"] = base["values"].get("contacts") or {}
    return render(request, name, base, status=status)
