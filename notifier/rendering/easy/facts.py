"""The facts a rewrite must keep: every date, time, number, place name and phone number."""

from __future__ import annotations

import re

from notifier.rendering.easy import dates
from notifier.rendering.easy._tagger import tokenize
from notifier.rendering.easy.lexicon import readings

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_DIGITS = str.maketrans("０１２３４５６７８９／－", "0123456789/-")
_PLACE_SUFFIX = ("区", "市", "町", "駅", "公園", "小学校", "中学校", "公民館")


def _blank(text: str, span: tuple[int, int]) -> str:
    start, end = span
    return text[:start] + " " * (end - start) + text[end:]


def _take(text: str, pattern: re.Pattern[str], key: object) -> tuple[set[str], str]:
    """Facts found by ``pattern`` and the text with them blanked out (so numbers are not counted twice)."""
    found: set[str] = set()
    for match in pattern.finditer(text):
        fact = key(match)  # type: ignore[operator]
        if fact:
            found.add(fact)
            text = _blank(text, match.span())
    return found, text


def _date_key(match: re.Match[str]) -> str | None:
    year, _ = dates._year(match)
    month, day = int(match["m"]), int(match["d"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year}年{month}月{day}日" if year else f"{month}月{day}日"


def _time_key(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    hour, minute = int(match["h"]), 30 if groups.get("half") else int(groups.get("mi") or 0)
    if groups.get("ap") == "午後" and hour < 12:
        hour += 12
    return f"{hour}:{minute:02d}" if hour <= 23 and minute <= 59 else None


_ERAS = {"令和", "平成", "昭和"}


def _places(text: str) -> set[str]:
    """Proper nouns (unidic tags place names as 固有名詞) and the ward and place names of the override list."""
    names = {t.surface for t in tokenize(text) if t.pos2 == "固有名詞" and t.surface not in _ERAS}
    names |= {w for w in readings() if w.endswith(_PLACE_SUFFIX) and w in text}
    return names


def facts(text: str) -> set[str]:
    """Canonical facts of ``text``: "phone:0488291111", "date:11月24日", "time:15:30", "number:3", "place:見沼"."""
    text = text.translate(_DIGITS)
    phones, rest = _take(text, dates.PHONE, lambda m: "phone:" + re.sub(r"\D", "", m.group(0)))
    found = set(phones)
    for pattern in (dates.DOTTED_DATE, dates.SLASH_DATE, dates.KANJI_DATE):
        more, rest = _take(rest, pattern, lambda m: (k := _date_key(m)) and "date:" + k)
        found |= more
    for pattern in (dates.CLOCK_TIME, dates.KANJI_TIME):
        more, rest = _take(rest, pattern, lambda m: (k := _time_key(m)) and "time:" + k)
        found |= more
    found |= {"number:" + n.replace(",", "") for n in _NUMBER.findall(rest)}
    found |= {"place:" + p for p in _places(text)}
    return found


def _present(fact: str, easy_facts: set[str], easy_numbers: set[str]) -> bool:
    if fact in easy_facts:
        return True
    kind, value = fact.split(":", 1)
    if kind == "date" and "年" in value:  # "2026年11月24日" is kept if the day is (the year may move to a bracket)
        return "date:" + value.split("年", 1)[1] in easy_facts or any(
            f.endswith(value) for f in easy_facts)
    if kind == "date":
        return any(f.startswith("date:") and f.endswith("年" + value) for f in easy_facts)
    if kind == "number":
        return value in easy_numbers
    return False


def preserved_facts(original: str, easy: str) -> list[str]:
    """Facts of ``original`` that ``easy`` lost (an empty list when everything is still there)."""
    easy_facts = facts(easy)
    easy_numbers = {n.replace(",", "") for n in _NUMBER.findall(easy.translate(_DIGITS))}
    lost = [f for f in sorted(facts(original)) if not _present(f, easy_facts, easy_numbers)]
    return [f for f in lost if not (f.startswith("place:") and f.split(":", 1)[1] in easy)]
