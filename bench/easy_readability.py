"""How easy the やさしい日本語 rewriter's text is: jReadability of every notice in the test corpora.

    .venv/bin/python bench/easy_readability.py [--quick]

Prints, for each notice in tests/unit/easy_corpus, easy_heldout, easy_fresh, easy_unseen, easy_unseen2,
easy_unseen3 and easy_unseen4, the score of the original, of the rewriter's text and, where one exists
(tests/unit/easy_reference), of an easy version written by hand by the guidelines; then the share of
notices at 初級後半 (score ≥ 4.5), the mean scores and the share of sentences of at most 30 characters.
Scores are the product's own (``notifier.rendering.easy.readability``: each line read as a sentence).
The figures measure text, not time, so they do not depend on the machine; --quick is accepted and
changes nothing.
"""

from __future__ import annotations

import argparse
import datetime
import re
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.figures import figure
from notifier.rendering.easy import preserved_facts, readability, to_easy

TESTS = Path(__file__).resolve().parents[1] / "tests" / "unit"
FOLDERS = ("easy_corpus", "easy_heldout", "easy_fresh", "easy_unseen", "easy_unseen2", "easy_unseen3",
           "easy_unseen4")
TODAY = datetime.date(2026, 11, 24)  # the date the corpus's relative days (本日, 明日) are read against
GOAL = 4.5
_SENTENCE = re.compile(r"[^。！？\n]+[。！？]?")
_LABEL = re.compile(r"^[^。、]{1,12}：")


def short_sentences(text: str) -> tuple[int, int]:
    """(sentences of at most 30 characters, all sentences), label and list lines left out, as in the tests."""
    lines = [line for line in text.split("\n")[1:] if not line.startswith("・") and not _LABEL.match(line)]
    found = [s.strip() for line in lines for s in _SENTENCE.findall(line) if s.strip()]
    return sum(len(s) <= 30 for s in found), len(found)


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).add_argument("--quick", action="store_true")
    rows = []
    for folder in FOLDERS:
        for path in sorted((TESTS / folder).glob("*.txt")):
            original = path.read_text(encoding="utf-8")
            easy = to_easy(original, today=TODAY).text
            reference = TESTS / "easy_reference" / path.name
            rows.append((folder, path.stem, readability(original).score, readability(easy).score,
                         readability(reference.read_text(encoding="utf-8")).score if reference.exists() else None,
                         short_sentences(easy), not preserved_facts(original, easy)))
    print(f"{'folder':13} {'notice':16} {'original':>8} {'rewriter':>8} {'by hand':>8}  short  facts")
    for folder, name, before, after, by_hand, (short, total), kept in rows:
        hand = f"{by_hand:8.2f}" if by_hand is not None else " " * 8
        facts = "kept" if kept else "LOST"
        print(f"{folder:13} {name:16} {before:8.2f} {after:8.2f} {hand}  {short:2}/{total:<2}  {facts}")
    count = len(rows)
    at_goal = sum(r[3] >= GOAL for r in rows)
    originals_at_goal = sum(r[2] >= GOAL for r in rows)
    short = sum(r[5][0] for r in rows) / sum(r[5][1] for r in rows)
    print(f"\nnotices at 初級後半 (≥ {GOAL}): rewriter {at_goal}/{count}, originals {originals_at_goal}/{count}")
    print(f"mean score: rewriter {statistics.mean(r[3] for r in rows):.2f}, "
          f"originals {statistics.mean(r[2] for r in rows):.2f}")
    print(f"sentences of at most 30 characters: {short:.0%}; every fact kept in {sum(r[6] for r in rows)}/{count}")
    figure("easy Japanese: notices at 初級後半 (jReadability ≥ 4.5)", at_goal, "notices",
           baseline=originals_at_goal, baseline_name=f"the same {count} originals")
    figure("easy Japanese: mean jReadability", statistics.mean(r[3] for r in rows), "score",
           baseline=statistics.mean(r[2] for r in rows), baseline_name="originals")
    handmade = [r for r in rows if r[4] is not None]
    if handmade:
        rewriter, by_hand = statistics.mean(r[3] for r in handmade), statistics.mean(r[4] for r in handmade)
        print(f"on the {len(handmade)} notices written by hand too: rewriter {rewriter:.2f}, by hand {by_hand:.2f}, "
              f"by hand at 初級後半: {sum(r[4] >= GOAL for r in handmade)}/{len(handmade)}")
        figure(f"easy Japanese: mean jReadability on {len(handmade)} notices also written by hand", rewriter, "score",
               baseline=by_hand, baseline_name="easy versions written by hand")
    figure("easy Japanese: sentences of at most 30 characters", 100 * short, "%")


if __name__ == "__main__":
    main()
