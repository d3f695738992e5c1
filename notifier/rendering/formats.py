"""One variant's words into each format: email, sms, sms-short, voice, line, webhook, page.

Bodies are rendered once per (notice, variant, format); what differs per subscriber (the manage
and unsubscribe links) is left as ``[[MANAGE_URL]]`` / ``[[UNSUBSCRIBE_URL]]`` for ``personalise``.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from notifier import i18n
from notifier.notices.model import NoticeInput
from notifier.paths import TEMPLATES
from notifier.rendering import deps
from notifier.rendering.phrases import phrase
from notifier.rendering.texts import NoticeText
from notifier.rendering.variants import html_lang

MANAGE_URL = "[[MANAGE_URL]]"
UNSUBSCRIBE_URL = "[[UNSUBSCRIBE_URL]]"
LINE_LIMIT = 5000
SMS_SEGMENTS = 10


@dataclass(frozen=True)
class Context:
    notice: NoticeInput
    words: NoticeText
    url: str  # the notice page, {base_url}/n/{public_id}; may be empty in a preview
    notice_id: str
    city_phone: str
    audio_dir: Path | None  # None: no audio
    readability: dict[str, Any] | None = None
    bullets: tuple[str, ...] = field(default=("・", "- "))

    # What several formats of one variant share, worked out once (furigana above all).
    @functools.cached_property
    def plain_title(self) -> str:
        return _plain(self, self.words.title)

    @functools.cached_property
    def plain_body(self) -> str:
        lines = [self.words.note] if self.words.note else []
        lines += [_plain(self, line) for line in self.words.body.splitlines()]
        return "\n".join(lines)

    @functools.cached_property
    def blocks(self) -> list[dict[str, Any]]:
        return _blocks(self)


@functools.cache
def _html_env(variant: str) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             extensions=["jinja2.ext.i18n"], undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    env.install_gettext_translations(i18n.translations(variant, i18n.NOTICES), newstyle=True)  # type: ignore[attr-defined]
    return env


def _plain(ctx: Context, line: str, *, kana: bool = False) -> str:
    """A line for plain text: easy Japanese carries its readings (in brackets, or kana when tight)."""
    if ctx.words.content != "ja-easy":
        return line
    return deps.furigana_text(line, mode="kana" if kana else "brackets")


def _ruby(ctx: Context, line: str) -> Markup:
    if ctx.words.content != "ja-easy":
        return escape(line)
    return Markup(deps.furigana_html(line))  # noqa: S704 - furigana_html escapes the text it annotates


def _blocks(ctx: Context) -> list[dict[str, Any]]:
    """Body lines as paragraphs, with consecutive bullet lines grouped into one list."""
    blocks: list[dict[str, Any]] = []
    for line in ctx.words.body.splitlines():
        bullet = next((b for b in ctx.bullets if line.startswith(b)), None)
        if bullet is None:
            blocks.append({"text": _ruby(ctx, line), "entries": []})
            continue
        if not blocks or not blocks[-1]["entries"]:
            blocks.append({"text": "", "entries": []})
        blocks[-1]["entries"].append(_ruby(ctx, line[len(bullet):]))
    return blocks


def _html(ctx: Context, template: str) -> str:
    words = ctx.words
    return _html_env(words.variant).get_template(template).render(
        lang=html_lang(words.content), title=words.title, title_html=_ruby(ctx, words.title), note=words.note,
        blocks=ctx.blocks, url=ctx.url, urgency=ctx.notice.urgency, ruby=lambda line: _ruby(ctx, line),
    )


def email(ctx: Context) -> dict[str, Any]:
    words, variant = ctx.words, ctx.words.variant
    footer = [phrase(variant, "read_online", ctx.url)] if ctx.url else []
    footer.append(phrase(variant, "manage", MANAGE_URL))
    text = f"{ctx.plain_title}\n\n{ctx.plain_body}\n\n" + "\n".join(footer)
    headers = {"List-Unsubscribe": f"<{UNSUBSCRIBE_URL}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return {"subject": words.title, "text": text, "html": _html(ctx, "notices/email.html"),
            "extra": {"headers": headers}}


def sms(ctx: Context) -> dict[str, Any]:
    core = f"{ctx.plain_title}\n{ctx.plain_body}"
    text = f"{core}\n{ctx.url}" if ctx.url else core
    if deps.sms_info(text)[1] > SMS_SEGMENTS:
        # Keep the link whole: shorten the words to leave one segment for it.
        text = deps.fit_sms(core, max_segments=SMS_SEGMENTS - 1) + (f"\n{ctx.url}" if ctx.url else "")
        text = deps.fit_sms(text, max_segments=SMS_SEGMENTS)
    return _sms_result(ctx, text)


def sms_short(ctx: Context) -> dict[str, Any]:
    point = ctx.words.key_point or ctx.words.title
    return _sms_result(ctx, deps.short_form(_plain(ctx, point, kana=True), ctx.url, limit=70))


def _sms_result(ctx: Context, text: str) -> dict[str, Any]:
    encoding, segments = deps.sms_info(text)
    return {"subject": ctx.words.title, "text": text, "html": None,
            "extra": {"encoding": encoding, "segments": segments}}


async def voice(ctx: Context) -> dict[str, Any]:
    words = ctx.words
    # the title is a line of its own, ended as the language ends a sentence (Thai: with nothing)
    spoken = deps.voice_text(f"{words.title}。\n{words.body}" if words.japanese else f"{words.title}\n{words.body}",
                             language=words.content, emergency=words.emergency, key_point=words.key_point,
                             city_phone=ctx.city_phone)
    audio = None
    if ctx.audio_dir is not None:
        path = await deps.synthesize(spoken, cache_dir=ctx.audio_dir, language=words.content)
        audio = str(path) if path else None
    return {"subject": words.title, "text": spoken, "html": None,
            "extra": {"ssml": deps.voice_ssml(spoken, language=words.content), "audio": audio}}


def line(ctx: Context) -> dict[str, Any]:
    text = f"{ctx.plain_title}\n\n{ctx.plain_body}"
    if ctx.url:
        text += f"\n\n{ctx.url}"
    if len(text) > LINE_LIMIT:
        keep = LINE_LIMIT - len(ctx.url) - 3
        text = text[:keep] + "…" + (f"\n\n{ctx.url}" if ctx.url else "")
    return {"subject": ctx.words.title, "text": text[:LINE_LIMIT], "html": None, "extra": {}}


def webhook(ctx: Context) -> dict[str, Any]:
    notice, words = ctx.notice, ctx.words
    document = {
        "id": ctx.notice_id, "type": notice.type, "urgency": notice.urgency, "areas": notice.areas,
        "topics": notice.topics, "title": words.title, "body": words.body, "params": notice.params,
        "variant": words.variant, "language": words.content, "note": words.note or None, "url": ctx.url or None,
    }
    return {"subject": words.title, "text": json.dumps(document, ensure_ascii=False), "html": None, "extra": {}}


def page(ctx: Context) -> dict[str, Any]:
    text = f"{ctx.plain_title}\n\n{ctx.plain_body}"
    return {"subject": ctx.words.title, "text": text, "html": _html(ctx, "notices/page.html"), "extra": {}}
