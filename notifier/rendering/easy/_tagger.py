"""One shared fugashi tagger (unidic-lite) and tokens that know where they are in the text."""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass

import fugashi

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
        tokens.append(Token(surface, start, end, _field(feat.pos1), _field(feat.pos2), _field(feat.cType),
                            _field(feat.cForm), _field(feat.orthBase) or surface, _field(feat.kana),
                            _field(feat.goshu), _field(feat.pos3)))
    return tokens
