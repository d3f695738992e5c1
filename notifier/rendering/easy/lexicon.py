"""Word lists under ``locales/``: easy replacements, reading overrides, JLPT levels (loaded once)."""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable
from dataclasses import dataclass

from notifier.paths import LOCALES

WORDS_TSV = LOCALES / "ja_easy" / "words.tsv"
READINGS_TSV = LOCALES / "ja_easy" / "readings.tsv"
JLPT_DIR = LOCALES / "jlpt"


@dataclass(frozen=True, slots=True)
class Entry:
    word: str
    easy: str  # with 分かち書き spaces, as written in the list
    keep_with_gloss: bool
    passive: str  # verb for 〜される forms ("" = the regular passive of ``easy``)
    c_type: str  # conjugation type when the list gives one (the analyser misreads some kana verbs)
    intransitive: bool = False  # 転倒 → たおれる: 「家具の転倒」 becomes 「家具が たおれる こと」, not 「家具を …」
    noun: str = ""  # what a verb entry says where the word is a noun (ご案内 → お知らせ, not 知らせる こと)
    ga: str = ""  # a clause with its own subject takes this for the が before it (家が浸水 → 家に 水が 入る)
    verb: str = ""  # a noun entry's verb: 「申請には、…ください」 → 「申し込む ときは」; 受け付けます → うけつけます
    bare: str = ""  # the easy form without its own subject, when the sentence names one (バスは 運休 → 止まる)
    no: str = ""  # a verb phrase on a noun takes this for the の before it (ごみの収集日 → ごみを あつめる 日)
    procedure: bool = False  # the reader does it: a heading ending in it names the act (納付について → はらう こと)


class Matcher:
    """Longest match of a fixed word set at a position: a first-character index of words by length."""

    def __init__(self, words: Iterable[str]) -> None:
        index: dict[str, list[str]] = {}
        for word in words:
            index.setdefault(word[0], []).append(word)
        self._index = {k: sorted(v, key=len, reverse=True) for k, v in index.items()}

    def candidates(self, text: str, pos: int) -> list[str]:
        """Words that occur in ``text`` at ``pos``, longest first."""
        return [w for w in self._index.get(text[pos], ()) if text.startswith(w, pos)]


def _rows(path: object) -> list[list[str]]:
    with open(str(path), encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh if line.strip() and not line.startswith("#")]


def _note(note: str, key: str) -> str:
    """``key=value`` from a note such as "verb; passive=おわる; type=下一段-ア行"."""
    for part in note.split(";"):
        name, _, value = part.strip().partition("=")
        if name == key:
            return value.strip()
    return ""


@functools.cache
def words() -> dict[str, Entry]:
    """The easy-Japanese word list keyed by the original word."""
    entries: dict[str, Entry] = {}
    for row in _rows(WORDS_TSV):
        word, easy, keep = row[0], row[1], row[2] == "1"
        note = row[3] if len(row) > 3 else ""
        if word in entries:  # a second line would silently win over the first
            raise ValueError(f"{WORDS_TSV.name}: {word} is listed twice")
        passive = _note(note, "passive")
        flags = {n.strip() for n in note.split(";")}
        intransitive = "vi" in flags or (bool(passive) and passive == easy)
        entries[word] = Entry(word, easy, keep, passive, _note(note, "type"), intransitive, _note(note, "noun"),
                              _note(note, "ga"), _note(note, "verb"), _note(note, "bare"),
                              _note(note, "no"), "procedure" in flags)
    return entries


@functools.cache
def word_matcher() -> Matcher:
    return Matcher(words())


@functools.cache
def readings() -> dict[str, str]:
    """Reading overrides (hiragana) for official terms and place names."""
    return {row[0]: row[1] for row in _rows(READINGS_TSV)}


@functools.cache
def reading_matcher() -> Matcher:
    return Matcher(readings())


def _jlpt(level: int) -> set[str]:
    with open(JLPT_DIR / f"n{level}.csv", encoding="utf-8", newline="") as fh:
        return {row["expression"].strip() for row in csv.DictReader(fh)}


@functools.cache
def hard_words() -> dict[str, int]:
    """Words above JLPT N4 → their level (1–3); words also listed at N4/N5 count as easy."""
    easy = _jlpt(4) | _jlpt(5)
    levels: dict[str, int] = {}
    for level in (3, 2, 1):  # a word listed at several levels keeps its easiest one
        for word in _jlpt(level) - easy:
            levels.setdefault(word, level)
    return levels
