"""Clock times and dates as Filipinos say them in Tagalog: the Spanish-derived forms.

Decision: "alas-tres y medya ng hapon", "Nobyembre bente-kuwatro, dos mil bente-sais". The clock
is told in Spanish-derived numbers in everyday Tagalog, on radio and TV as at home; the native
forms (ikatlo ng hapon) are rare enough to make a listener stop and work them out, which is the
last thing an alert should do. Dates follow the clock: the day and year in the same forms. Counts,
levels and amounts stay Tagalog numbers (voice_cldr). Spelling is as pronounced, in Filipino
orthography (kuwatro, singko, bente), which is what a relay operator reads and a speech engine
for ``fil`` says right; no library spells Spanish numbers this way, so the table is here.
"""

from __future__ import annotations

import functools
import re

from babel.dates import get_month_names

_UNITS = ("", "uno", "dos", "tres", "kuwatro", "singko", "sais", "siyete", "otso", "nuwebe")
_TEENS = ("diyes", "onse", "dose", "trese", "katorse", "kinse", "disisais", "disisiyete", "disiotso", "disinuwebe")
_TENS = {2: "bente", 3: "trenta", 4: "kuwarenta", 5: "singkuwenta", 6: "sesenta", 7: "setenta", 8: "otsenta",
         9: "nobenta"}
# (first hour, part of the day): after midnight, dawn, morning, noon, afternoon, evening.
_PARTS = ((0, "hatinggabi"), (1, "madaling-araw"), (5, "umaga"), (12, "tanghali"), (13, "hapon"), (18, "gabi"))


def spanish(number: int) -> str:
    """1-99 in Spanish-derived Filipino words: 5 singko, 15 kinse, 24 bente-kuwatro, 45 kuwarenta'y singko."""
    if not 1 <= number <= 99:
        raise ValueError(f"{number} is outside 1-99")
    tens, units = divmod(number, 10)
    if tens == 0:
        return _UNITS[units]
    if tens == 1:
        return _TEENS[units]
    if units == 0:
        return _TENS[tens]
    return f"{_TENS[tens]}-{_UNITS[units]}" if tens == 2 else f"{_TENS[tens]}'y {_UNITS[units]}"


def year(number: int) -> str | None:
    """2000-2099 as said with dates (dos mil bente-sais); None for other years (said as a Tagalog number)."""
    if not 2000 <= number <= 2099:
        return None
    return "dos mil" + (f" {spanish(number - 2000)}" if number > 2000 else "")


def clock(hour: int, minute: int) -> tuple[str, str, str]:
    """A time of day (hour 0-23) as (part before, time, part after):
    15:30 → alas-tres y medya ng hapon, 13:05 → ala-una y singko ng hapon."""
    twelve = hour % 12 or 12
    said = "ala-una" if twelve == 1 else f"alas-{spanish(twelve)}"
    if minute == 30:
        said += " y medya"
    elif minute:
        said += f" y {spanish(minute)}" if minute < 10 else f" {spanish(minute)}"
    part = [name for first, name in _PARTS if hour >= first][-1]
    return "", said, f"ng {part}"


@functools.cache
def _date_pattern() -> re.Pattern[str]:
    months = "|".join(get_month_names("wide", locale="fil").values())
    return re.compile(rf"\b({months})\s+([0-9]{{1,2}})(?![0-9])(?:,\s*([0-9]{{4}})(?![0-9]))?")


def dates(text: str) -> str:
    """Nobyembre 24, 2026 (Babel's Filipino dates) → Nobyembre bente-kuwatro, dos mil bente-sais."""
    def said(match: re.Match[str]) -> str:
        day = int(match[2])
        if not 1 <= day <= 31:
            return match[0]
        out = f"{match[1]} {spanish(day)}"
        if match[3]:
            out += f", {year(int(match[3])) or match[3]}"
        return out

    return _date_pattern().sub(said, text)
