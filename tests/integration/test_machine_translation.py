"""Optional machine translation against a LibreTranslate-compatible peer run as a local aiohttp app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiohttp import web

from notifier.config import Settings
from notifier.dispatch.testing import make_notice
from notifier.notices.model import parse_notice
from notifier.rendering.render import render_notice
from notifier.rendering.store import ensure_renderings, load_renderings
from notifier.rendering.translate import LibreTranslate
from notifier.storage.db import Database

SEEN: web.AppKey[list[dict[str, Any]]] = web.AppKey("seen", list)
NOTICE = {"title": "断水", "body": "明日は断水します。", "topics": ["water"]}


def _peer(status: int = 200) -> web.Application:
    async def translate(request: web.Request) -> web.Response:
        body = await request.json()
        request.app[SEEN].append(body)
        if status != 200:
            return web.json_response({"error": "down"}, status=status)
        return web.json_response({"translatedText": f"[{body['target']}] {body['q']}"})

    app = web.Application()
    app[SEEN] = []
    app.router.add_post("/translate", translate)
    return app


async def test_machine_translation_is_labelled(aiohttp_server: Any, make_settings: Callable[..., Settings]) -> None:
    server = await aiohttp_server(_peer())
    translator = LibreTranslate(url=str(server.make_url("/")))
    (email,) = await render_notice(parse_notice(NOTICE), settings=make_settings(), variants=["zh-Hans"],
                                   formats=["email"], audio=False, translator=translator)
    assert email.subject == "[zh] 断水"
    assert "机器翻译" in email.text and email.extra["note"] == "机器翻译，可能有错误。"
    assert {b["target"] for b in server.app[SEEN]} == {"zh"}


async def test_failing_translator_falls_back_to_easy_japanese(aiohttp_server: Any,
                                                             make_settings: Callable[..., Settings]) -> None:
    server = await aiohttp_server(_peer(status=503))
    translator = LibreTranslate(url=str(server.make_url("/")))
    (page,) = await render_notice(parse_notice(NOTICE), settings=make_settings(), variants=["es"], formats=["page"],
                                  audio=False, translator=translator)
    assert "japonés sencillo" in page.text and "断水" in page.text


async def test_translate_url_setting_turns_machine_translation_on(
        aiohttp_server: Any, make_settings: Callable[..., Settings]) -> None:
    server = await aiohttp_server(_peer())
    settings = Settings.from_mapping({"TODOKE_TRANSLATE_URL": str(server.make_url("/"))})
    settings = make_settings(translate_url=settings.translate_url)
    (email,) = await render_notice(parse_notice(NOTICE), settings=settings, variants=["ko"], formats=["email"],
                                   audio=False)
    assert email.subject == "[ko] 断水" and email.extra["note"]  # labelled as machine translated
    assert [b["q"] for b in server.app[SEEN]] == ["断水", "明日は断水します。"]


async def test_without_translate_url_nothing_is_asked(aiohttp_server: Any,
                                                      make_settings: Callable[..., Settings]) -> None:
    server = await aiohttp_server(_peer())
    (email,) = await render_notice(parse_notice(NOTICE), settings=make_settings(), variants=["ko"],
                                   formats=["email"], audio=False)
    assert "[ko]" not in email.text and server.app[SEEN] == []


async def test_stored_renderings_use_the_setting(aiohttp_server: Any, db: Database,
                                                 make_settings: Callable[..., Settings]) -> None:
    """The delivery engine's path: renderings stored once per (variant, format), machine translated."""
    server = await aiohttp_server(_peer())
    settings = make_settings(translate_url=str(server.make_url("/")))
    async with db.begin() as conn:
        row = await make_notice(conn, status="approved", variants=(), title="断水", body="明日は断水します。",
                                topics=["water"])
    await ensure_renderings(db, row, variants={"en", "ja"}, formats={"email"}, settings=settings, audio=False)
    async with db.connect() as conn:
        stored = await load_renderings(conn, row["id"])
    assert stored[("en", "email")].subject == "[en] 断水" and stored[("en", "email")].extra["note"]
    assert stored[("ja", "email")].subject == "断水"  # Japanese is never machine translated
    assert {b["target"] for b in server.app[SEEN]} == {"en"}
