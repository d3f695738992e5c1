"""Variants (languages) and formats a notice is rendered into, and their Babel locales."""

from __future__ import annotations

from babel import Locale

# DESIGN.md "Variants": standard Japanese, easy Japanese, then the languages of Saitama's residents.
VARIANTS: tuple[str, ...] = (
    "ja", "ja-easy", "en", "zh-Hans", "zh-Hant", "ko", "vi", "ne", "pt-BR", "es", "tl", "id", "th", "my",
)
JAPANESE = frozenset({"ja", "ja-easy"})
FORMATS: tuple[str, ...] = ("email", "sms", "sms-short", "voice", "line", "webhook", "page")

# Babel locales for dates and numbers; Tagalog is written with Filipino (fil) conventions.
_BABEL = {"ja-easy": "ja", "zh-Hans": "zh_Hans_CN", "zh-Hant": "zh_Hant_TW", "pt-BR": "pt_BR", "tl": "fil"}


def babel_locale(variant: str) -> Locale:
    return Locale.parse(_BABEL.get(variant, variant.replace("-", "_")))


def html_lang(variant: str) -> str:
    """The BCP 47 tag for ``lang=`` (easy Japanese is Japanese to a screen reader)."""
    return "ja" if variant == "ja-easy" else variant
