"""Structured notices into words: ``templates/notices/<type>.txt`` with the ``notices`` catalogs.

Each type template has blocks ``title``, ``body`` and (emergencies) ``key_point``, rendered
one by one in a variant's language. Dates, times and numbers go through Babel in that
variant's locale; easy Japanese writes them as 2026年11月24日（火曜日） 午後3時30分.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

import jinja2
from babel.dates import format_time, get_time_format
from babel.lists import format_list
from babel.numbers import format_decimal

from notifier import i18n
from notifier.paths import TEMPLATES
from notifier.rendering import deps
from notifier.rendering.variants import JAPANESE, babel_locale, format_day
from notifier.storage.reference import AREAS

_WEEKDAYS = "月火水木金土日"
# Chinese readers read Japanese place names in kanji; romaji would only hide them.
KANJI_READERS = frozenset({"zh-Hans", "zh-Hant"})
_AREA_BY_CODE = {a.code: a for a in AREAS}
_BLANK_LINES = re.compile(r"\n{2,}")


@dataclass(frozen=True)
class Words:
    title: str
    body: str
    key_point: str | None


@functools.cache
def environment(variant: str) -> jinja2.Environment:
    # Plain text (SMS, voice, email text): HTML is built from it later, escaped, by formats.py.
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), extensions=["jinja2.ext.i18n"], autoescape=False,  # noqa: S701
        undefined=jinja2.ChainableUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False,
    )
    env.install_gettext_translations(  # type: ignore[attr-defined]
        i18n.translations(variant, i18n.NOTICES), newstyle=True)
    return env


def phrase(variant: str, macro: str, *args: Any) -> str:
    """One phrase of ``templates/notices/_frame.txt`` in ``variant``."""
    module = environment(variant).get_template("notices/_frame.txt").module
    return str(getattr(module, macro)(*args)).strip()


def render_words(kind: str, params: Mapping[str, Any], *, variant: str, areas: list[str], tz: tzinfo) -> Words:
    """Title, body and key point of a structured notice in ``variant``."""
    env = environment(variant)
    template = env.get_template(f"notices/{kind}.txt")
    ctx = _context(variant, params, areas, tz)
    ctx["l"] = env.get_template("notices/_labels.txt").make_module(vars=ctx)

    def block(name: str) -> str:
        if name not in template.blocks:
            return ""
        return _tidy("".join(template.blocks[name](template.new_context(ctx))))

    return Words(block("title"), block("body"), block("key_point") or None)


def _tidy(text: str) -> str:
    lines = (line.strip() for line in text.splitlines())
    return _BLANK_LINES.sub("\n", "\n".join(line for line in lines if line)).strip()


def _context(variant: str, params: Mapping[str, Any], areas: list[str], tz: tzinfo) -> dict[str, Any]:
    japanese = variant in JAPANESE
    return {
        "p": params, "variant": variant, "japanese": japanese, "bullet": "・" if japanese else "- ",
        "when": lambda value: when(value, variant, tz), "on": lambda value: on(value, variant),
        "num": lambda value: format_decimal(value, locale=babel_locale(variant)),
        "place": lambda value: place_name(value, variant),
        "name": lambda value: name(value, variant),
        "jp": lambda value: japanese_text(value, variant),
        "areas": area_names(areas, variant),
    }


def when(value: str | datetime, variant: str, tz: tzinfo) -> str:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    moment = moment.astimezone(tz)
    if variant in JAPANESE:
        return f"{_ja_date(moment.date(), variant)} {_ja_time(moment, variant)}"
    locale = babel_locale(variant)
    return f"{format_day(moment.date(), 'full', variant)} {format_time(moment, _time_pattern(locale), locale=locale)}"


@functools.cache
def _time_pattern(locale: Any) -> str:
    """CLDR's short time, but Korean names the part of the day in full: its abbreviated form is the
    Latin "AM"/"PM" (PM 3:00), where Korean notices write 오후 3:00."""
    pattern = get_time_format("short", locale=locale).pattern
    return re.sub(r"(?<!a)a(?!a)", "aaaa", pattern) if str(locale).startswith("ko") else pattern


def on(value: str | date, variant: str) -> str:
    day = date.fromisoformat(value) if isinstance(value, str) else value
    if variant in JAPANESE:
        return _ja_date(day, variant)
    return format_day(day, "full", variant)


def _ja_date(day: date, variant: str) -> str:
    weekday = _WEEKDAYS[day.weekday()] + ("曜日" if variant == "ja-easy" else "")
    return f"{day.year}年{day.month}月{day.day}日（{weekday}）"


def _ja_time(moment: datetime, variant: str) -> str:
    if variant == "ja":
        return f"{moment.hour}時{moment.minute:02d}分" if moment.minute else f"{moment.hour}時"
    half = "午前" if moment.hour < 12 else "午後"
    hour = moment.hour % 12
    return f"{half}{hour}時{moment.minute}分" if moment.minute else f"{half}{hour}時"


def area_names(codes: list[str], variant: str) -> str:
    if not codes or codes == ["all"]:
        return phrase(variant, "all_city")
    names = [_area(code, variant) for code in codes]
    if variant in JAPANESE:
        return "、".join(names)
    return format_list(names, locale=babel_locale(variant))


def _area(code: str, variant: str) -> str:
    area = _AREA_BY_CODE.get(code)
    if area is None:
        return code
    return area.name_ja if variant in JAPANESE | KANJI_READERS else area.name_en


def place_name(place: Mapping[str, Any], variant: str) -> str:
    """A place in ``variant``: its given translation, else (non-Japanese) English or romaji."""
    given = (place.get("names") or {}).get(variant)
    if given:
        return str(given)
    if variant in JAPANESE:
        address = place.get("address")
        return f"{place['name']}（{address}）" if address else str(place["name"])
    if variant in KANJI_READERS:
        return str(place["name"])
    return str(place.get("name_en") or name(str(place["name"]), variant))


def name(text: str, variant: str) -> str:
    """A short Japanese name: as is in Japanese variants, else romaji with the original after it."""
    if variant in JAPANESE | KANJI_READERS:
        return text
    latin = romaji(text)
    return text if latin == text else f"{latin} ({text})"


def japanese_text(text: str, variant: str) -> str:
    """Free Japanese text inside a structured notice: easy Japanese outside standard ``ja``."""
    if variant == "ja":
        return text
    easy = deps.easy_text(text)
    return easy if variant in JAPANESE else f"{easy} {phrase(variant, 'in_japanese')}"


@functools.cache
def _cutlet() -> Any:
    import cutlet

    return cutlet.Cutlet()


@functools.lru_cache(maxsize=4096)
def romaji(text: str) -> str:
    if text.isascii():
        return text
    return " ".join(word[:1].upper() + word[1:] for word in _cutlet().romaji(text).split())
