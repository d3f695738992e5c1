"""Numbers, dates and clock times as said in Chinese, Nepali, Tagalog and Burmese.

num2words has no rules for these four; CLDR's spell-out rules do, through unicode-rbnf (pure
Python, the rules ICU uses). Chinese takes the written-character rules CLDR files under Cantonese
(``yue``, ``yue_Hans``): cardinals are written the same in Mandarin (二千零二十六, 三十三点五).
What CLDR leaves to us is how each language says a date and a clock time:

- Chinese: years digit by digit with 〇 and the rest as numbers (二〇二六年十一月二十四日), as
  GB/T 15835 writes them and as they are read; clock times as 十五点三十分 (two o'clock 两点), a
  written 上午/下午 kept; digit by digit with 〇 for phone numbers.
- Nepali: Devanagari number words; times with the part of the day, 12-hour, as spoken
  (दिउँसो तिन बजेर तिस मिनेट).
- Tagalog: the Spanish-derived forms Filipinos use for the clock and for dates (see voice_tl);
  Tagalog numbers otherwise, without CLDR's stress marks (everyday Filipino writes none), and
  ``sero`` for a zero said alone (``walâ`` means "nothing", not the digit).
- Burmese: Burmese number words; times with the part of the day (ညနေ သုံးနာရီ သုံးဆယ်မိနစ်).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from unicode_rbnf import RbnfEngine
from unicode_rbnf.engine import NoRuleForNumberError

from notifier.rendering import voice_tl
from notifier.rendering.variants import format_day

_YMD = re.compile(r"(?<![0-9])([0-9]{4})[/.-]([0-9]{1,2})[/.-]([0-9]{1,2})(?![0-9])")
_RANGE = re.compile(r"(?<=[0-9])\s*[-–~〜]\s*(?=[0-9])")
_ZH_PERIOD = "上午|下午|中午|晚上|清晨|凌晨|早上|傍晚|半夜|午夜|夜间|夜間"
_CLOCK = re.compile(rf"(?:({_ZH_PERIOD})\s*)?(?<![0-9])([0-9]{{1,2}}):([0-9]{{2}})(?![0-9])"
                    r"(\s*[ap]\.?\s?m\.?(?![a-z]))?", re.I)
_PERCENT = re.compile(r"([0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)\s*[%％]")
_DEGREES = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*°\s*(C(?![A-Za-z]))?")
_ZH_YEAR = re.compile(r"(?<![0-9])([0-9]{4})(?=\s*年)")
# Thousands commas, or the lakh grouping Nepali numbers are written with (1,00,000).
_NUMBER = re.compile(r"(?:[0-9]{1,2},(?:[0-9]{2},)+[0-9]{3}|[0-9]+(?:,[0-9]{3})*)(?:\.[0-9]+)?")
_IKA = re.compile(r"\b(?:ika|Ika|IKA)-?\s*([0-9]+)(?![0-9]|[.,][0-9])")


@dataclass(frozen=True)
class Language:
    rbnf: str  # CLDR locale of the spell-out rules
    spaced: bool  # numbers stand apart as words (Chinese writes none between them)
    percent: Callable[[str], str]  # a spelled number → that many percent
    degrees: tuple[str, str]  # after a number: "°C", "°"
    through: str  # between the two ends of a range (5-10)
    clock: Callable[[int, int], tuple[str, str, str]]  # hour (0-23), minute → (part of day, time, part after)
    zero: str = ""  # a zero said alone, where the rules' word is not the digit's


def _zh_clock(language: str, two: str, point: str) -> Callable[[int, int], tuple[str, str, str]]:
    """15:30 → 十五点三十分, 4:05 → 四点零五分, 2:00 → 两点 (two o'clock is 两, never 二)."""
    def said(hour: int, minute: int) -> tuple[str, str, str]:
        hours = two if hour == 2 else cardinal(str(hour), language)
        if minute == 0:
            return "", f"{hours}{point}", ""
        return "", f"{hours}{point}{'零' if minute < 10 else ''}{cardinal(str(minute), language)}分", ""
    return said


# When a 12-hour time has no written part of the day: the names Babel's Chinese dates use.
_ZH_PARTS = ((0, "午夜"), (1, "凌晨"), (6, "上午"), (12, "中午"), (13, "下午"), (18, "晚上"))


def _parts_of_day(hour: int, parts: tuple[tuple[int, str], ...]) -> str:
    """The name of the part of the day ``hour`` falls in: ``parts`` are (first hour, name), in order."""
    return [name for first, name in parts if hour >= first][-1]


def _ne_clock(hour: int, minute: int) -> tuple[str, str, str]:
    part = _parts_of_day(hour, ((0, "राति"), (4, "बिहान"), (12, "दिउँसो"), (16, "बेलुका"), (20, "राति")))
    said = f"{cardinal(str(hour % 12 or 12), 'ne')} बजे"
    return part, said if minute == 0 else f"{said}र {cardinal(str(minute), 'ne')} मिनेट", ""


def _my_clock(hour: int, minute: int) -> tuple[str, str, str]:
    part = _parts_of_day(hour, ((0, "ည"), (4, "မနက်"), (12, "နေ့လယ်"), (15, "ညနေ"), (19, "ည")))
    said = f"{cardinal(str(hour % 12 or 12), 'my')}နာရီ"
    return part, said if minute == 0 else f"{said} {cardinal(str(minute), 'my')}မိနစ်", ""


LANGUAGES: dict[str, Language] = {
    "zh-Hans": Language("yue_Hans", False, lambda n: f"百分之{n}", ("摄氏度", "度"), "至",
                        _zh_clock("zh-Hans", "两", "点")),
    "zh-Hant": Language("yue", False, lambda n: f"百分之{n}", ("攝氏度", "度"), "至",
                        _zh_clock("zh-Hant", "兩", "點")),
    "ne": Language("ne", True, lambda n: f"{n} प्रतिशत", ("डिग्री सेल्सियस", "डिग्री"), "देखि", _ne_clock),
    "tl": Language("fil", True, lambda n: f"{n} porsiyento", ("digri Celsius", "digri"), "hanggang",
                   voice_tl.clock, zero="sero"),
    "my": Language("my", True, lambda n: f"{n} ရာခိုင်နှုန်း", ("ဒီဂရီစင်တီဂရိတ်", "ဒီဂရီ"), "မှ", _my_clock),
}


def supports(language: str) -> bool:
    return language in LANGUAGES


@functools.cache
def _engine(rbnf: str) -> RbnfEngine:
    return RbnfEngine.for_language(rbnf)


@functools.lru_cache(maxsize=4096)
def cardinal(number: str, language: str) -> str:
    """``number`` (digits, optionally with thousands commas and a decimal point) in words."""
    rules = LANGUAGES[language]
    try:
        value = Decimal(number.replace(",", ""))
        said = _engine(rules.rbnf).format_number(value if value != value.to_integral_value() else int(value)).text
    except (InvalidOperation, NoRuleForNumberError):  # beyond the rules (a 20-digit number): digit by digit
        return digit_words(number, language)
    if language == "tl":
        said = _plain_tagalog(said)
    return str(said)


def _plain_tagalog(words: str) -> str:
    """CLDR's Tagalog without the stress marks (dalawáng pû’t ápat → dalawang pu't apat)."""
    bare = "".join(c for c in unicodedata.normalize("NFD", words) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare).replace("’", "'")


def digit_words(number: str, language: str) -> str:
    """Digit by digit: 048 → 〇 四 八 (zh), शुन्य चार आठ (ne), sero apat walo (tl), သုည လေး ရှစ် (my)."""
    return " ".join(_digit(int(d), language) for d in number if d.isdigit())


@functools.cache
def _digit(value: int, language: str) -> str:
    if language.startswith("zh"):
        return "〇一二三四五六七八九"[value]
    if value == 0 and LANGUAGES[language].zero:
        return LANGUAGES[language].zero
    return cardinal(str(value), language)


def dates_times(text: str, language: str) -> str:
    """Dates, ranges, clock times, percentages and degrees as said; other numbers stay for :func:`numbers`."""
    rules = LANGUAGES[language]
    text = _YMD.sub(lambda m: long_date(m, language), text)
    if language == "tl":
        text = voice_tl.dates(text)
        text = _IKA.sub(lambda m: f"ika-{cardinal(m[1], language)}", text)  # ika-24 ng Nobyembre
    if language.startswith("zh"):
        text = _ZH_YEAR.sub(lambda m: "".join(_digit(int(d), language) for d in m[1]), text)
    text = _RANGE.sub(f" {rules.through} " if rules.spaced else rules.through, text)
    text = _CLOCK.sub(lambda m: _clock(m, language), text)
    text = _PERCENT.sub(lambda m: _pad(rules.percent(cardinal(m[1], language)), rules), text)
    return _DEGREES.sub(lambda m: _pad(_degrees(m, language), rules), text)


def numbers(text: str, language: str) -> str:
    """Every number left, in words (a colon between digits is a pause, as in 1:2)."""
    rules = LANGUAGES[language]
    text = re.sub(r"(?<=[0-9]):(?=[0-9])", " ", text)
    return _NUMBER.sub(lambda m: _pad(cardinal(m.group(), language), rules), text)


def _pad(said: str, rules: Language) -> str:
    return f" {said} " if rules.spaced else said


def long_date(match: re.Match[str], language: str) -> str:
    """2026-11-24 → the language's own long date (2026年11月24日, Nobyembre 24, 2026), spelled later."""
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return match[0]
    return format_day(day, "long", language)


def _clock(match: re.Match[str], language: str) -> str:
    period, hour, minute, half = match[1] or "", int(match[2]), int(match[3]), (match[4] or "").strip().lower()
    if hour > 24 or minute > 59 or (half and not 1 <= hour <= 12):
        return match[0]  # not a clock time: its numbers are said as numbers
    if half:
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    if language.startswith("zh"):
        if half and not period:
            period, hour = _parts_of_day(hour, _ZH_PARTS), hour % 12 or 12
        return period + LANGUAGES[language].clock(hour, minute)[1]
    before, said, after = LANGUAGES[language].clock(hour % 24, minute)
    # The part of the day once: "बिहान 9:00" and "9:00 ng umaga" already name it.
    if before and not match.string[:match.start()].rstrip().endswith(before):
        said = f"{before} {said}"
    if after and not match.string[match.end():].lstrip().lower().startswith(after):
        said = f"{said} {after}"
    return f" {said} "


def _degrees(match: re.Match[str], language: str) -> str:
    celsius, plain = LANGUAGES[language].degrees
    word = celsius if match[2] else plain
    number = cardinal(match[1], language)
    return f"{number}{word}" if not LANGUAGES[language].spaced else f"{number} {word}"
