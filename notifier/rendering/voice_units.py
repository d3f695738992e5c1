"""Postal codes, yen amounts, percent and degrees as said in the languages other than Japanese.

Notices carry fees and subsidies in yen (¥1,000 or 1,000円, as a Japanese officer writes them) and
addresses with 〒330-9588. Read as they stand, a Spanish voice said "uno; dos 円" (the sign
dropped, the kanji unread) and a postal code as a range of two numbers ("three hundred and thirty
to nine thousand…"). Here the amount becomes the number followed by the language's word for yen,
and a postal code the language's word for it with its seven digits one by one, as a phone number
is read. Percent and degrees, which English and CLDR's languages already say, get words in the
languages whose numbers num2words spells.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_POSTAL = {"en": "postal code", "es": "código postal", "pt": "código postal", "vi": "mã bưu điện",
           "id": "kode pos", "ko": "우편번호", "th": "รหัสไปรษณีย์", "zh-Hans": "邮政编码", "zh-Hant": "郵遞區號",
           "ne": "हुलाक कोड", "tl": "zip code", "my": "စာတိုက်သင်္ကေတ"}
_YEN = {"en": "yen", "es": "yenes", "pt": "ienes", "vi": "yên", "id": "yen", "ko": "엔", "th": "เยน",
        "zh-Hans": "日元", "zh-Hant": "日圓", "ne": "येन", "tl": "yen", "my": "ယန်း"}
# Percent, degrees Celsius, degrees, where num2words spells the numbers (English: voice_intl; CLDR's: voice_cldr).
_UNITS = {"es": ("por ciento", "grados Celsius", "grados"), "pt": ("por cento", "graus Celsius", "graus"),
          "vi": ("phần trăm", "độ C", "độ"), "id": ("persen", "derajat Celsius", "derajat"),
          "ko": ("퍼센트", "도", "도"), "th": ("เปอร์เซ็นต์", "องศาเซลเซียส", "องศา")}

_POSTAL_CODE = re.compile(r"〒\s*([0-9]{3})\s*-?\s*([0-9]{4})(?![0-9])")
_AMOUNT = r"[0-9]+(?:[,.][0-9]{3})*"
_YEN_BEFORE = re.compile(rf"[¥￥]\s*({_AMOUNT})")
_YEN_AFTER = re.compile(rf"({_AMOUNT})\s*円")
_PERCENT_SIGN = re.compile(r"\s*%")
_DEGREE_SIGN = re.compile(r"\s*°\s*(C(?![A-Za-z]))?")


def _word(table: dict[str, str], language: str) -> str:
    return table.get(language) or table.get(language.split("-")[0]) or table["en"]


def postal_codes(text: str, language: str, digits: Callable[[str, str], str]) -> str:
    """〒330-9588 → "código postal tres tres cero, nueve cinco ocho ocho"."""
    word = _word(_POSTAL, language)
    return _POSTAL_CODE.sub(lambda m: f" {word} {digits(m[1], language)}, {digits(m[2], language)}, ", text)


def yen(text: str, language: str) -> str:
    """¥1,000 and 1,000円 → "1,000 yenes" (the number is spelled afterwards)."""
    word = _word(_YEN, language)
    space = "" if language.startswith("zh") else " "  # 二千日元
    text = _YEN_BEFORE.sub(lambda m: f"{m[1]}{space}{word}", text)
    return _YEN_AFTER.sub(lambda m: f"{m[1]}{space}{word}", text)


def units(text: str, language: str) -> str:
    """% and °(C) in words: 35°C → treinta y cinco grados Celsius."""
    percent, celsius, degrees = _UNITS[language.split("-")[0]]
    text = _PERCENT_SIGN.sub(f" {percent}", text)
    return _DEGREE_SIGN.sub(lambda m: f" {celsius if m[1] else degrees}", text)
