"""Readings: whole-text kana, furigana as <ruby> or 漢字（かんじ）, and 分かち書き."""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from typing import Literal

from notifier.rendering.easy._tagger import Token, tokenize
from notifier.rendering.easy.conjugate import godan_endings, verb_type
from notifier.rendering.easy.lexicon import Matcher, reading_matcher, readings, words
from notifier.rendering.memo import memo

KANJI = "一-鿿㐀-䶿豈-﫿々〆ヶ\U00020000-\U0002ffff"
_KANJI_RUN = re.compile(f"[{KANJI}]+")
_HAS_KANJI = re.compile(f"[{KANJI}]")
_DAYS = {1: "ついたち", 2: "ふつか", 3: "みっか", 4: "よっか", 5: "いつか", 6: "むいか", 7: "なのか",
         8: "ようか", 9: "ここのか", 10: "とおか", 14: "じゅうよっか", 20: "はつか", 24: "にじゅうよっか"}
_COUNTERS = {"月": "がつ", "時": "じ", "年": "ねん", "日": "にち", "円": "えん", "人": "にん", "歳": "さい",
             "回": "かい",
             "階": "かい", "番": "ばん", "号": "ごう", "分": "ふん"}


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    reading: str  # hiragana; "" for text without kanji


def hiragana(kana: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in kana)


def _counter(number: str, kanji: str, next_kanji: str) -> str:
    if kanji == "日" and int(number) in _DAYS and next_kanji != "曜":
        return _DAYS[int(number)]
    if kanji == "分":
        return "ぷん" if number[-1] in "134680" else "ふん"
    return _COUNTERS[kanji]


def _token_pieces(token: Token, prev: str, nxt: str) -> list[Piece]:
    """Split a token into kana and kanji pieces, aligning its reading so okurigana get no ruby."""
    if not _HAS_KANJI.search(token.surface):
        return [Piece(token.surface, "")]
    if token.surface in _COUNTERS and prev.isdigit():
        return [Piece(token.surface, _counter(prev, token.surface, nxt))]
    reading = hiragana(token.kana)
    if not reading:  # unknown to the dictionary: read each kanji alone
        return [Piece(c, _single(c)) if _HAS_KANJI.match(c) else Piece(c, "") for c in token.surface]
    return align(token.surface, reading)


def align(surface: str, reading: str) -> list[Piece]:
    """Pieces of ``surface`` with the kanji runs matched to their part of ``reading`` (送り仮名 get none)."""
    parts = re.split(f"([{KANJI}]+)", surface)
    pattern = "".join("(.+?)" if i % 2 else re.escape(hiragana(p)) for i, p in enumerate(parts))
    match = re.fullmatch(pattern, reading)
    if match is None:
        return [Piece(surface, reading)]
    groups = iter(match.groups())
    return [Piece(p, next(groups) if i % 2 else "") for i, p in enumerate(parts) if p]


def _single(kanji: str) -> str:
    tokens = tokenize(kanji)
    return hiragana(tokens[0].kana) if tokens and tokens[0].kana else ""


def pieces(text: str) -> list[Piece]:
    """``text`` as pieces with readings: reading overrides first, then the analyser, token by token."""
    return list(_pieces(text))


@memo(maxsize=2048)
def _pieces(text: str) -> tuple[Piece, ...]:
    # Cached: each format of each easy-Japanese variant annotates the same title and lines.
    out: list[Piece] = []
    pos = 0
    overrides = readings()
    matcher = reading_matcher()
    buffer_start = 0
    while pos < len(text):
        found = matcher.candidates(text, pos)
        if found:
            out += _analyse(text[buffer_start:pos])
            out += align(found[0], overrides[found[0]])
            pos += len(found[0])
            buffer_start = pos
        else:
            pos += 1
    out += _analyse(text[buffer_start:])
    return tuple(out)


def _analyse(chunk: str) -> list[Piece]:
    if not chunk:
        return []
    out: list[Piece] = []
    tokens = tokenize(chunk)
    pos = 0
    for i, token in enumerate(tokens):
        if token.start > pos:
            out.append(Piece(chunk[pos:token.start], ""))
        prev = tokens[i - 1].surface if i else ""
        nxt = tokens[i + 1].surface[:1] if i + 1 < len(tokens) else ""
        new = _token_pieces(token, prev, nxt)
        if prev.isdigit() and token.surface == "日" and new[0].reading in _DAYS.values() and out:
            out[-1] = Piece(out[-1].text + "日", new[0].reading)  # <ruby>24日<rt>にじゅうよっか</rt></ruby>
        else:
            out += new
        pos = token.end
    if pos < len(chunk):
        out.append(Piece(chunk[pos:], ""))
    return out


@memo(maxsize=2048)
def reading(text: str) -> str:
    """The whole text in hiragana (digits, Latin letters and punctuation stay as they are)."""
    out = []
    for piece in _pieces(text):
        if piece.reading:
            out.append(piece.reading)
        else:
            out.append("".join(hiragana(_kana_of(c)) if _HAS_KANJI.match(c) else hiragana(c) for c in piece.text))
    return "".join(out)


def _kana_of(kanji: str) -> str:
    return _single(kanji) or kanji


def _ruby(text: str, rt: str) -> str:
    return f"<ruby>{html.escape(text)}<rt>{html.escape(rt)}</rt></ruby>"


