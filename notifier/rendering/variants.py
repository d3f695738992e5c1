"""Variants (languages) and formats a notice is rendered into, and their Babel locales."""

from __future__ import annotations

import re
from datetime import date

from babel import Locale
from babel.dates import format_date

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


# CLDR's Thai dates name the Gregorian era (ค.ศ. 2026); Thai notices count years in the Buddhist
# era (พ.ศ. 2569), the calendar CLDR lists for Thai but Babel does not implement.
_THAI_GREGORIAN_YEAR = re.compile(r"ค\.ศ\.\s*([0-9]{4})")


def format_day(day: date, width: str, variant: str) -> str:
    """Babel's date in the variant's locale; Thai years in the Buddhist era."""
    said = format_date(day, width, locale=babel_locale(variant))
    if variant.split("-")[0] == "th":
        return _THAI_GREGORIAN_YEAR.sub(lambda m: f"พ.ศ. {int(m[1]) + 543}", said)
    return said


def html_lang(variant: str) -> str:
    """The BCP 47 tag for ``lang=`` (easy Japanese is Japanese to a screen reader)."""
    return "ja" if variant == "ja-easy" else variant
