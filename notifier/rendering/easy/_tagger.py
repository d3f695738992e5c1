"""One shared fugashi tagger (unidic-lite) and tokens that know where they are in the text."""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from typing import Any, cast

import fugashi

from notifier.rendering.memo import memo

_LOCK = threading.Lock()


@functools.cache
def tagger() -> fugashi.Tagger:
    """The process-wide tagger: loading the dictionary takes ~100 ms, so do it once."""
    return fugashi.Tagger()


@dataclass(frozen=True, slots=True)
class Token:
    surface: str
    start: int
    end: int
    pos1: str
    pos2: str
    c_type: str
    c_form: str
    base: str  # dictionary form as written (orthBase), or the surface when unknown
    kana: str  # katakana reading of this surface, "" when the dictionary has none
    goshu: str
    pos3: str = ""  # サ変可能 marks nouns that take する (工事のため → 工事をします)

    @property
    def is_verb(self) -> bool:
        return self.pos1 == "動詞"


def _field(value: object) -> str:
    return value if isinstance(value, str) and value != "*" else ""


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text`` with their character offsets (whitespace is skipped, as MeCab does)."""
    return list(_tokens(text))


def word_before(text: str, pos: int) -> Token | None:
    """The word of ``text`` that ends at ``pos`` (what a pattern matched right after), if one does."""
    tokens = _tokens(text[:pos])
    return tokens[-1] if tokens and tokens[-1].end == pos else None


@memo(maxsize=8192)
def _features(feat: tuple[object, ...]) -> tuple[str, ...]:
    """The fields a Token keeps, once per distinct analysis: tokens of one word share its strings."""
    f = cast(Any, feat)
    return tuple(_field(value) for value in (f.pos1, f.pos2, f.cType, f.cForm, f.orthBase, f.kana, f.goshu, f.pos3))


@memo(maxsize=1024)
def _tokens(text: str) -> tuple[Token, ...]:
    # Cached: the rewrite, furigana, readability and every format ask for the same lines again
    # (one notice is rendered in 14 variants, 12 of them easy Japanese when untranslated).
    with _LOCK:  # MeCab's tagger object is not safe to share between threads mid-parse
        nodes = [(n.surface, n.feature) for n in tagger()(text)]
    tokens: list[Token] = []
    pos = 0
    for surface, feat in nodes:
        start = text.find(surface, pos)
        if start < 0:  # never expected; keep offsets monotonic rather than fail
            start = pos
        end = start + len(surface)
        pos = end
        pos1, pos2, c_type, c_form, base, kana, goshu, pos3 = _features(feat)
        tokens.append(Token(surface, start, end, pos1, pos2, c_type, c_form, base or surface, kana, goshu, pos3))
    return tuple(tokens)
