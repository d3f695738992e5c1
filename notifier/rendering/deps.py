"""The renderer's calls into its sibling modules (easy Japanese, voice, SMS, audio), in one place.

Imported lazily: those modules load a morphological analyser and a TTS engine, which the
CLI's ``--help`` and the web app's start-up should not pay for.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Literal


def easy_text(text: str) -> str:
    """やさしい日本語 for standard Japanese free text."""
    from notifier.rendering.easy import to_easy

    return str(to_easy(text).text)


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
    from notifier.rendering.easy import readability as report

    data = report(text).as_json()
    return {"score": data["score"], "level": data["level"]}


def voice_text(text: str, *, language: str, emergency: bool, key_point: str | None, city_phone: str) -> str:
    try:
        from notifier.rendering.voice import voice_text as speak
    except (ModuleNotFoundError, ImportError):
        return f"{key_point}\n{text}\n{key_point}" if emergency and key_point else text
    return str(speak(text, language=language, emergency=emergency, key_point=key_point, city_phone=city_phone))


def voice_ssml(text: str, *, language: str) -> str:
    try:
        from notifier.rendering.voice import voice_ssml as ssml
    except (ModuleNotFoundError, ImportError):
        from xml.sax.saxutils import escape
        return f'<speak xml:lang="{language}">{escape(text)}</speak>'
    return str(ssml(text, language=language))


async def synthesize(text: str, *, cache_dir: Path, language: str) -> Path | None:
    """A WAV of ``text`` (cached by content); None when no engine speaks ``language``."""
    try:
        from notifier.rendering.audio import synthesize_async
    except (ModuleNotFoundError, ImportError):
        return None
    result = await synthesize_async(text, cache_dir=cache_dir, language=language)
    return Path(result) if result else None


def sms_info(text: str) -> tuple[str, int]:
    """(encoding, segments)."""
    try:
        from notifier.rendering.sms import sms_info as info
    except (ModuleNotFoundError, ImportError):
        ucs2 = any(ord(c) > 0x7E for c in text)
        units = len(text.encode("utf-16-le")) // 2 if ucs2 else len(text)
        single, multi = (70, 67) if ucs2 else (160, 153)
        return ("UCS-2" if ucs2 else "GSM-7"), (1 if units <= single else math.ceil(units / multi))
    result = info(text)
    return str(result.encoding), int(result.segments)


def fit_sms(text: str, max_segments: int = 10) -> str:
    try:
        from notifier.rendering.sms import fit_sms as fit
    except (ModuleNotFoundError, ImportError):
        return text[: 67 * max_segments]
    return str(fit(text, max_segments=max_segments))


def short_form(text: str, url: str, limit: int = 70) -> str:
    try:
        from notifier.rendering.sms import short_form as short
    except (ModuleNotFoundError, ImportError):
        room = max(0, limit - len(url) - 1)
        return f"{text[:room]}\n{url}" if url else text[:limit]
    return str(short(text, url, limit=limit))
