"""Text as it is said in languages other than Japanese: numbers in words, phone numbers digit by
digit, symbols spelled or dropped.

num2words covers en, es, pt-BR, vi, ko, id and th here; zh-Hans, zh-Hant, ne, tl and my, which it
has no rules for, are spelled by CLDR's rules with their own dates and clock times (voice_cldr);
clock times in the others are said by voice_clock.
Digits of any script (Devanagari, Burmese, Thai) are read as the digits they are.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from babel.numbers import get_decimal_symbol
from num2words import num2words

from notifier.rendering import voice_cldr, voice_clock, voice_gender, voice_units
from notifier.rendering.variants import babel_locale

_NUM2WORDS = {"en": "en", "es": "es", "pt": "pt_BR", "pt-BR": "pt_BR", "vi": "vi", "ko": "ko", "id": "id", "th": "th"}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_EN_SYMBOLS = {"%": " percent", "°": " degrees",
               "¥": " yen ", "円": " yen", "$": " dollars ", "&": " and ", "+": " plus ", "=": " equals ",
               "@": " at ", "#": " number ", "※": "Note: ", "〒": "postal code ", "/": " or ", "→": ", ",
               "~": " to ", "〜": " to ", "～": " to "}
# 。、 (Chinese) and ။၊ (Burmese) are the full stop and comma of their scripts: a pause, not noise.
_SPEAKABLE = set(".,!?;:'-。、။၊")
# How a sentence ends where the script has its own marks; every other language ends with ".".
# Thai writes no full stop (a "." is an abbreviation's): a sentence ends with its line.
# NFKC has turned ！？ into !? by the time a sentence is ended, so Chinese gets them back here.
_STOPS = {"zh": ("。", {".": "。", "!": "！", "?": "？"}), "my": ("။", {".": "။"}), "th": ("", {})}
_ENDS = ".!?。！？။:："  # a line ending in a colon introduces the list on the next lines: no stop after it
# NFKC makes Chinese punctuation ASCII (：→ :, ，→ ,); after a Chinese character it is put back.
_ZH_MARKS = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}

_PHONE = re.compile(r"(?<![0-9])(?:\+81[- ]?|0)([0-9]{1,4})[-( ]([0-9]{1,4})[-) ]([0-9]{3,4})(?![0-9])"
                    r"|(?<![0-9])(0[0-9]{9,10})(?![0-9])")
_YMD = re.compile(r"(?<![0-9])([0-9]{4})[/.-]([0-9]{1,2})[/.-]([0-9]{1,2})(?![0-9])")
_HM = re.compile(r"(?<![0-9])([0-9]{1,2}):([0-9]{2})(?![0-9])(\s*[ap]\.?m\.?(?![a-z]))?", re.I)
_RANGE = re.compile(r"(?<=[0-9])\s*[-–~〜～]\s*(?=[0-9])")
_ORDINAL = re.compile(r"(?<![0-9])([0-9]+)(?:st|nd|rd|th)\b")
_NUMBER = re.compile(r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?")
_VI_SCALES = ("", " nghìn", " triệu", " tỷ")
_KO_MONTHS = re.compile(r"(?<![0-9])(6|10)\s*월")
_DOT_GROUPS = re.compile(r"(?<![0-9.,])[0-9]{1,3}(?:\.[0-9]{3})+(?![0-9]|[.,][0-9])")
# three digits after a comma stay a thousands group: 1,000 as a Japanese text writes it, never 1.000
_COMMA_DECIMAL = re.compile(r"(?<![0-9.,])([0-9]+),([0-9]{1,2}|[0-9]{4,})(?![0-9]|[.,][0-9])")
_ANY_DIGIT = re.compile(r"(?![0-9])\d")  # a decimal digit of another script


def converter(language: str) -> str | None:
    """The num2words language for a BCP 47 tag, or None when it has no rules for it."""
    return _NUM2WORDS.get(language) or _NUM2WORDS.get(language.split("-")[0])


def spelled(language: str) -> bool:
    """Whether numbers are written out in ``language`` (every variant; not an unknown tag)."""
    return converter(language) is not None or voice_cldr.supports(language)


def digit_words(number: str, language: str) -> str:
    """Digit by digit, in words where the language has them: 048 → zero four eight."""
    if voice_cldr.supports(language):
        return voice_cldr.digit_words(number, language)
    lang = converter(language)
    return " ".join(num2words(int(d), lang=lang) if lang else d for d in number if d.isdigit())


def ascii_digits(text: str) -> str:
    """Digits of every script as ASCII digits (० १ २, ၁ ၂, ๑ ๒ → 0 1 2), so the rules below see them."""
    return _ANY_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), text)


def _cardinal(text: str, lang: str) -> str:
    try:
        value = Decimal(text.replace(",", ""))
        if lang == "vi":
            if value != value.to_integral_value():
                return _vietnamese_decimal(text.replace(",", ""))
            return _vietnamese_integer(int(value))
        return str(num2words(value if value != value.to_integral_value() else int(value), lang=lang))
    except InvalidOperation:
        return text
    # beyond the language's rules: a 20-digit number, or 0.00000001, which num2words' Indonesian
    # spells from Decimal's "1E-8" and trips on the E (found by the property test in test_voice.py)
    except (OverflowError, NotImplementedError, ValueError):
        return " ".join(num2words(int(d), lang=lang) for d in text if d.isdigit())


def _spelled(match: re.Match[str], lang: str, language: str) -> str:
    said = _cardinal(match.group(), lang)
    if "." in match.group():
        return said
    return voice_gender.agree(said, match.string[match.end():], language)


def _vietnamese_integer(number: int) -> str:
    """num2words' Vietnamese, with the hundreds of a later group said when they are zero: 2026 is
    "hai nghìn không trăm hai mươi sáu" and 2006 "hai nghìn không trăm lẻ sáu" (num2words says
    "hai nghìn lẻ hai mươi sáu", using lẻ, which belongs before a single last digit, for the tens)."""
    if not 1000 <= number < 10**12:
        return str(num2words(number, lang="vi"))
    groups = []  # of three digits, the last first
    while number:
        number, group = divmod(number, 1000)
        groups.append(group)
    said = []
    for place in range(len(groups) - 1, -1, -1):
        group = groups[place]
        if not group:
            continue
        lead = "" if place == len(groups) - 1 or group >= 100 else "không trăm lẻ " if group < 10 else "không trăm "
        said.append(f"{lead}{num2words(group, lang='vi')}{_VI_SCALES[place]}")
    return " ".join(said)


def _vietnamese_decimal(text: str) -> str:
    """5.4 → năm phẩy bốn, 3.25 → ba phẩy hai mươi lăm, 2.05 → hai phẩy không năm: the part after the
    comma read as the number it is written as (num2words pads it: 5.4 became "năm phẩy bốn mươi")."""
    whole, fraction = text.split(".")
    zeros = len(fraction) - len(fraction.lstrip("0"))
    rest = [str(num2words(int(fraction[zeros:]), lang="vi"))] if fraction[zeros:] else []
    return " ".join([_vietnamese_integer(int(whole or "0")), "phẩy", *(["không"] * zeros), *rest])


def _phone(match: re.Match[str], language: str) -> str:
    groups = [g for g in match.groups() if g]
    if match.group().startswith("0") and groups:
        groups[0] = "0" + groups[0]
    return ", ".join(digit_words(g, language) for g in groups) + ","


def _english_dates_times(text: str) -> str:
    def ymd(m: re.Match[str]) -> str:
        month, day = int(m[2]), int(m[3])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return m[0]
        return f"{_MONTHS[month - 1]} {num2words(day, to='ordinal')}, {num2words(int(m[1]), to='year')}"

    text = _YMD.sub(ymd, text)
    text = _RANGE.sub(" to ", text)
    text = _HM.sub(_clock, text)
    return _ORDINAL.sub(lambda m: str(num2words(int(m[1]), to="ordinal")), text)


def _clock(match: re.Match[str]) -> str:
    """15:30 → three thirty p.m.; 9:00 → nine a.m."""
    hour, minute = int(match[1]), int(match[2])
    if match[3]:
        suffix = " " + match[3].strip()
    elif hour > 24:
        suffix = ""
    else:
        suffix = " p.m." if 12 <= hour < 24 else " a.m."
        hour = hour % 12 or 12
    said = num2words(hour) + ("" if minute == 0 else f" {'oh ' if minute < 10 else ''}{num2words(minute)}")
    return said + suffix


def _symbols(text: str, english: bool) -> str:
    out = []
    for char in text:
        if english and char in _EN_SYMBOLS:
            out.append(_EN_SYMBOLS[char])
        elif unicodedata.category(char)[0] in "LNZM" or char in _SPEAKABLE or char in "%°":
            out.append(char)
        else:
            out.append(" ")  # brackets, bullets, emoji: not read aloud
    return "".join(out)


def nfkc(text: str) -> str:
    """NFKC (full-width letters and digits → ASCII, ℃ → °C), except that it would also split
    Thai and Lao SARA AM (ำ → ํา), which no one types and a speech engine may misread."""
    return unicodedata.normalize("NFKC", text).replace("\u0e4d\u0e32", "\u0e33").replace("\u0ecd\u0eb2", "\u0eb3")


def _as_written_here(text: str, language: str) -> str:
    """Numbers as the locale writes them, where that is a decimal comma and grouping dots (Spanish,
    Portuguese, Vietnamese, Indonesian: 1.500 is fifteen hundred, 5,4 is five point four), in the
    form the spelling below reads: 1500 and 5.4."""
    if _decimal_comma(language):
        text = _DOT_GROUPS.sub(lambda m: m[0].replace(".", ""), text)
        text = _COMMA_DECIMAL.sub(r"\1.\2", text)
    return text


@functools.cache
def _decimal_comma(language: str) -> bool:
    return bool(get_decimal_symbol(babel_locale(language)) == ",")


def normalise(text: str, language: str) -> str:
    """One sentence (or line) as it is said."""
    english = language.split("-")[0] == "en"
    text = ascii_digits(nfkc(text))
    text = voice_units.yen(voice_units.postal_codes(text, language, digit_words), language)
    text = _PHONE.sub(lambda m: _phone(m, language), text)
    if english:
        text = text.replace("°C", " degrees Celsius")
        text = _english_dates_times(text)
    elif voice_cldr.supports(language):
        text = voice_cldr.dates_times(text, language)
    elif voice_clock.supports(language):
        text = _YMD.sub(lambda m: voice_cldr.long_date(m, language), text)  # 2026/11/24 as Babel writes it
        if language == "ko":  # June and October drop a sound: 유월, 시월 (not 육월, 십월)
            text = _KO_MONTHS.sub(lambda m: "유월" if m[1] == "6" else "시월", text)
        text = voice_units.units(_as_written_here(voice_clock.clock_times(text, language), language), language)
    text = _symbols(text, english)
    lang = converter(language)
    if voice_cldr.supports(language):
        text = voice_cldr.numbers(text, language)
    elif lang:
        text = re.sub(r"(?<=[0-9]):(?=[0-9]{2})", " ", text)  # 15:30 → fifteen thirty
        text = re.sub(r"(?<=[0-9])-(?=[0-9])", " to " if english else " - ", text)
        text = _NUMBER.sub(lambda m: f" {_spelled(m, lang, language)} ", text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r" ([.,!?;:。、။၊])", r"\1", text)
    text = re.sub(r"[,、၊]([.!?;:。။])", r"\1", text).strip(" ,、၊")
    if language.startswith("zh"):
        # not ", " (the pause between a phone number's digit groups, which SSML reads as groups)
        text = re.sub(r"(?<=[^\x00-\x7f])[,:;!?](?! )", lambda m: _ZH_MARKS[m[0]], text)
    return text


def split_sentences(text: str, language: str = "") -> list[str]:
    """Sentences and lines: after a full stop and a space, after 。 or ။ (spaces or not), at a line break.

    An ASCII full stop needs the space (5.4), and one that closes a dotted abbreviation (p.m., the
    Thai era ค.ศ.) ends nothing; ! and ? straight before a non-ASCII letter end a sentence too, as a
    full-width ！ in Chinese reads after NFKC. Thai writes no full stop at all (a "." is always an
    abbreviation's: น. after a time, ค.ศ.): Thai splits at line breaks only.
    """
    if language.split("-")[0] == "th":
        pieces = re.split(r"\n+", text)
    else:
        pieces = re.split(r"(?<=[.!?。！？])(?<!\w\.\w\.)\s+|(?<=[。！？။])|(?<=[!?])(?=[^\x00-\x7f\s])|\n+", text)
    return [p.strip(" -*•·") for p in pieces if p.strip(" -*•·")]


def end_sentence(text: str, language: str) -> str:
    """``text`` ended as ``language`` ends a sentence: 。 in Chinese, ။ in Burmese, a full stop elsewhere."""
    if not text:
        return text
    stop, marks = _STOPS.get(language.split("-")[0], (".", {}))
    if text[-1] in marks:
        return text[:-1] + marks[text[-1]]
    return text if text[-1] in _ENDS else text + stop
