"""Optional machine translation against a LibreTranslate-compatible peer run as a local aiohttp app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiohttp import web

from notifier.config import Settings
from notifier.notices.model import parse_notice
from notifier.rendering.render import render_notice
from notifier.rendering.translate import LibreTranslate

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
