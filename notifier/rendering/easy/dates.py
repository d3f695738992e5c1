"""Dates, times and ranges the easy way: 2026年11月24日（火曜日）, 午後3時30分, 「A から B まで」."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

WEEKDAYS = "月火水木金土日"
_ERAS = {"令和": 2018, "平成": 1988}
_WD = rf"(?:\s*[（(]\s*(?P<wd>[{WEEKDAYS}])(?:曜日?)?\s*(?:・?祝日?)?\s*[）)])?"
# a year may already carry the 和暦 supplement this module writes: 2026年（令和8年）
_YEAR = r"(?:(?P<era>令和|平成)(?P<eray>\d{1,2}|元)年|(?P<year>\d{4})年(?:（(?:令和|平成)(?:\d{1,2}|元)年）)?)"
KANJI_DATE = re.compile(rf"(?<!\d)(?:{_YEAR}\s*)?(?P<m>\d{{1,2}})月\s*(?P<d>\d{{1,2}})日{_WD}")
SLASH_DATE = re.compile(rf"(?<![\d/.:-])(?:(?P<year>(?:19|20)\d\d)/)?(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})(?![\d/]){_WD}")
DOTTED_DATE = re.compile(rf"(?<![\d/.:-])(?P<year>(?:19|20)\d\d)[.-](?P<m>\d{{1,2}})[.-](?P<d>\d{{1,2}})(?![\d.-])"
                         rf"{_WD}")
CLOCK_TIME = re.compile(r"(?<![\d:])(?:(?P<ap>午前|午後)\s*)?(?P<h>\d{1,2})[:：](?P<mi>\d{2})(?![\d:])")
KANJI_TIME = re.compile(r"(?<![\d])(?:(?P<ap>午前|午後)\s*)?(?P<h>\d{1,2})時(?:(?P<mi>\d{1,2})分|(?P<half>半))?(?!間)")
PHONE = re.compile(r"(?<![\d-])(?:0\d{1,4}[-(（]\d{1,4}[-)）]\d{3,4}|0120-?\d{2,3}-?\d{3,4}|#\d{4}|0\d{9,10})(?![\d-])")
_VALUE = rf"(?:(?:午前|午後)?\d[0-9,.年月日時分（）曜令和元円人歳才階号番丁目{WEEKDAYS}]*|[{WEEKDAYS}]曜日)"
RANGE = re.compile(rf"(?P<a>{_VALUE})\s*[〜～~]\s*(?P<b>{_VALUE})(?P<unit>か月|ヶ月|か所|週間|間)?(?P<made>まで)?")
OPEN_RANGE = re.compile(rf"(?P<a>{_VALUE})\s*[〜～~](?!\s*{_VALUE})")
UPTO_RANGE = re.compile(rf"(?<![^\s、。（「\n])[〜～~]\s*(?P<b>{_VALUE})(?P<made>まで)?")


def _year(match: re.Match[str]) -> tuple[int | None, str]:
    """The Gregorian year of a match and its 和暦 text ("" when the source had none)."""
    era = match.groupdict().get("era")
    if era:
        eray = match["eray"]
        n = 1 if eray == "元" else int(eray)
        return _ERAS[era] + n, f"{era}{eray}年"
    year = match.groupdict().get("year")
    return (int(year) if year else None), ""


def guess_year(month: int, day: int, weekday: str | None, today: datetime.date) -> int | None:
    """The year nearest to ``today`` for a date written without one (the weekday decides if given)."""
    candidates = []
    for year in (today.year, today.year + 1, today.year - 1):
        try:
            candidates.append(datetime.date(year, month, day))
        except ValueError:
            continue
    if weekday:
        matching = [d for d in candidates if WEEKDAYS[d.weekday()] == weekday]
        candidates = matching or candidates
    if not candidates:
        return None
    return min(candidates, key=lambda d: abs((d - today).days)).year


def _format_date(match: re.Match[str], today: datetime.date) -> str:
    groups = match.groupdict()
    month, day = int(groups["m"]), int(groups["d"])
    year, wareki = _year(match)
    weekday = groups.get("wd")
    full_year = year or guess_year(month, day, weekday, today)
    try:
        date = datetime.date(full_year or today.year, month, day)
    except ValueError:
        return match.group(0)  # not a real date (2/30): leave it as written
    head = f"{year}年" + (f"（{wareki}）" if wareki else "") if year else ""
    if year and year < today.year and not weekday:
        return f"{head}{month}月{day}日"  # a birth date: the weekday helps to plan a day, not to read a past one
    return f"{head}{month}月{day}日（{WEEKDAYS[date.weekday()]}曜日）"


def _clock(hour: int, minute: int, ap: str | None) -> str | None:
    if ap == "午後" and hour < 12:
        hour += 12
    if hour > 23 or minute > 59:
        return None
    period = "午前" if hour < 12 else "午後"
    text = f"{period}{hour % 12}時"
    return text + (f"{minute}分" if minute else "")


def _format_time(match: re.Match[str]) -> str:
    groups = match.groupdict()
    if not groups.get("ap") and match.string[max(match.start() - 1, 0):match.start()] in ("朝", "夜", "夕", "昼"):
        return match.group(0)  # 朝8時30分 already says which half of the day
    minute = 30 if groups.get("half") else int(groups.get("mi") or 0)
    return _clock(int(match["h"]), minute, groups.get("ap")) or match.group(0)


def _apart(fn: Callable[[re.Match[str]], str]) -> Callable[[re.Match[str]], str]:
    """``fn`` with a space in front when its digits would run into the digits before the match."""
    def wrapped(match: re.Match[str]) -> str:
        out = fn(match)
        start = match.start()
        if out[:1].isdigit() and start and match.string[start - 1].isdigit() and not match.group(0)[:1].isdigit():
            return " " + out
        return out
    return wrapped


def _protect(text: str, pattern: re.Pattern[str], fn: Callable[[re.Match[str]], str]) -> str:
    """Apply ``fn`` to ``pattern`` matches outside phone numbers (which must stay digit for digit)."""
    fn = _apart(fn)
    pieces, last = [], 0
    for phone in PHONE.finditer(text):
        pieces.append(_sub(pattern, fn, text, last, phone.start()))
        pieces.append(phone.group(0))
        last = phone.end()
    pieces.append(_sub(pattern, fn, text, last, len(text)))
    return "".join(pieces)


def _sub(pattern: re.Pattern[str], fn: Callable[[re.Match[str]], str], text: str, start: int, end: int) -> str:
    """pattern.sub on text[start:end], with matches that can still see the character before ``start``."""
    out, last = [], start
    for match in pattern.finditer(text, start, end):
        out.append(text[last:match.start()] + fn(match))
        last = match.end()
    out.append(text[last:end])
    return "".join(out)


# a range of bare numbers with its counter after the second (1〜2か月, 2〜3日): the counter counts both ends, and
# an amount (…程度, …かかります) is said without まで (「2から 3日まで かかります」 read as the 2nd to the 3rd)
_COUNTER = re.compile(r"か月|ヶ月|か所|週間|時間|日間|年間|[年月日時分円人歳才階号番回件枚個本台]|丁目")
_AMOUNT_AFTER = re.compile(r"程度|ぐらい|くらい|ほど|前後|かか[りるっ]|で(?![すき])")


def _range(match: re.Match[str]) -> str:
    a, b, unit = match["a"], match["b"], match["unit"] or ""
    digits = re.match(r"[\d,.]*", b)
    count = digits.group(0) if digits else ""
    tail = b[len(count):] + unit
    if a.isdigit() and count and _COUNTER.fullmatch(tail):
        amount = not match["made"] and _AMOUNT_AFTER.match(match.string, match.end()) is not None
        return f"{a}{tail}から{count}{tail}" + ("" if amount else "まで")
    return f"{a}から{b}{unit}まで"


def normalize(text: str, today: datetime.date) -> str:
    """Rewrite dates, times and 〜 ranges in ``text`` into the easy forms."""
    text = _protect(text, DOTTED_DATE, lambda m: _format_date(m, today))
    text = _protect(text, SLASH_DATE, lambda m: _format_date(m, today))
    text = _protect(text, KANJI_DATE, lambda m: _format_date(m, today))
    text = _protect(text, CLOCK_TIME, _format_time)
    text = _protect(text, KANJI_TIME, _format_time)
    text = _protect(text, RANGE, _range)
    text = _protect(text, OPEN_RANGE, lambda m: f"{m['a']}から")
    return _protect(text, UPTO_RANGE, lambda m: f"{m['b']}まで")
