"""Variants (languages) and formats a notice is rendered into, and their Babel locales."""

from __future__ import annotations

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


# CLDR's Thai dates name the Gregorian era (ค.ศ. 2026) or none (2 ธ.ค. 2026); Thai notices count years
# in the Buddhist era (พ.ศ. 2569), the calendar CLDR lists for Thai but Babel does not implement.
BUDDHIST_ERA_OFFSET = 543


def format_day(day: date, width: str, variant: str) -> str:
    """Babel's date in the variant's locale; Thai years in the Buddhist era."""
    said = format_date(day, width, locale=babel_locale(variant))
    if variant.split("-")[0] == "th":  # a day or month is never four digits: only the year matches
        return said.replace("ค.ศ.", "พ.ศ.").replace(str(day.year), str(day.year + BUDDHIST_ERA_OFFSET))
    return said


def html_lang(variant: str) -> str:
    """The BCP 47 tag for ``lang=`` (easy Japanese is Japanese to a screen reader)."""
    return "ja" if variant == "ja-easy" else variant
