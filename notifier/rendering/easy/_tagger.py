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
    return tuple(_portion_from(tokens))


def _portion_from(tokens: list[Token]) -> list[Token]:
    """「4月申し込み分からです」: unidic reads 申し込み + 分から as two verbs (申し込む, 分かる), and furigana says
    わから. A 未然形 that no auxiliary follows (ない, ず, れる) is no verb form: after a word, 分から is the noun
    分 (the share, 申請分) and から. The word before it, read as a verb stem, is the noun of the same spelling."""
    out: list[Token] = []
    for k, token in enumerate(tokens):
        after = tokens[k + 1] if k + 1 < len(tokens) else None
        no_auxiliary = after is None or after.pos1 != "助動詞" or after.base in ("です", "だ")
        if token.base == "分かる" and token.surface == "分から" and out and out[-1].end == token.start \
                and out[-1].pos1 in ("名詞", "動詞") and no_auxiliary:
            if out[-1].is_verb:
                stem = out[-1]
                out[-1] = Token(stem.surface, stem.start, stem.end, "名詞", "普通名詞", "", "", stem.surface, stem.kana,
                                stem.goshu, "一般")
            out.append(Token("分", token.start, token.start + 1, "名詞", "普通名詞", "", "", "分", "ブン", "漢",
                             "副詞可能"))
            out.append(Token("から", token.start + 1, token.end, "助詞", "格助詞", "", "", "から", "カラ", "和"))
            continue
        out.append(token)
    return out
