"""Difficult words → easy ones, longest match on token boundaries, verbs conjugated to fit."""

from __future__ import annotations

import re

from notifier.rendering.easy._tagger import Token, tokenize
from notifier.rendering.easy.conjugate import Form, conjugate, verb_type
from notifier.rendering.easy.lexicon import Entry, word_matcher, words

# what follows a サ変 noun → (form of the easy verb, text that replaces the follower); longest first
_SURU: list[tuple[str, Form, str]] = [
    ("されました", "masu", "ました"), ("されます", "masu", "ます"), ("されている", "te", "いる"),
    ("されています", "te", "います"), ("されて", "te", ""), ("された", "ta", ""), ("される", "dict", ""),
    ("できます", "dict", "ことができます"), ("できません", "dict", "ことができません"),
    ("できる", "dict", "ことができる"), ("できない", "dict", "ことができない"),
    ("しました", "masu", "ました"), ("します", "masu", "ます"), ("しません", "masu", "ません"),
    ("しています", "te", "います"), ("していました", "te", "いました"), ("している", "te", "いる"),
    ("してください", "te", "ください"), ("して", "te", ""), ("した", "ta", ""), ("する", "dict", ""),
    ("しないで", "nai", "ないで"), ("しない", "nai", "ない"), ("しなければ", "nai", "なければ"),
    ("すれば", "dict", "と"), ("の際は", "dict", "ときは"), ("の際", "dict", "とき"),
    ("のとき", "dict", "とき"), ("の場合は", "dict", "ときは"), ("の場合", "dict", "とき"),
    ("の人", "dict", "人"), ("の方", "dict", "人"), ("し、", "masu", "、"), ("です", "masu", "ます"),
    ("な", "dict", ""),
]
# a key term said as a verb (断水します) when its easy form is a negative clause (水が 出ない)
_NEGATIVE: list[tuple[str, str]] = [
    ("しています", "ていません"), ("していました", "ていませんでした"), ("している", "ていない"),
    ("しました", "ませんでした"), ("します", "ません"), ("する", "ない"), ("した", "なかった"),
    ("のお知らせ", "お知らせ"),
]
# names of offices keep their words (防災課 is not 「災害に そなえる課」)
_OFFICE = re.compile(r"[一-龥ァ-ヶー々]+(?:課|局|署|事務所|委員会|センター|係|室)(?![一-龥])")
_PARTICLE = re.compile(r"[のをがはにもとへ]")
_SURU_START = re.compile(r"(?:し|す|さ|でき)")
_NUMBER = re.compile(r"\d+")


def _passive(entry: Entry, form: Form) -> str:
    if entry.passive:
        verb = entry.passive.replace(" ", "")
        return conjugate(verb, verb_type(verb), form)
    easy = entry.easy.replace(" ", "")
    passive = conjugate(easy, entry.c_type or verb_type(easy), "passive")
    return conjugate(passive, "下一段", form)  # every passive conjugates like an ichidan verb


def _verb(entry: Entry, rest: str) -> tuple[str, int]:
    """The easy verb conjugated for what follows it, and how many following characters it absorbed."""
    easy = entry.easy.replace(" ", "")
    kind = entry.c_type or verb_type(easy)
    for follower, form, tail in _SURU:
        if rest.startswith(follower):
            stem = _passive(entry, form) if follower.startswith("さ") else conjugate(easy, kind, form)
            return stem + tail, len(follower)
    if _PARTICLE.match(rest):
        return easy + "こと", 0
    return easy, 0


def _noun(entry: Entry, rest: str) -> tuple[str, int]:
    easy = entry.easy.replace(" ", "")
    if easy.endswith("い") and rest.startswith("な") and not rest.startswith("ない"):
        return easy, 1  # 危険な場所 → 危ない場所: an i-adjective takes no な
    if _SURU_START.match(rest) and not easy.endswith(("を", "が", "に")):
        return easy + "を", 0  # 申請します → もうしこみをします
    return easy, 0


def _negative(entry: Entry, rest: str, seen: set[str], glossary: list[tuple[str, str]]) -> tuple[str, int] | None:
    """断水します → 水が 出ません（断水）: the gloss after the clause, so the sentence stays grammatical."""
    easy = entry.easy.replace(" ", "")
    if not easy.endswith("ない"):
        return None
    for follower, ending in _NEGATIVE:
        if rest.startswith(follower):
            stem = easy[:-2]
            if ending.startswith("て"):
                stem = conjugate(stem + "る", verb_type(stem + "る") or "下一段", "te")[:-1]
            clause, tail = (easy, ending) if follower == "のお知らせ" else (stem + ending, "")
            if entry.word in seen:
                return clause + tail, len(follower)
            seen.add(entry.word)
            glossary.append((entry.word, entry.easy))
            return f"{clause}（{entry.word}）{tail}", len(follower)
    return None


def _render(entry: Entry, rest: str, seen: set[str], glossary: list[tuple[str, str]],
            in_brackets: bool = False) -> tuple[str, int]:
    if entry.keep_with_gloss and not in_brackets and (said := _negative(entry, rest, seen, glossary)):
        return said
    if entry.keep_with_gloss:
        if entry.word in seen or in_brackets:  # no gloss inside a bracket: （警戒レベル4（…）） is unreadable
            return entry.word, 0
        seen.add(entry.word)
        glossary.append((entry.word, entry.easy))
        number = _NUMBER.match(rest)  # 警戒レベル4（…）: the gloss goes after the number
        digits = number.group(0) if number else ""
        return f"{entry.word}{digits}（{entry.easy.replace(' ', '')}）", len(digits)
    if entry.c_type or verb_type(entry.easy.replace(" ", "")):
        return _verb(entry, rest)
    return _noun(entry, rest)


def _match(text: str, token: Token, ends: set[int]) -> Entry | None:
    for word in word_matcher().candidates(text, token.start):
        if token.start + len(word) in ends:
            return words()[word]
    return None


def replace_words(text: str, glossary: list[tuple[str, str]], seen: set[str]) -> str:
    """``text`` with listed words replaced; glossed key terms are appended to ``glossary`` once."""
    tokens = tokenize(text)
    ends = {t.end for t in tokens}
    offices = [m.span() for m in _OFFICE.finditer(text)]
    out: list[str] = []
    pos = 0
    for i, token in enumerate(tokens):
        if token.start < pos or any(a <= token.start < b for a, b in offices):
            continue
        entry = _match(text, token, ends)
        if entry is None:
            continue
        start = token.start
        if i and tokens[i - 1].pos1 == "接頭辞" and tokens[i - 1].surface in ("ご", "お", "御") \
                and not entry.keep_with_gloss:
            start = tokens[i - 1].start  # ご利用 → 使う: the honorific prefix goes with the word
        end = token.start + len(entry.word)
        before = text[:start]
        in_brackets = before.count("（") > before.count("）")
        replacement, absorbed = _render(entry, text[end:], seen, glossary, in_brackets)
        out.append(text[pos:start] + replacement)
        pos = end + absorbed
    out.append(text[pos:])
    return "".join(out)
