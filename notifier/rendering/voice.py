"""Voice text and SSML: a notice as a speech engine or a relay operator says it, nothing unspoken left.

Voice text has no digits (numbers are written as said), no URLs (a sentence pointing to one is
replaced by the city's phone number, read digit by digit), one short sentence per line; for an
emergency the key point comes first and again at the end. Japanese numbers are read by the
speech engine itself (voice_ja); other languages use num2words or CLDR's rules (voice_intl).
"""

from __future__ import annotations

import re
import unicodedata
from xml.sax.saxutils import escape, quoteattr

from notifier.rendering import voice_intl, voice_ja
from notifier.rendering.memo import memo
from notifier.rendering.voice_readings import split_overrides

# A URL ends before trailing punctuation ("see https://x.jp." keeps its full stop).
URL = re.compile(r"(?:(?:https?|ftp)://|www\.)[!-~]*?(?=[.,;:!?)\]]*(?:[^!-~]|$))"
                 r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", re.I)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_DANGLING_EN = re.compile(r"(?:,?\s*\b(?:or|and)\s+)?\b(?:see|visit|go to|check)\s*(?=[.!?]|$)", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
# What is left of a sentence that only pointed at a link: "詳しくはこちらをご覧ください".
_POINTER_JA = re.compile(r"詳しく|くわしく|詳細|ホームページ|HP|ウェブサイト|サイト|こちら|下記|URL|リンク|ご覧|ごらん"
                         r"|案内|ご確認|確認|参照|見て|みて|ください|下さい|市の|[はをからでのにへ、。:：()（）\s]")
_POINTER_EN = re.compile(r"\b(?:for|more|details?|information|info|see|visit|at|please|check|the|our|city|website"
                         r"|web|site|page|here|online|link|on|go|to)\b|[\s.,:;!?()]", re.I)


@memo(maxsize=1024)
def voice_text(text: str, *, language: str = "ja", emergency: bool = False, key_point: str | None = None,
               city_phone: str = "048-829-1111") -> str:
    """Text to be said aloud, one sentence per line.

    ``key_point``: for an emergency, said first and repeated at the end (default: the first sentence).
    ``city_phone``: said instead of any URL or email address the text contains.
    """
    japanese = _is_japanese(language)
    text, pointed = _without_urls(_prepare(text, japanese))
    pieces = voice_ja.split_sentences(text) if japanese else voice_intl.split_sentences(text, language)
    sentences = [_speak(s, language) for s in pieces]
    sentences = [s for s in sentences if s]
    if pointed:
        sentences.append(_pointer(language, city_phone))
    if emergency:
        point = _speak(_prepare(key_point, japanese), language) if key_point else (sentences[0] if sentences else "")
        if point:
            again = "くりかえします。" if japanese else _again(language)
            sentences = [point, *(s for s in sentences if s != point), again + point]
    lines = [line for s in sentences for line in (voice_ja.short_lines(s) if japanese else [s])]
    spelled = japanese or voice_intl.spelled(language)
    return "\n".join(_scrub(line, spelled) for line in lines if _scrub(line, spelled))


def _is_japanese(language: str) -> bool:
    return language.split("-")[0].lower() == "ja"


def _prepare(text: str, japanese: bool) -> str:
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\t", " "))
    # NFKC first, so a URL written in full-width letters is still recognised as one.
    text = voice_ja.prepare(text) if japanese else voice_intl.nfkc(text)
    return voice_intl.ascii_digits(text)


def _speak(sentence: str, language: str) -> str:
    if _is_japanese(language):
        return voice_ja.end_sentence(voice_ja.normalise(sentence))
    return voice_intl.end_sentence(voice_intl.normalise(sentence, language), language)


def _without_urls(text: str) -> tuple[str, bool]:
    """``text`` without URLs and email addresses, dropping sentences that only pointed at one."""
    if not URL.search(text):
        return text, False
    kept = []
    for line in re.split(r"(?<=[。！？!?])|(?<=\.)\s+|\n", text):
        if URL.search(line):
            line = URL.sub(" ", line)
            if len(_POINTER_JA.sub("", _POINTER_EN.sub(" ", line))) < 2:
                continue
            line = _DANGLING_EN.sub("", line.rstrip())
        kept.append(line)
    return "\n".join(kept), True


def _pointer(language: str, city_phone: str) -> str:
    groups = [g for g in re.split(r"[^0-9]+", unicodedata.normalize("NFKC", city_phone)) if g]
    if _is_japanese(language):
        spoken = "、".join(voice_ja.digits(g) for g in groups)
        return f"くわしくは、しやくしょに でんわ してください。でんわばんごうは、{spoken} です。"
    from notifier.rendering.phrases import phrase

    spoken = ", ".join(voice_intl.digit_words(g, language) for g in groups)
    return voice_intl.end_sentence(phrase(language, "call_city", spoken).rstrip("."), language)


def _again(language: str) -> str:
    return "Again: " if language.split("-")[0] == "en" else ""


def _scrub(line: str, spelled: bool) -> str:
    """Last guard for the invariants: no URL (and, where numbers are spelled, no digit) survives."""
    line = URL.sub(" ", line)
    line = re.sub(r"(?i)https?:/*|www\.", " ", line)
    if spelled:
        line = re.sub(r"\d", " ", line)  # a digit of any script
    return re.sub(r"\s{2,}", " ", line).strip()


@memo(maxsize=1024)
def voice_ssml(text: str, *, language: str = "ja") -> str:
    """SSML 1.1 for voice text: a sentence per ``<s>`` with breaks between, phone numbers spoken
    group by group with short breaks, and ``<sub alias>`` for words whose reading we pin."""
    lang = _ssml_lang(language)
    text = _NOT_XML.sub("", text)
    body = "".join(f"<s>{_ssml_line(line, language)}</s><break time=\"600ms\"/>"
                   for line in text.splitlines() if line.strip())
    return (f'<speak version="1.1" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang={quoteattr(lang)}>'
            f"{body}</speak>")


def _ssml_lang(language: str) -> str:
    tags = {"ja": "ja-JP", "ja-easy": "ja-JP", "en": "en-US", "zh-Hans": "zh-CN", "zh-Hant": "zh-TW", "ko": "ko-KR",
            "vi": "vi-VN", "ne": "ne-NP", "pt-BR": "pt-BR", "es": "es-ES", "tl": "fil-PH", "id": "id-ID",
            "th": "th-TH", "my": "my-MM"}
    tag = tags.get(language, language)
    return tag if re.fullmatch(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*", tag) else "und"


@memo(maxsize=64)
def _digit_words(language: str) -> tuple[str, ...]:
    if _is_japanese(language):
        return voice_ja.DIGITS
    return tuple(voice_intl.digit_words(str(d), language) for d in range(10))


@memo(maxsize=64)
def _digit_run(language: str) -> re.Pattern[str]:
    words = _digit_words(language)
    word = "(?:" + "|".join(map(re.escape, sorted(set(words), key=len, reverse=True))) + ")"
    group = f"{word}(?: {word})+"
    return re.compile(f"{group}(?:[、,] ?{group})+")


def _ssml_line(line: str, language: str) -> str:
    out, pos = [], 0
    for match in _digit_run(language).finditer(line):
        out.append(_ssml_words(line[pos:match.start()], language))
        groups = re.split(r"[、,] ?", match.group())
        out.append('<break time="300ms"/>'.join(_telephone(g, language) for g in groups))
        pos = match.end()
    out.append(_ssml_words(line[pos:], language))
    return "".join(out)


def _telephone(group: str, language: str) -> str:
    """A spelled digit group back as digits, for the engine to say one by one as a phone number."""
    words = _digit_words(language)
    digits = "".join(str(words.index(w)) for w in group.split())
    return f'<say-as interpret-as="telephone">{digits}</say-as>'


def _ssml_words(text: str, language: str) -> str:
    if not _is_japanese(language):
        return escape(text)
    return "".join(f"<sub alias={quoteattr(reading)}>{escape(piece)}</sub>" if reading else escape(piece)
                   for piece, reading in split_overrides(text))
