"""Readings for speech: the engine's own (pyopenjtalk-plus) and our override list for what it misreads.

The override list is ``locales/ja_easy/voice_readings.tsv``. Voice text keeps those words as
written (a relay operator reads kanji fine); SSML carries the reading in ``<sub alias>`` and the
synthesizer is given the reading instead of the word.
"""

from __future__ import annotations

import contextlib
import functools
import re
import warnings
from collections.abc import Iterator
from typing import Any

from notifier.paths import LOCALES

VOICE_READINGS_TSV = LOCALES / "ja_easy" / "voice_readings.tsv"
_KATAKANA = re.compile(r"[ァ-ヶ]")
_LOANWORD = re.compile(r"[ァ-ヺー％]+|[Ａ-Ｚａ-ｚ]+")


@functools.cache
def overrides() -> dict[str, str]:
    """word → hiragana reading, from the TSV (comments and blank lines skipped)."""
    table: dict[str, str] = {}
    for line in VOICE_READINGS_TSV.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, reading = line.split("\t")[:2]
        table[word.strip()] = reading.strip()
    return table


@functools.cache
def _override_pattern() -> re.Pattern[str]:
    # Longest first, so 東浦和 wins over any shorter word it contains.
    words = sorted(overrides(), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


def split_overrides(text: str) -> list[tuple[str, str | None]]:
    """``text`` as (piece, reading) pairs: reading is None outside override words."""
    out: list[tuple[str, str | None]] = []
    pos = 0
    for match in _override_pattern().finditer(text):
        if match.start() > pos:
            out.append((text[pos:match.start()], None))
        out.append((match.group(), overrides()[match.group()]))
        pos = match.end()
    if pos < len(text):
        out.append((text[pos:], None))
    return out


def engine_text(text: str) -> str:
    """``text`` with every override word replaced by its reading: what the synthesizer is given."""
    return "".join(reading or piece for piece, reading in split_overrides(text))


def hiragana(text: str) -> str:
    """Katakana → hiragana (ー and everything else unchanged)."""
    return _KATAKANA.sub(lambda m: chr(ord(m.group()) - 0x60), text)


def _node_kana(node: dict[str, Any]) -> str:
    """One analysed word as said: the pronunciation's sound changes (さんじゅっぷん), the
    spelling's vowels (じゅう, not じゅー) where the two only differ by a long-vowel mark."""
    read, pron = str(node["read"]), str(node["pron"]).replace("’", "")
    if node.get("pos") == "記号" and read in ("、", "。", "？", "！"):
        return read
    if len(read) == len(pron):
        return "".join(r if p == "ー" and r in "ウイ" else p for r, p in zip(read, pron, strict=True))
    if pron.startswith(read) and not pron[len(read):].strip("ー"):
        return read  # numbers said alone are lengthened (ニー); the spelling is に
    return pron


@functools.lru_cache(maxsize=4096)
def kana_reading(chunk: str) -> str:
    """The engine's reading of ``chunk`` in hiragana: numbers with their counters (3時 → さんじ)."""
    import pyopenjtalk

    with quiet_engine():
        nodes = pyopenjtalk.run_frontend(chunk)
    kana = "".join(_spelled(dict(node)) for node in nodes)
    # The dictionary spells 十日 とうか; the word is とおか (とお = ten), as in the 仮名遣い rules.
    return kana.replace("とうか", "とおか")


def _spelled(node: dict[str, Any]) -> str:
    """Numbers and counters in hiragana; loanword units (メートル, パーセント) stay katakana."""
    kana = _node_kana(node)
    return kana if _LOANWORD.fullmatch(str(node["string"])) else hiragana(kana)


def engine_kana(text: str) -> str:
    """How the synthesizer will pronounce ``text`` (katakana, overrides applied): for checks."""
    import pyopenjtalk

    with quiet_engine():
        return str(pyopenjtalk.g2p(engine_text(text), kana=True))


@contextlib.contextmanager
def quiet_engine() -> Iterator[None]:
    """pyopenjtalk-plus calls a SudachiPy API that warns it is deprecated, once per thread: not ours
    to fix, and it must not fail a run that treats warnings as errors."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Dictionary.create", DeprecationWarning)
        yield
