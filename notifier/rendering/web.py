"""The renderer on the web: ``POST /api/v1/notices/preview`` for officers, notice pages ``/n/{id}``
for everyone (the links in SMS), digest pages ``/d/{token}`` (an SMS digest's list of notices)
and the synthesized audio they play."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from markupsafe import Markup, escape

from notifier.dispatch import digest, outbox
from notifier.dispatch.keys import as_utc
from notifier.notices import store as notices
from notifier.notices.model import NoticeError, parse_notice
from notifier.rendering import deps
from notifier.rendering.phrases import phrase
from notifier.rendering.render import check_choice, render_notice
from notifier.rendering.store import ensure_renderings, load_renderings
from notifier.rendering.variants import FORMATS, VARIANTS, format_day, html_lang
from notifier.web import keys
from notifier.web.api import Api
from notifier.web.problems import Problem, invalid
from notifier.web.templating import UI_LANGUAGE_LABELS, render

api = Api("notices")
routes = web.RouteTableDef()

PUBLIC_STATUSES = frozenset({"sent", "sending", "cancelled", "expired"})
PREVIEW_ROLES = frozenset({"author", "approver", "emergency", "admin"})
_AUDIO_NAME = re.compile(r"^[0-9a-f]{8,64}\.wav$")
_RENDERING = {"type": "object", "required": ["variant", "format", "subject", "text"],
              "properties": {"variant": {"enum": list(VARIANTS)}, "format": {"enum": list(FORMATS)},
                             "subject": {"type": ["string", "null"]}, "text": {"type": "string"}}}


@api.post("/notices/preview", summary="Render a notice into every variant and format (nothing is stored)",
          body={"type": "object"}, security=["session", "api_key"], public=False,
          params={"variant": {"type": "string"}, "format": {"type": "string"},
                  "audio": {"type": "string", "enum": ["true", "false"]}},
          responses={200: {"type": "array", "items": _RENDERING}, 401: None, 403: None})
async def preview(request: web.Request, body: Any) -> web.Response:
    await _require_officer(request)
    settings = request.app[keys.SETTINGS]
    try:
        notice = parse_notice(body)
        variants = check_choice(_listed(request, "variant"), VARIANTS, "variant")
        formats = check_choice(_listed(request, "format"), FORMATS, "format")
    except NoticeError as exc:
        raise invalid(exc.field, exc.message) from None
    renderings = await render_notice(notice, settings=settings, variants=variants, formats=formats,
                                     audio=_flag(request, "audio"))
    return web.json_response([item.as_json() for item in renderings], dumps=_dumps)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _listed(request: web.Request, name: str) -> list[str] | None:
    """``?variant=en&variant=ko`` or ``?variant=en,ko``; None when absent."""
    values = [part.strip() for raw in request.query.getall(name, []) for part in raw.split(",") if part.strip()]
    return values or None


def _flag(request: web.Request, name: str) -> bool:
    value = request.query.get(name, "false")
    if value not in ("true", "false"):
        raise invalid(name, "must be true or false")
    return value == "true"


async def _require_officer(request: web.Request) -> None:
    """Officers with any console role, or API keys with ``notices:write``."""
    from notifier.officers.auth import load_principal

    principal = await load_principal(request)
    if principal is None:
        raise Problem(401, "Unauthorized", "sign in or send an API key", headers={"WWW-Authenticate": "Bearer"})
    if not (principal.has_role(*PREVIEW_ROLES) or "notices:write" in principal.scopes):
        raise Problem(403, "Forbidden", "previews need an officer role or the 'notices:write' scope")


@routes.get("/n/{public_id}", name="notice_page")
async def notice_page(request: web.Request) -> web.Response:
    db, settings = request.app[keys.DB], request.app[keys.SETTINGS]
    public_id = request.match_info["public_id"]
    async with db.connect() as conn:
        row = await notices.get(conn, public_id) if len(public_id) <= 32 else None
    if row is None or row["status"] not in PUBLIC_STATUSES:
        raise web.HTTPNotFound(text="notice not found")
    variant = request.query.get("lang", "ja")
    variant = variant if variant in VARIANTS else "ja"
    await ensure_renderings(db, row, variants={variant}, formats={"page", "voice"}, settings=settings)
    async with db.connect() as conn:
        renderings = await load_renderings(conn, row["id"])
    return render(request, "notice/page.html", _page_context(request, row, variant, renderings))


def _page_context(request: web.Request, row: dict[str, Any], variant: str,
                  renderings: dict[tuple[str, str], Any]) -> dict[str, Any]:
    furigana = request.query.get("furigana", "1") != "0"
    large = request.query.get("large") == "1"
    voice = renderings.get((variant, "voice"))
    audio = voice.extra.get("audio") if voice else None

    def link(**changes: Any) -> str:
        query = {"lang": variant, "furigana": "1" if furigana else "0", "large": "1" if large else "0", **changes}
        return f"/n/{row['public_id']}?{urlencode(query)}"

    return {
        "notice": row, "variant": variant, "page": renderings[(variant, "page")], "voice": voice,
        "audio_url": f"/audio/{Path(audio).name}" if audio else None, "show_furigana": furigana,
        "large_text": large, "variant_lang": html_lang(variant), "cancelled": row["status"] == "cancelled",
        "variant_links": [(code, label, link(lang=code)) for code, label in UI_LANGUAGE_LABELS if code in VARIANTS],
        "furigana_link": link(furigana="0" if furigana else "1"), "size_link": link(large="0" if large else "1"),
    }


@routes.get("/d/{token}", name="digest_page")
async def digest_page(request: web.Request) -> web.Response:
    """The notices of one digest (linked from an SMS digest that had room only for titles)."""
    db, settings = request.app[keys.DB], request.app[keys.SETTINGS]
    leader = digest.leader_of(settings.secret_key, request.match_info["token"][:64])
    async with db.connect() as conn:
        found = await outbox.digest_contents(conn, leader) if leader is not None else None
        variant, notice_ids = found or ("ja", [])
        rows = [row for nid in notice_ids if (row := await notices.get(conn, nid))]
        items = [await _digest_item(conn, row, variant, settings.tz) for row in rows
                 if row["status"] in PUBLIC_STATUSES]
    if not items:
        raise web.HTTPNotFound(text="digest not found")
    language = request.query.get("lang") or variant  # the subscriber's own language, unless they chose another
    return render(request, "notice/digest.html", {"items": items}, language=language)


async def _digest_item(conn: Any, row: dict[str, Any], variant: str, tz: Any) -> dict[str, Any]:
    """A notice's title as the subscriber received it, and the link to its page in their variant."""
    renderings = await load_renderings(conn, row["id"])
    found = next((r for v in (variant, "ja-easy", "ja") for f in ("page", "email", "sms")
                  if (r := renderings.get((v, f))) and r.subject), None)
    title = (found.subject or "") if found else (row["title"] or "")
    # Untranslated free text reaches a reader of another language in easy Japanese (texts.notice_text).
    untranslated = found is not None and found.extra.get("note") == phrase(found.variant, "untranslated")
    content = "ja-easy" if untranslated else found.variant if found else variant
    html = Markup(deps.furigana_html(title)) if content == "ja-easy" else escape(title)  # noqa: S704 - escaped
    sent = as_utc(row["sent_at"]).astimezone(tz) if row["sent_at"] else None
    return {"url": f"/n/{row['public_id']}?{urlencode({'lang': variant})}", "title": html, "lang": html_lang(content),
            "sent": format_day(sent, "medium", variant) if sent else "",
            "cancelled": row["status"] == "cancelled"}


@routes.get("/audio/{name}", name="notice_audio")
async def audio_file(request: web.Request) -> web.StreamResponse:
    """A synthesized WAV from the audio cache; names are content hashes, nothing else is served."""
    path = _audio_path(request.app[keys.SETTINGS].audio_dir, request.match_info["name"])
    if path is None:
        raise web.HTTPNotFound(text="no such audio")
    return web.FileResponse(path, headers={"Content-Type": "audio/wav", "Cache-Control": "public, max-age=86400"})


def _audio_path(audio_dir: str, name: str) -> Path | None:
    """The cached file for a hash-like name inside ``audio_dir``; None for anything else."""
    if not _AUDIO_NAME.match(name):
        return None
    folder = Path(audio_dir).resolve()
    path = (folder / name).resolve()
    return path if path.parent == folder and path.is_file() else None


def setup(app: web.Application) -> None:
    api.setup(app)
    app.router.add_routes(routes)
