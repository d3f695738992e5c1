"""Readability report: jReadability score and level, and every problem with its position."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

from jreadability import compute_readability

from notifier.rendering.easy._tagger import tagger, tokenize
from notifier.rendering.easy.furigana import KANJI
from notifier.rendering.easy.lexicon import hard_words
from notifier.rendering.easy.phrases import DOUBLE_NEGATIVE_PATTERN, HEDGE_PATTERN
from notifier.rendering.memo import memo

MAX_SENTENCE = 30
# Lee & Hasebe's bands (higher = easier), as in the jreadability README
LEVELS = [(5.5, "初級前半"), (4.5, "初級後半"), (3.5, "中級前半"), (2.5, "中級後半"), (1.5, "上級前半")]
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_KANJI = re.compile(f"[{KANJI}]")
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str
    reason: str

    def as_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "reason": self.reason}


@dataclass(frozen=True)
class ReadabilityReport:
    score: float
    level: str
    long_sentences: list[Span]
    kanji_per_sentence: list[int]
    hard_words: list[Span]
    double_negatives: list[Span]
    hedges: list[Span]

    def as_json(self) -> dict[str, Any]:
        spans = ("long_sentences", "hard_words", "double_negatives", "hedges")
        out: dict[str, Any] = {"score": self.score, "level": self.level,
                               "kanji_per_sentence": list(self.kanji_per_sentence)}
        out.update({name: [s.as_json() for s in getattr(self, name)] for name in spans})
        return out


def level(score: float) -> str:
    """The jReadability level name for a score (上級後半 below 1.5, 初級前半 from 5.5)."""
    return next((name for floor, name in LEVELS if score >= floor), "上級後半")


_TERMINAL = re.compile(r"[。！？!?．]\s*$")


@memo(maxsize=1024)
def score(text: str) -> float:
    """jReadability score of ``text`` (0.0 for text with no words).

    A line break ends a sentence: jreadability splits only at 。！？, so without this a heading and
    the "・item" lines of a list would be scored as one long sentence with the text after them.
    """
    lines = [line if _TERMINAL.search(line) else line + "。" for line in text.split("\n") if line.strip()]
    if not tokenize("".join(lines)):
        return 0.0
    with _LOCK:
        return round(float(compute_readability("\n".join(lines), tagger())), 3)


def _sentences(text: str) -> list[Span]:
    out = []
    for match in _SENTENCE.finditer(text):
        body = match.group(0).strip()
        if body:
            start = match.start() + match.group(0).index(body)
            out.append(Span(start, start + len(body), body, f"{len(body)} characters"))
    return out


def _hard_words(text: str) -> list[Span]:
    """Words above N4; two or three adjacent tokens are tried first (可能性 is one word, not 可能 + 性)."""
    levels = hard_words()
    tokens = tokenize(text)
    out, i = [], 0
    while i < len(tokens):
        for width in (3, 2, 1):
            group = tokens[i:i + width]
            if len(group) < width or group[0].pos2 == "固有名詞":
                continue
            surface = text[group[0].start:group[-1].end]
            found = levels.get(surface) or (width == 1 and levels.get(group[0].base))
            if found:
                out.append(Span(group[0].start, group[-1].end, surface, f"JLPT N{found}"))
                i += width
                break
        else:
            i += 1
    return out


def _matches(pattern: re.Pattern[str], text: str, reason: str) -> list[Span]:
    return [Span(m.start(), m.end(), m.group(0), reason) for m in pattern.finditer(text)]


@memo(maxsize=1024)
def summary(text: str) -> tuple[float, str]:
    """(score, level) alone, as ``readability`` gives them: what each rendering carries."""
    value = score(text)
    return value, level(value) if _sentences(text) else ""


def readability(text: str) -> ReadabilityReport:
    """The readability report of a Japanese text; every span indexes into ``text``."""
    sentences = _sentences(text)
    value = score(text)
    return ReadabilityReport(
        score=value,
        level=level(value) if sentences else "",
        long_sentences=[s for s in sentences if len(s.text) > MAX_SENTENCE],
        kanji_per_sentence=[len(_KANJI.findall(s.text)) for s in sentences],
        hard_words=_hard_words(text),
        double_negatives=_matches(DOUBLE_NEGATIVE_PATTERN, text, "double negative"),
        hedges=_matches(HEDGE_PATTERN, text, "vague hedge"),
    )
