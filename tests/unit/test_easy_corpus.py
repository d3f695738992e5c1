"""Municipal notices (tests/unit/easy_corpus): the issue 3 goal for the やさしい日本語 rewriter.

The score is the one the product reports (``readability()``, shown in the console and by ``todoke render``):
jReadability on the easy text with each line read as a sentence, since a heading or a "・item" line is its
own line in every rendering. Sentences are at most 30 characters except label and list-item lines, every
fact of the original is kept, and the grammar slips word-by-word replacement tends to make are absent.

``easy_heldout`` (twelve notices) and then ``easy_fresh`` (ten) were each written after the rules had been
tuned on the folders before them, to see how the rules do on text they were not fitted to; what that showed
was fixed in general rules, so all three are now training data. ``easy_unseen`` (five) was written the
same way after the rules of the easy-jp branch, ``easy_unseen2`` (six) after those of easy-jp11,
``easy_unseen3`` (six) after those of easy-jp21 and ``easy_unseen4`` (six) after those of easy-jp22. The
commit messages record the figures each folder gave the first time it was run.
"""

from __future__ import annotations

import datetime
import itertools
import re
from pathlib import Path

import pytest

from notifier.rendering.easy import preserved_facts, readability, to_easy
from notifier.rendering.easy._tagger import tokenize

HERE = Path(__file__).parent
FOLDERS = ("easy_corpus", "easy_heldout", "easy_fresh", "easy_unseen", "easy_unseen2", "easy_unseen3",
           "easy_unseen4")
CORPUS = [p for folder in FOLDERS for p in sorted((HERE / folder).glob("*.txt"))]
TODAY = datetime.date(2026, 11, 24)
# notices the rewriter does not yet bring to 初級後半 (score, then sentence length): strict, so a notice
# that starts passing fails here until it is taken off the list
BELOW_GOAL = {"after_quake", "election", "evacuation_info", "fraud_warning",
              "tax_deadline", "fire_prevention", "health_checkup", "insurance_card",
              "library", "typhoon", "nursery", "rabies", "shelter_closed", "sinkhole",
              "water_bill",
              "pension",
              "bicycle_removal",
              "benefit", "frozen_pipes", "konbini_stop", "park_felling", "polling_place",
              "after_school", "child_medical", "city_housing", "icy_road", "lecture", "nhi_tax"}
TOO_LONG = {"after_quake", "childcare", "fraud_warning",
            "insurance_card",
            "power_outage", "recycling", "mynumber",
            "rabies", "suspicious",
            "bicycle_removal", "coming_of_age", "norovirus", "vacant_house", "year_end",
            "benefit", "frozen_pipes", "jalert_test", "konbini_stop", "park_felling", "polling_place",
            "after_school", "child_medical", "city_housing", "icy_road", "lecture", "nhi_tax"}
_LABEL = re.compile(r"^[^。、]{1,12}：")
_GLOSS_THEN_SURU = re.compile(r"）(?:する|します|しました|して|した)")
_DOUBLED = re.compile(r"。。|、、|。、|、。|^。")
# what word-by-word replacement leaves behind when it goes wrong
_SLIPS = ("こととなる", "ことと なる", "こととなり", "ことをしたい", "ることを休み", "の出す", "のひらく", "ぬます",
          "のとき" + "のとき", "をを", "を日を")


def _easy(path: Path) -> tuple[str, str]:
    original = path.read_text(encoding="utf-8")
    return original, to_easy(original, today=TODAY).text


def _mark(names: set[str]) -> list[object]:
    reason = "below the issue 3 goal: see the report of the rewriter's corpus"
    return [pytest.param(p, id=p.stem, marks=pytest.mark.xfail(strict=True, reason=reason) if p.stem in names
                         else ()) for p in CORPUS]


def test_corpus_covers_the_usual_notices() -> None:
    assert len(CORPUS) >= 37


@pytest.mark.parametrize("path", _mark(BELOW_GOAL))
def test_beginner_level_score(path: Path) -> None:
    _, easy = _easy(path)
    score = readability(easy).score
    assert score >= 4.5, f"{score:.2f}\n{easy}"


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_easier_than_the_original(path: Path) -> None:
    original, easy = _easy(path)
    before, after = readability(original).score, readability(easy).score
    assert after > before - 0.25 or after >= 4.5, f"{before:.2f} → {after:.2f}\n{easy}"


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_facts_are_kept(path: Path) -> None:
    original, easy = _easy(path)
    assert preserved_facts(original, easy) == []


@pytest.mark.parametrize("path", _mark(TOO_LONG))
def test_sentences_are_short(path: Path) -> None:
    _, easy = _easy(path)
    lines = [line for line in easy.split("\n")[1:] if not line.startswith("・") and not _LABEL.match(line)]
    long = [s for line in lines for s in re.findall(r"[^。！？]+[。！？]?", line) if len(s) > 30]
    assert long == []


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_grammar_sanity(path: Path) -> None:
    _, easy = _easy(path)
    assert [slip for slip in _SLIPS if slip in easy] == [], easy
    assert not _GLOSS_THEN_SURU.search(easy), easy
    assert not any(_DOUBLED.search(line) for line in easy.split("\n")), easy
    tokens = tokenize(easy)
    doubled = [a.surface for a, b in itertools.pairwise(tokens)
               if a.pos1 == b.pos1 == "助詞" and a.surface == b.surface and b.start == a.end]
    assert doubled == [], easy  # をを, にに …


@pytest.mark.parametrize("path", sorted((HERE / "easy_reference").glob("*.txt")), ids=lambda p: p.stem)
def test_hand_written_references_keep_the_facts(path: Path) -> None:
    """The easy versions written by hand (bench/easy_readability.py compares the rewriter with them)."""
    original = (HERE / "easy_corpus" / path.name).read_text(encoding="utf-8")
    assert preserved_facts(original, path.read_text(encoding="utf-8")) == []