def furigana_html(text: str, *, skip_known: frozenset[str] = frozenset()) -> str:
    """HTML-escaped ``text`` with every run of kanji as <ruby>漢字<rt>かんじ</rt></ruby>.

    skip_known: words the reader knows; they are written without ruby.
    """
    return _furigana_html(text, frozenset(skip_known))


@memo(maxsize=2048)
def _furigana_html(text: str, skip_known: frozenset[str]) -> str:
    out = []
    for piece in _pieces(text):
        if piece.text in skip_known or not _HAS_KANJI.search(piece.text):
            out.append(html.escape(piece.text))
        elif piece.reading:
            out.append(_ruby(piece.text, piece.reading))
        else:  # no reading known: still mark the kanji as ruby so the page shows where one is missing
            parts = re.split(f"([{KANJI}]+)", piece.text)
            out += [_ruby(p, "") if i % 2 else html.escape(p) for i, p in enumerate(parts)]
    return "".join(out)


def furigana_text(text: str, *, mode: Literal["brackets", "kana"] = "brackets") -> str:
    """Plain text: 漢字（かんじ） after each kanji word, or (``kana``) the whole text in kana."""
    if mode == "kana":
        return reading(text)
    return _brackets(text)


@memo(maxsize=2048)
def _brackets(text: str) -> str:
    return "".join(f"{p.text}（{p.reading}）" if p.reading and _HAS_KANJI.search(p.text) else p.text
                   for p in _pieces(text))


_CONTENT = {"名詞", "動詞", "形容詞", "形状詞", "副詞", "連体詞", "接続詞", "感動詞", "代名詞", "接頭辞"}


def _starts_bunsetsu(token: Token, prev: Token | None) -> bool:
    if prev is None or prev.pos1 in ("接頭辞", "補助記号") or token.pos1 not in _CONTENT:
        return False
    if token.pos1 == "名詞" and prev.pos1 in ("名詞", "接尾辞", "代名詞"):
        return False  # compound nouns and numbers with counters stay together
    if token.pos2 == "非自立可能" and token.is_verb:
        return prev.pos1 != "名詞"  # 「にげて ください」 but 「開設し」
    return not (token.pos1 == "名詞" and token.pos2 == "数詞" and prev.pos2 == "数詞")


_ICHIDAN = "-"  # a 一段 stem (気をつけ) has no ending of its own: it ends inside the verb's token


@functools.cache
def _list_words() -> tuple[Matcher, dict[str, str]]:
    """The words the rewriter writes from the word list, each as the list spells it between its spaces
    (申し込みの, 気をつける), keyed by what stays the same when it is used: a verb's stem before its
    ending (気をつけ, 申し込), a noun with or without the particle the list wrote after it. The value is
    the endings a 五段 verb's stem takes (_ICHIDAN for a 一段 stem, "" for anything else)."""
    found: dict[str, str] = {}
    for entry in words().values():
        for word in entry.easy.split(" "):
            kind = verb_type(word)
            if kind.startswith("五段"):
                found.setdefault(word[:-1], godan_endings(word))
            elif kind.startswith(("上一段", "下一段")):
                found.setdefault(word[:-1], _ICHIDAN)
            elif kind.startswith(("サ行変格", "カ行変格")):
                found.setdefault(word[:-2], "")
            else:
                found.setdefault(word, "")
                if word[-1] in "のはがをにでともへ":
                    found.setdefault(word[:-1], "")
    found = {k: v for k, v in found.items() if len(k) >= 2}
    return Matcher(found), found


def _inside_list_words(line: str, tokens: list[Token]) -> set[int]:
    """Starts of the tokens that lie inside one word of the word list: the analyser cuts some words the
    rewriter wrote whole (気をつける → 気 + を + つける, お願いします → お願い + します, and a kana word it
    misreads, as it read もうしこみ → もう + し + こみ), and 分かち書き must not show them cut (「気を
    つけて」). A word counts where it starts a content token and ends where a token ends, so a particle
    that happens to spell a word's start (人は いた) is left alone."""
    matcher, endings = _list_words()
    starts = [t.start for t in tokens]
    ends = {t.end for t in tokens}
    inside: set[int] = set()
    for token in tokens:
        if token.pos1 not in _CONTENT:
            continue
        for word in matcher.candidates(line, token.start):
            end = token.start + len(word)
            if endings[word] == _ICHIDAN:  # the stem ends inside the verb's token (気を|つけ|る)
                end = next((t.end for t in tokens if t.start < end <= t.end), end)
            elif endings[word]:  # a 五段 stem: its ending is the next character, in the verb's token
                if line[end:end + 1] == "" or line[end] not in endings[word]:
                    continue
                end = next((t.end for t in tokens if t.start <= end < t.end), end)
            if end not in ends:
                continue
            inside |= {s for s in starts if token.start < s < end}
            break
    return inside


def wakachi(text: str) -> str:
    """分かち書き: a space before each bunsetsu (content word with its particles and endings); a word the
    word list spells whole stays whole."""
    out: list[str] = []
    for line in text.split("\n"):
        tokens = tokenize(line)
        whole = _inside_list_words(line, tokens)
        parts, pos = [], 0
        for i, token in enumerate(tokens):
            gap = line[pos:token.start]
            if _starts_bunsetsu(token, tokens[i - 1] if i else None) and not gap and token.start not in whole:
                parts.append(" ")
            parts.append(gap + token.surface)
            pos = token.end
        out.append("".join(parts) + line[pos:])
    return "\n".join(out)
