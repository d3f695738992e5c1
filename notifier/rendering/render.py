"""``render_notice``: one notice into every (variant, format) asked for — the renderer's entry point.

Rendering happens once per (notice, variant, format); ``personalise`` is the cheap per-subscriber
substitution of the manage and unsubscribe links on a pre-rendered body.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import escape

from notifier.config import Settings
from notifier.notices.model import NoticeError, NoticeInput
from notifier.rendering import deps, formats
from notifier.rendering.texts import NoticeText, Translator, notice_text
from notifier.rendering.translate import translator_for
from notifier.rendering.variants import FORMATS, JAPANESE, VARIANTS

Builder = Callable[[formats.Context], dict[str, Any] | Awaitable[dict[str, Any]]]
_BUILDERS: dict[str, Builder] = {
    "email": formats.email, "sms": formats.sms, "sms-short": formats.sms_short, "voice": formats.voice,
    "line": formats.line, "webhook": formats.webhook, "page": formats.page,
}


@dataclass(frozen=True)
class Rendering:
    variant: str
    format: str
    subject: str | None
    text: str
    html: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """The ``todoke render`` object of DESIGN.md (extra keys flattened in)."""
        out: dict[str, Any] = {"variant": self.variant, "format": self.format, "subject": self.subject,
                               "text": self.text}
        if self.html is not None:
            out["html"] = self.html
        out.update(self.extra)
        return out


def check_choice(values: Iterable[str] | None, known: tuple[str, ...], field_name: str) -> list[str]:
    """The requested variants or formats in canonical order; unknown ones raise ``NoticeError``."""
    if values is None:
        return list(known)
    wanted = set(values)
    unknown = sorted(wanted - set(known))
    if unknown:
        raise NoticeError(field_name, f"unknown {field_name} {unknown[0]!r} (known: {', '.join(known)})")
    return [v for v in known if v in wanted]


async def render_notice(notice: NoticeInput, *, settings: Settings, variants: Iterable[str] | None = None,
                        formats: Iterable[str] | None = None, notice_url: str = "", audio: bool = True,
                        notice_id: str = "", translator: Translator | None = None) -> list[Rendering]:
    """Every (variant, format) asked for, in the order of ``VARIANTS`` × ``FORMATS``.

    ``translator`` defaults to the provider of ``settings.translate_url`` (none when unset).
    """
    translator = translator or translator_for(settings)
    chosen_variants = check_choice(variants, VARIANTS, "variant")
    chosen_formats = check_choice(formats, FORMATS, "format")
    out: list[Rendering] = []
    for variant in chosen_variants:
        words = await notice_text(notice, variant, timezone=settings.timezone, translator=translator)
        ctx = formats_context(notice, words, settings=settings, notice_url=notice_url, audio=audio,
                              notice_id=notice_id)
        for fmt in chosen_formats:
            out.append(await _one(ctx, fmt))
    return out


def formats_context(notice: NoticeInput, words: NoticeText, *, settings: Settings, notice_url: str, audio: bool,
                    notice_id: str) -> formats.Context:
    score = deps.readability(words.body) if words.variant in JAPANESE else None
    return formats.Context(notice=notice, words=words, url=notice_url, notice_id=notice_id,
                           city_phone=settings.city_phone, audio_dir=Path(settings.audio_dir) if audio else None,
                           readability=score)


async def _one(ctx: formats.Context, fmt: str) -> Rendering:
    built = _BUILDERS[fmt](ctx)
    result: dict[str, Any] = await built if isinstance(built, Awaitable) else built
    extra = dict(result["extra"])
    if ctx.readability is not None:
        extra["readability"] = ctx.readability
    if ctx.words.note:
        extra["note"] = ctx.words.note
    return Rendering(ctx.words.variant, fmt, result["subject"], result["text"], result["html"], extra)


def personalise(rendering: Rendering, *, manage_url: str, unsubscribe_url: str) -> Rendering:
    """The rendering for one subscriber: their manage and unsubscribe links put in place."""
    def plain(value: str) -> str:
        return value.replace(formats.MANAGE_URL, manage_url).replace(formats.UNSUBSCRIBE_URL, unsubscribe_url)

    html = rendering.html
    if html is not None:
        html = html.replace(formats.MANAGE_URL, str(escape(manage_url))).replace(
            formats.UNSUBSCRIBE_URL, str(escape(unsubscribe_url)))
    extra = dict(rendering.extra)
    if "headers" in extra:
        extra["headers"] = {name: plain(value) for name, value in extra["headers"].items()}
    return dataclasses.replace(rendering, text=plain(rendering.text), html=html, extra=extra)
