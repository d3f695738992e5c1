"""SMS text: encoding (GSM-7 or UCS-2 by content), segment counts, fitting, splitting and the
emergency short form.

GSM-7 (the ``gsm0338`` codec): 160 septets in one message, 153 per part of a concatenated one;
extension-table characters (€ [ ] { } ~ ^ | \\) take two. Anything else, emoji included, needs
UCS-2: 70 UTF-16 code units alone, 67 per part, so an emoji outside the BMP costs two.
Splitting never cuts a character (nor so a surrogate pair), a combining sequence, an emoji
sequence, a GSM escape pair, or a ``漢字（かんじ）`` ruby group.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import gsm0338  # noqa: F401  (registers the "gsm03.38" codec)

from notifier.rendering.memo import memo

GSM7, UCS2 = "GSM-7", "UCS-2"
LIMITS = {GSM7: (160, 153), UCS2: (70, 67)}
MAX_SEGMENTS = 10
_RUBY = re.compile(r"[\u3400-\u9fff\uf900-\ufaff々〆ヶ]+（[ぁ-ゖァ-ヺー]+）")
_ZWJ, _KEYCAP = "\u200d", "\u20e3"


@dataclass(frozen=True, slots=True)
class SmsInfo:
    encoding: str  # GSM-7 or UCS-2
    segments: int
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)


@memo(maxsize=4096)
def _septets(char: str) -> int:
    """GSM 03.38 septets of one character (2 for the extension table), 0 when it has none.

    The codec encodes character by character, so a text's septets are the sum of these; asking
    it once per distinct character spares its slow pure-Python loop over every text.
    """
    try:
        return len(char.encode("gsm03.38"))
    except UnicodeEncodeError:
        return 0


def encoding(text: str) -> str:
    """GSM-7 when every character is in the GSM 03.38 alphabet (or its extension table), else UCS-2."""
    return GSM7 if all(_septets(char) for char in set(text)) else UCS2


def units(text: str, enc: str) -> int:
    if enc == GSM7:
        septets = list(map(_septets, text))
        # A character outside the alphabet: let the codec raise, as it always has.
        return sum(septets) if 0 not in septets else len(text.encode("gsm03.38"))
    return len(text.encode("utf-16-le")) // 2


@memo(maxsize=1024)
def sms_info(text: str) -> SmsInfo:
    """Encoding, segments (as :func:`split_segments` sends them) and units of ``text``."""
    enc = encoding(text)
    return SmsInfo(enc, len(split_segments(text)), units(text, enc))


def _joins_previous(char: str, previous: str) -> bool:
    """Whether ``char`` belongs to the same user-perceived character as the one before it."""
    code = ord(char)
    return (unicodedata.category(char) in ("Mn", "Mc", "Me")
            or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF  # variation selectors
            or 0x1F3FB <= code <= 0x1F3FF  # skin tones
            or 0xE0020 <= code <= 0xE007F  # tag sequences (subdivision flags)
            or char in (_ZWJ, _KEYCAP) or previous == _ZWJ)


@memo(maxsize=4096)
def _may_join(char: str) -> bool:
    """Whether ``char`` can join a neighbour into one cluster (a mark, selector, ZWJ, flag half)."""
    return _joins_previous(char, "") or _is_regional(char)


def _clusters(text: str) -> list[str]:
    out: list[str] = []
    for char in text:
        flag_pair = out and _is_regional(char) and len(out[-1]) == 1 and _is_regional(out[-1])
        if out and (_joins_previous(char, out[-1][-1]) or flag_pair):
            out[-1] += char
        else:
            out.append(char)
    return out


def _is_regional(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def tokens(text: str) -> list[str]:
    """The pieces a split may fall between: ruby groups whole, otherwise single clusters."""
    # Most text has nothing that joins: then every character is its own cluster.
    clusters = _clusters if any(map(_may_join, set(text))) else list
    out: list[str] = []
    pos = 0
    for match in _RUBY.finditer(text):
        out.extend(clusters(text[pos:match.start()]))
        out.append(match.group())
        pos = match.end()
    out.extend(clusters(text[pos:]))
    return out


def split_segments(text: str) -> list[str]:
    """``text`` as the parts of a (concatenated) SMS, each within its encoding's part size."""
    enc = encoding(text)
    single, part = LIMITS[enc]
    if units(text, enc) <= single:
        return [text]
    cost_of = _gsm_units if enc == GSM7 else _ucs2_units
    parts: list[str] = []
    current: list[str] = []
    used = 0
    for token in tokens(text):
        cost = cost_of(token)
        if current and used + cost > part:
            parts.append("".join(current))
            current, used = [], 0
        # A token longer than a part (a very long ruby group) is cut by cluster after all.
        if cost > part:
            parts.extend(split_segments_by_cluster(token, enc, part))
            continue
        current.append(token)
        used += cost
    if current:
        parts.append("".join(current))
    return parts


# Tokens are characters and ruby groups: few distinct ones, each costed once.
@memo(maxsize=16384)
def _gsm_units(token: str) -> int:
    return units(token, GSM7)


@memo(maxsize=16384)
def _ucs2_units(token: str) -> int:
    return units(token, UCS2)


def split_segments_by_cluster(text: str, enc: str, part: int) -> list[str]:
    parts, current, used = [], "", 0
    for cluster in _clusters(text):
        cost = units(cluster, enc)
        if current and used + cost > part:
            parts.append(current)
            current, used = "", 0
        current += cluster
        used += cost
    return [*parts, current] if current else parts


def _truncate(text: str, fits: Callable[[str], bool]) -> str:
    """The longest token prefix of ``text`` plus an ellipsis that ``fits``; a sentence end if one
    keeps at least half of it (then no ellipsis is needed)."""
    if fits(text):
        return text
    ellipsis = "..." if encoding(text) == GSM7 else "…"
    pieces = tokens(text)
    low, high = 0, len(pieces)  # binary search on the number of tokens kept
    while low < high:
        mid = (low + high + 1) // 2
        if fits("".join(pieces[:mid]).rstrip() + ellipsis):
            low = mid
        else:
            high = mid - 1
    kept = "".join(pieces[:low]).rstrip()
    sentence_end = max(kept.rfind("。"), kept.rfind(". "), kept.rfind("\n"))
    if sentence_end >= len(kept) // 2 and sentence_end > 0:
        return kept[: sentence_end + 1].rstrip()
    return kept + ellipsis if kept else ""


@memo(maxsize=1024)
def fit_sms(text: str, *, max_segments: int = MAX_SEGMENTS) -> str:
    """``text`` cut (with an ellipsis) to at most ``max_segments`` segments."""
    if max_segments < 1:
        raise ValueError("max_segments must be at least 1")
    return _truncate(text, lambda candidate: sms_info(candidate).segments <= max_segments)


def shorten(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` UTF-16 units, cut between tokens (never inside a surrogate pair
    or a ruby group) with an ellipsis, or at a sentence end that keeps at least half of it."""
    return _truncate(text, lambda candidate: units(candidate, UCS2) <= limit)


@memo(maxsize=1024)
def short_form(text: str, url: str, *, limit: int = 70) -> str:
    """An emergency message of at most ``limit`` UTF-16 units (one UCS-2 segment): ``text`` shortened
    as needed, then the link on its own line. The URL is never cut; if it alone is too long for
    ``limit``, the message is the URL only."""
    url = url.strip()
    text = " ".join(text.split()) if url else text.strip()
    if not url:
        return shorten(text, limit)
    room = limit - units(url, UCS2) - 1
    if room < 2:
        return url
    body = shorten(text, room)
    return f"{body}\n{url}" if body else url
