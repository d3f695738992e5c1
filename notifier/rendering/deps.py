"""The renderer's calls into its sibling modules (easy Japanese, voice, SMS, audio), in one place.

Imported lazily: those modules load a morphological analyser and a TTS engine, which the
CLI's ``--help`` and the web app's start-up should not pay for.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any, Literal

from notifier.rendering.memo import memo


def easy_text(text: str) -> str:
    """やさしい日本語 for standard Japanese free text."""
    return _easy_text(text, datetime.date.today())


@memo(maxsize=512)
def _easy_text(text: str, today: datetime.date) -> str:
    # Cached on (text, day): a notice's title and body are rewritten once, not once for easy
    # Japanese and again for each of the languages it has no translation for.
    from notifier.rendering.easy import to_easy

    return str(to_easy(text, today=today).text)


def furigana_html(text: str) -> str:
    """HTML with ``<ruby>`` over every kanji word (``text`` is plain; the result is escaped)."""
    from notifier.rendering.easy import furigana_html as ruby

    return str(ruby(text))


def furigana_text(text: str, mode: Literal["brackets", "kana"] = "brackets") -> str:
    """Plain text with readings: 漢字（かんじ） (``brackets``) or kana only (``kana``)."""
    from notifier.rendering.easy import furigana_text as annotate

    return str(annotate(text, mode=mode))


def readability(text: str) -> dict[str, Any]:
    """``{"score", "level"}`` of jReadability."""
    from notifier.rendering.easy.report import summary

    score, level = summary(text)  # the full report's spans are the console's, not a rendering's
    return {"score": score, "level": level}


def voice_text(text: str, *, language: str, emergency: bool, key_point: str | None, city_phone: str) -> str:
    from notifier.rendering.voice import voice_text as speak

    return str(speak(text, language=language, emergency=emergency, key_point=key_point, city_phone=city_phone))


def voice_ssml(text: str, *, language: str) -> str:
    from notifier.rendering.voice import voice_ssml as ssml

    return str(ssml(text, language=language))


async def synthesize(text: str, *, cache_dir: Path, language: str) -> Path | None:
    """A WAV of ``text`` (cached by content); None when no engine speaks ``language``."""
    from notifier.rendering.audio import synthesize_async

    result = await synthesize_async(text, cache_dir=cache_dir, language=language)
    return Path(result) if result else None


def sms_info(text: str) -> tuple[str, int]:
    """(encoding, segments)."""
    from notifier.rendering.sms import sms_info as info

    result = info(text)
    return str(result.encoding), int(result.segments)


def fit_sms(text: str, max_segments: int = 10) -> str:
    from notifier.rendering.sms import fit_sms as fit

    return str(fit(text, max_segments=max_segments))


def short_form(text: str, url: str, limit: int = 70) -> str:
    from notifier.rendering.sms import short_form as short

    return str(short(text, url, limit=limit))
