"""A digest that always fits in one SMS (at most ``MAX_SEGMENTS`` segments).

The notices' own SMS texts (title, text, link) when they fit together; otherwise as many of their
titles as fit, in the order the notices came, then "and N more notices" and one link to a page
that lists them all (``/d/{token}``, which links each notice page). Every phrase is in the
subscriber's variant (the ``notices`` catalogs); titles are cut between tokens, never inside a
surrogate pair or a 漢字（かんじ） group (``rendering.sms.shorten``).
"""

from __future__ import annotations

from collections.abc import Sequence

from notifier.rendering.phrases import phrase
from notifier.rendering.sms import GSM7, LIMITS, MAX_SEGMENTS, UCS2, encoding, fit_sms, shorten, sms_info

TITLE_UNITS = 60  # a title longer than this (UTF-16 units) is shortened, so one title cannot crowd out the rest
BULLETS = {GSM7: "- ", UCS2: "・"}  # "・" would force a GSM-7 digest into UCS-2


def fits(text: str) -> bool:
    return sms_info(text).segments <= MAX_SEGMENTS


def title_of(text: str) -> str:
    """A notice's title as its SMS rendering writes it (its first line, with readings in ja-easy)."""
    return text.strip().split("\n", 1)[0].strip()


def text(variant: str, texts: Sequence[str], url: str) -> str:
    """The digest of notices whose SMS texts are ``texts`` (in order); ``url``: the digest's page."""
    whole = "\n\n".join(t.strip() for t in texts)
    return whole if fits(whole) else compact(variant, [title_of(t) for t in texts], url)


def compact(variant: str, titles: Sequence[str], url: str, *, max_chars: int | None = None) -> str:
    """Header, as many titles as fit, "and N more", the link: at most ``MAX_SEGMENTS`` segments
    (or, for a channel measured in characters such as LINE, at most ``max_chars`` characters)."""
    header = phrase(variant, "digest_header", len(titles))
    cut = [shorten(t, TITLE_UNITS) for t in titles]
    room = max_chars or LIMITS[GSM7][1] * MAX_SEGMENTS
    for shown in range(_at_most(cut, room), -1, -1):
        candidate = _assemble(variant, header, cut[:shown], len(cut) - shown, url)
        if (len(candidate) <= max_chars) if max_chars else fits(candidate):
            return candidate
    return fit_sms(_assemble(variant, header, [], len(cut), url))  # only a link longer than 9 segments gets here


def _at_most(titles: Sequence[str], room: int) -> int:
    """How many titles could fit at best: every character costs at least one unit (or septet)."""
    used = 0
    for count, title in enumerate(titles):
        used += len(title) + 1
        if used > room:
            return count
    return len(titles)


def _assemble(variant: str, header: str, titles: Sequence[str], rest: int, url: str) -> str:
    tail = [phrase(variant, "digest_more", rest)] if rest else []
    bullet = BULLETS[encoding("\n".join([header, *titles, *tail, url]))]
    return "\n".join([header, *(bullet + t for t in titles), *tail, *([url] if url else [])])
