"""Verb forms from a dictionary form and its unidic conjugation type (五段-カ行, 下一段-ア行 …)."""

from __future__ import annotations

import functools
from typing import Literal

from notifier.rendering.easy._tagger import tokenize

Form = Literal["dict", "masu", "te", "ta", "nai", "potential", "passive"]

_ROWS = {"う": "あいうえお", "く": "かきくけこ", "ぐ": "がぎぐげご", "す": "さしすせそ", "つ": "たちつてと",
         "ぬ": "なにぬねの", "ぶ": "ばびぶべぼ", "む": "まみむめも", "る": "らりるれろ"}
_TE = {"う": "って", "つ": "って", "る": "って", "く": "いて", "ぐ": "いで", "す": "して",
       "ぬ": "んで", "ぶ": "んで", "む": "んで"}


def godan_endings(verb: str) -> str:
    """What can follow the stem of the 五段 verb ``verb`` (申し込|む): its row, わ, the sound change before て."""
    last = verb[-1:]
    return _ROWS.get(last, "") + ("わ" if last == "う" else "") + _TE.get(last, "")[:1]


def _godan(verb: str, form: Form) -> str:
    stem, last = verb[:-1], verb[-1]
    row = _ROWS.get(last)
    if row is None:
        return verb
    if form in ("te", "ta"):
        ending = "って" if verb.endswith(("行く", "いく")) else _TE[last]
        return stem + (ending if form == "te" else ending[:-1] + ("だ" if ending.endswith("で") else "た"))
    if form == "masu":
        return stem + row[1]
    if form == "nai":
        return stem + ("わ" if last == "う" else row[0])
    if form == "potential":
        return stem + row[3] + "る"
    if form == "passive":
        return stem + ("わ" if last == "う" else row[0]) + "れる"
    return verb


def _ichidan(verb: str, form: Form) -> str:
    stem = verb[:-1]
    return {"dict": verb, "masu": stem, "te": stem + "て", "ta": stem + "た", "nai": stem,
            "potential": stem + "られる", "passive": stem + "られる"}[form]


def _kuru(verb: str, form: Form) -> str:
    head = verb[:-2]
    kanji = verb.endswith("来る")
    ki, ko = ("来", "来") if kanji else ("き", "こ")
    return head + {"dict": verb[-2:], "masu": ki, "te": ki + "て", "ta": ki + "た", "nai": ko,
                   "potential": ko + "られる", "passive": ko + "られる"}[form]


def _suru(verb: str, form: Form) -> str:
    head = verb[:-2]
    return head + {"dict": "する", "masu": "し", "te": "して", "ta": "した", "nai": "し",
                   "potential": "できる", "passive": "される"}[form]


def conjugate(verb: str, c_type: str, form: Form) -> str:
    """``verb`` (dictionary form) in ``form``; unknown types come back unchanged."""
    if form == "dict":
        return verb
    if c_type.startswith("五段"):
        return _godan(verb, form)
    if c_type.startswith(("上一段", "下一段")):
        return _ichidan(verb, form)
    if c_type.startswith("カ行変格"):
        return _kuru(verb, form)
    if c_type.startswith("サ行変格"):
        return _suru(verb, form)
    return verb


@functools.cache
def verb_type(phrase: str) -> str:
    """The conjugation type when ``phrase`` ends in a dictionary-form verb, else ""."""
    tokens = tokenize(phrase.replace(" ", ""))
    if not tokens:
        return ""
    last = tokens[-1]
    if last.pos1 == "動詞" and last.c_form.startswith("終止形") and last.surface == last.base:
        return last.c_type
    return ""
