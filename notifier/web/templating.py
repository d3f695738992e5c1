"""Jinja2 for the web pages: autoescaped, gettext-aware, one environment per UI language."""

from __future__ import annotations

import functools
from typing import Any

import jinja2
from aiohttp import web

from notifier import i18n
from notifier.paths import TEMPLATES

UI_LANGUAGES = ("ja", "ja-easy", "en", "zh-Hans", "zh-Hant", "ko", "vi", "ne", "pt-BR", "es", "tl", "id", "th", "my")


@functools.cache
def environment(language: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(i18n.translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.globals["ui_languages"] = UI_LANGUAGES
    env.globals["language"] = language
    return env


def request_language(request: web.Request) -> str:
    """``?lang=`` first, then the ``lang`` cookie, then Japanese."""
    lang = request.query.get("lang") or request.cookies.get("lang") or "ja"
    return lang if lang in UI_LANGUAGES else "ja"


def render(request: web.Request, name: str, context: dict[str, Any] | None = None, *,
           status: int = 200) -> web.Response:
    language = request_language(request)
    ctx: dict[str, Any] = {"request": request, "language": language, "furigana": request.query.get("furigana") == "1"}
    ctx.update(request.get("template_context", {}))
    ctx.update(context or {})
    html = environment(language).get_template(name).render(ctx)
    return web.Response(text=html, content_type="text/html", charset="utf-8", status=status)
