"""``/console/notices/{id}/preview``: every variant and format side by side, the readability report
with its problems marked, the easy rewrite beside it, and the audience before sending."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from aiohttp import web
from markupsafe import Markup, escape

from notifier.console import audience, common
from notifier.dispatch.sending import FORMATS as SEND_FORMATS
from notifier.notices.store import to_input
from notifier.officers.auth import require_role
from notifier.rendering.easy import readability
from notifier.rendering.render import Rendering
from notifier.rendering.store import ensure_renderings, load_renderings
from notifier.rendering.texts import notice_text
from notifier.rendering.variants import VARIANTS, html_lang
from notifier.storage import schema
from notifier.web import keys
from notifier.web.labels import Labeller, labeller
from notifier.web.templating import render, request_language

routes = web.RouteTableDef()
SHOWN = ("email", "sms", "sms-short", "line", "voice")


def marked(text: str, spans: list[dict[str, Any]]) -> Markup:
    """``text`` escaped, with each problem span in ``<mark>`` (overlaps merged into the first)."""
    out, at = [], 0
    for span in sorted(spans, key=lambda s: (s["start"], -s["end"])):
        if span["start"] < at:
            continue
        out.append(escape(text[at:span["start"]]))
        out.append(Markup('<mark title="{}">{}</mark>').format(span["label"], text[span["start"]:span["end"]]))
        at = span["end"]
    out.append(escape(text[at:]))
    return Markup("").join(out)


def _problem(kind: str, span: dict[str, Any], label: Labeller) -> dict[str, Any]:
    """A report span with its reason in the officer's language (the report itself says it in English)."""
    values = {"long_sentences": {"n": span["end"] - span["start"]},
              "hard_words": {"level": span["reason"].removeprefix("JLPT ")}}.get(kind, {})
    return {**span, "label": label("readability", kind, **values)}


async def _report(request: web.Request, notice: dict[str, Any], variant: str) -> dict[str, Any]:
    words = await notice_text(to_input(notice), variant, timezone=request.app[keys.SETTINGS].timezone)
    report = readability(words.body).as_json()
    label = labeller(request_language(request))
    spans = [_problem(kind, s, label) for kind in ("long_sentences", "hard_words", "double_negatives", "hedges")
             for s in report[kind]]
    return {"variant": variant, "title": words.title, "body": marked(words.body, spans), "report": report,
            "problems": spans}


async def _variants(db: Any) -> set[str]:
    s = schema.subscribers
    async with db.connect() as conn:
        rows = await conn.execute(sa.select(s.c.variant).where(s.c.status == "active").distinct())
    return {v for (v,) in rows if v in VARIANTS} | {"ja", "ja-easy", "en"}


def _audio_url(rendering: Rendering | None) -> str | None:
    audio = rendering.extra.get("audio") if rendering else None
    return f"/audio/{Path(audio).name}" if audio else None


@routes.get("/console/notices/{id}/preview")
@require_role()
async def preview(request: web.Request) -> web.StreamResponse:
    notice = await common.notice_or_404(request)
    db, settings = request.app[keys.DB], request.app[keys.SETTINGS]
    wanted = set(VARIANTS) if request.query.get("all") == "1" else await _variants(db)
    await ensure_renderings(db, notice, variants=wanted, formats=set(SHOWN) | SEND_FORMATS, settings=settings)
    async with db.connect() as conn:
        renderings = await load_renderings(conn, notice["id"])
        reach = await audience.count(conn, notice, {v for v, _ in renderings})
    variants = [v for v in VARIANTS if (v, "email") in renderings]
    return render(request, "console/notices/preview.html", {
        "notice": notice, "variants": variants, "renderings": renderings, "formats": SHOWN,
        "lang_of": html_lang, "audio_url": _audio_url, "audience": reach,
        "reports": [await _report(request, notice, v) for v in ("ja", "ja-easy")],
        "show_all": request.query.get("all") == "1",
    })
