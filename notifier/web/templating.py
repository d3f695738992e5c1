"""Jinja2 for the web pages: autoescaped, gettext-aware, one environment per UI language."""

from __future__ import annotations

import functools
from typing import Any

import jinja2
from aiohttp import web

from notifier import i18n
from notifier.paths import TEMPLATES
from notifier.web import keys
from notifier.web.csrf import csrf_token
from notifier.web.labels import labeller

# Each UI language labelled in its own script, so a reader finds theirs without reading Japanese.
UI_LANGUAGE_LABELS: tuple[tuple[str, str], ...] = (
    ("ja", "日本語"), ("ja-easy", "やさしい にほんご"), ("en", "English"), ("zh-Hans", "简体中文"),
    ("zh-Hant", "繁體中文"), ("ko", "한국어"), ("vi", "Tiếng Việt"), ("ne", "नेपाली"), ("pt-BR", "Português"),
    ("es", "Español"), ("tl", "Tagalog"), ("id", "Bahasa Indonesia"), ("th", "ไทย"), ("my", "မြန်မာ"),
)
UI_LANGUAGES = tuple(code for code, _ in UI_LANGUAGE_LABELS)


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
    env.globals["ui_language_labels"] = UI_LANGUAGE_LABELS
    env.globals["language"] = language
    env.globals["label"] = labeller(language)  # label("urgency", code): the officer's word for a code
    return env


def request_language(request: web.Request) -> str:
    """``?lang=`` first, then the ``lang`` cookie, then Japanese."""
    lang = request.query.get("lang") or request.cookies.get("lang") or "ja"
    return lang if lang in UI_LANGUAGES else "ja"


def render(request: web.Request, name: str, context: dict[str, Any] | None = None, *,
           status: int = 200, language: str | None = None) -> web.Response:
    """``language``: the page's language when the page knows its reader's (else ``request_language``)."""
    language = language if language in UI_LANGUAGES else request_language(request)
    ctx: dict[str, Any] = {"request": request, "language": language, "furigana": request.query.get("furigana") == "1"}
    ctx["csrf_token"] = csrf_token(request)
    ctx.update(request.get(keys.TEMPLATE_CONTEXT, {}))
    ctx.update(context or {})
    html = environment(language).get_template(name).render(ctx)
    return web.Response(text=html, content_type="text/html", charset="utf-8", status=status)
