"""What a notice says in one variant, before any format: title, body, key point and notes.

Structured types come from their templates. Free text (and ``general``) is standard Japanese:
``ja`` as written, ``ja-easy`` rewritten, other languages from the notice's own translations,
else machine translation if configured (labelled), else easy Japanese under a header in the
subscriber's language saying it was not translated — never silently Japanese.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from zoneinfo import ZoneInfo

from notifier.notices.model import NoticeInput
from notifier.rendering import deps
from notifier.rendering.phrases import phrase, render_words
from notifier.rendering.types import default_urgency
from notifier.rendering.variants import JAPANESE


class Translator(Protocol):
    async def translate(self, text: str, *, target: str, source: str = "ja") -> str | None: ...


@dataclass(frozen=True)
class NoticeText:
    variant: str
    title: str
    body: str
    key_point: str | None
    emergency: bool
    content: str  # the variant the words are actually in: "ja-easy" when untranslated
    note: str = ""  # header shown above the body (untranslated / machine translated)

    @property
    def japanese(self) -> bool:
        return self.content in JAPANESE


def is_emergency(notice: NoticeInput) -> bool:
    return "emergency" in (notice.urgency, default_urgency(notice.type, notice.params))


async def notice_text(notice: NoticeInput, variant: str, *, timezone: str,
                      translator: Translator | None = None) -> NoticeText:
    emergency = is_emergency(notice)
    if notice.type not in ("free", "general"):
        words = render_words(notice.type, notice.params, variant=variant, areas=notice.areas,
                             tz=ZoneInfo(timezone))
        return NoticeText(variant, words.title, words.body, words.key_point if emergency else None,
                          emergency, variant)
    title = notice.title if notice.type == "free" else notice.params["title"]
    body = notice.body if notice.type == "free" else notice.params["body"]
    return await _free_text(notice, variant, str(title), str(body), emergency, translator)


async def _free_text(notice: NoticeInput, variant: str, title: str, body: str, emergency: bool,
                     translator: Translator | None) -> NoticeText:
    key = title if emergency else None
    if variant == "ja":
        return NoticeText(variant, title, body, key, emergency, variant)
    easy_title, easy_body = deps.easy_text(title), deps.easy_text(body)
    if variant == "ja-easy":
        return NoticeText(variant, easy_title, easy_body, easy_title if emergency else None, emergency, variant)
    given = notice.translations.get(variant)
    if given:
        return NoticeText(variant, given["title"], given["body"], given["title"] if emergency else None,
                          emergency, variant)
    if translator is not None:
        machine = await _machine(translator, variant, title, body)
        if machine:
            note = phrase(variant, "machine")
            return NoticeText(variant, machine[0], machine[1], machine[0] if emergency else None, emergency,
                              variant, note)
    note = phrase(variant, "untranslated")
    return NoticeText(variant, easy_title, easy_body, easy_title if emergency else None, emergency, "ja-easy", note)


async def _machine(translator: Translator, variant: str, title: str, body: str) -> tuple[str, str] | None:
    new_title = await translator.translate(title, target=variant)
    new_body = await translator.translate(body, target=variant) if new_title else None
    return (new_title, new_body) if new_title and new_body else None
