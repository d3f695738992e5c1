"""TwiML of a notice call: the notice spoken (or its synthesized audio played), then a keypad choice."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from notifier import i18n

# Variant → the <Say> voice language; variants the gateway cannot speak fall back to their audio.
SAY_LANGUAGES = {
    "ja": "ja-JP", "ja-easy": "ja-JP", "en": "en-US", "zh-Hans": "cmn-CN", "zh-Hant": "cmn-TW", "ko": "ko-KR",
    "pt-BR": "pt-BR", "es": "es-ES", "vi": "vi-VN", "th": "th-TH", "id": "id-ID", "tl": "fil-PH",
}
JAPANESE_PROMPT = "1 を おすと もういちど、2 を おすと かくにん。"
JAPANESE_THANKS = "かくにん しました。ありがとう ございました。"


def _prompts(variant: str) -> tuple[str, str]:
    """The keypad prompt and the thanks, in the callee's language (plain kana for Japanese)."""
    if variant in ("ja", "ja-easy"):
        return JAPANESE_PROMPT, JAPANESE_THANKS
    gettext = i18n.translations(variant).gettext
    return (gettext("Press 1 to hear this again. Press 2 to confirm."),
            gettext("Thank you. Your confirmation has been recorded."))


def _say(parent: ET.Element, text: str, language: str) -> None:
    ET.SubElement(parent, "Say", language=language).text = text


def _xml(root: ET.Element) -> str:
    return '<?xml version="1.0" encoding="UTF-8"?>' + ET.tostring(root, encoding="unicode")


def notice_call(*, text: str, variant: str, audio_url: str | None, action: str) -> str:
    """``<Response><Gather numDigits="1" action=…><Say>/<Play>…prompt</Gather></Response>``."""
    language = SAY_LANGUAGES.get(variant)
    root = ET.Element("Response")
    gather = ET.SubElement(root, "Gather", numDigits="1", action=action, method="POST")
    if audio_url:
        ET.SubElement(gather, "Play").text = audio_url
    else:
        _say(gather, text, language or "ja-JP")
    _say(gather, _prompts(variant)[0], language or "en-US")
    # Silence after the prompt: the call ends, the status callback counts it as heard.
    return _xml(root)


def confirmed(variant: str) -> str:
    root = ET.Element("Response")
    _say(root, _prompts(variant)[1], SAY_LANGUAGES.get(variant, "en-US"))
    ET.SubElement(root, "Hangup")
    return _xml(root)


def unknown_call() -> str:
    """For a key with no delivery (expired, or a guess): say nothing useful and hang up."""
    root = ET.Element("Response")
    ET.SubElement(root, "Hangup")
    return _xml(root)


def voice_rendering(renderings: dict[tuple[str, str], Any], variant: str) -> tuple[str, Any] | None:
    """The voice rendering for ``variant``, else easy Japanese, else Japanese: ``(variant, rendering)``."""
    for candidate in (variant, "ja-easy", "ja"):
        if (candidate, "voice") in renderings:
            return candidate, renderings[(candidate, "voice")]
    return None
