"""Clock times as said in the languages whose numbers num2words spells (other than English).

Babel writes a time as digits (09:00, 15:30; 09.00 in Indonesian; AM 9:00 in Korean, CLDR's
abbreviated day period). Read number by number that became "nine zero" ("chín không", "nueve
cero", "구 영"), which no one says. Each language says the hour with its own word for it, and the
minutes only when there are any:

- Vietnamese: chín giờ, mười lăm giờ ba mươi phút (24-hour, as notices write it).
- Spanish and Portuguese: nueve horas, quince horas y treinta minutos; uma hora, duas horas,
  vinte e duas horas (hours are feminine in Portuguese, and "una" in Spanish).
- Indonesian: pukul sembilan, pukul lima belas lewat tiga puluh menit.
- Korean: native numbers for the hour, Sino-Korean for minutes, the day period as a word:
  오전 아홉 시, 오후 세 시 삼십 분 (a 24-hour time gets 오전/오후 from its hour).
- Thai: เก้านาฬิกา, สิบห้านาฬิกาสามสิบนาที (the official 24-hour reading; a written น., the
  abbreviation of นาฬิกา, is not said twice).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from num2words import num2words

_KO_HOURS = ("열두", "한", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉", "열", "열한")


def _n(value: int, lang: str) -> str:
    return str(num2words(value, lang=lang))


def _vi(hour: int, minute: int) -> str:
    return f"{_n(hour, 'vi')} giờ" + (f" {_n(minute, 'vi')} phút" if minute else "")


def _es(hour: int, minute: int) -> str:
    said = "una hora" if hour == 1 else f"{_n(hour, 'es')} horas"
    return said + (f" y {_n(minute, 'es')} minutos" if minute else "")


def _pt(hour: int, minute: int) -> str:
    words = re.sub(r"\bum$", "uma", re.sub(r"\bdois$", "duas", _n(hour, "pt_BR")))
    said = "uma hora" if hour == 1 else f"{words} horas"
    return said + (f" e {_n(minute, 'pt_BR')} minutos" if minute else "")


def _id(hour: int, minute: int) -> str:
    return f"pukul {_n(hour, 'id')}" + (f" lewat {_n(minute, 'id')} menit" if minute else "")


def _ko(hour: int, minute: int, period: str = "") -> str:
    period = period or ("오후" if hour >= 12 else "오전")
    said = f"{period} {_KO_HOURS[hour % 12]} 시"
    return said + (f" {_n(minute, 'ko')} 분" if minute else "")


def _th(hour: int, minute: int) -> str:
    return f"{_n(hour, 'th')}นาฬิกา" + (f"{_n(minute, 'th')}นาที" if minute else "")


_SAID: dict[str, Callable[[int, int], str]] = {"vi": _vi, "es": _es, "pt": _pt, "id": _id, "th": _th}
_KO_PERIODS = {"AM": "오전", "PM": "오후", "오전": "오전", "오후": "오후"}
_CLOCK = re.compile(r"(?<![0-9.:])([0-9]{1,2}):([0-9]{2})(?![0-9]|:[0-9])")
_ID_CLOCK = re.compile(r"(?:\bpukul\s+)?(?<![0-9.,:])([0-9]{1,2})[.:]([0-9]{2})(?![0-9]|[.:][0-9])")  # pukul said once
_KO_CLOCK = re.compile(r"(?:(AM|PM|오전|오후)\s*)?(?<![0-9.:])([0-9]{1,2}):([0-9]{2})(?![0-9]|:[0-9])")
_TH_CLOCK = re.compile(r"(?<![0-9.:])([0-9]{1,2})[:.]([0-9]{2})(?![0-9]|[.:][0-9])(?:\s*น\.)?")


# Between the two ends of a range of times: after the first (with a space before the second) and after
# the second. Korean marks both ends: 오전 아홉 시부터 오후 다섯 시까지.
_THROUGH = {"vi": (" đến", ""), "es": (" a", ""), "pt": (" até", ""), "id": (" sampai", ""), "th": (" ถึง", ""),
            "ko": ("부터", "까지")}
_OPEN, _CLOSE = "\x02", "\x03"
_BETWEEN = re.compile(f"{_OPEN}([^{_CLOSE}]*){_CLOSE}\\s*[-–~〜～]\\s*{_OPEN}([^{_CLOSE}]*){_CLOSE}")


def supports(language: str) -> bool:
    return language.split("-")[0] in {*_SAID, "ko"}


def clock_times(text: str, language: str) -> str:
    """Every clock time in ``text`` (0:00 to 24:00) as ``language`` says it, and a range of two
    (9:00-17:00) with the language's "to"; other numbers untouched."""
    base = language.split("-")[0]
    if base == "ko":
        text = _KO_CLOCK.sub(lambda m: _marked(_korean(m), m[0]), text)
    else:
        pattern = {"id": _ID_CLOCK, "th": _TH_CLOCK}.get(base, _CLOCK)
        said = _SAID[base]

        def one(match: re.Match[str]) -> str:
            hour, minute = int(match[1]), int(match[2])
            return _marked(None if hour > 24 or minute > 59 else said(hour, minute), match[0])

        text = pattern.sub(one, text)
    start, end = _THROUGH[base]
    text = _BETWEEN.sub(lambda m: f"{m[1]}{start} {m[2]}{end}", text)
    return text.replace(_OPEN, "").replace(_CLOSE, "")


def _marked(said: str | None, written: str) -> str:
    """A said time between markers, so that a range of two can be found; what is no time stays as written."""
    return written if said is None else f"{_OPEN}{said}{_CLOSE}"


def _korean(match: re.Match[str]) -> str | None:
    period, hour, minute = _KO_PERIODS.get(match[1] or "", ""), int(match[2]), int(match[3])
    if hour > 24 or minute > 59 or (period and not 1 <= hour <= 12):
        return None
    return _ko(hour, minute, period)
