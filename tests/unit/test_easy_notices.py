"""Five realistic municipal notices: the easy rendering reaches jReadability 初級後半 and keeps every fact."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from notifier.rendering.easy import furigana_html, preserved_facts, readability, to_easy

NOTICES = sorted((Path(__file__).parent / "easy_notices").glob("*.txt"))
TODAY = datetime.date(2026, 11, 24)


def test_there_are_five_notices() -> None:
    assert {p.stem for p in NOTICES} == {"evacuation", "water", "heat", "garbage", "vaccine"}


@pytest.mark.parametrize("path", NOTICES, ids=[p.stem for p in NOTICES])
def test_easy_rendering_is_beginner_level_and_keeps_facts(path: Path) -> None:
    original = path.read_text(encoding="utf-8")
    easy = to_easy(original, today=TODAY)
    before, after = readability(original), readability(easy.text)
    assert after.score >= 4.5, easy.text
    assert after.level in ("初級後半", "初級前半")
    assert after.score > before.score
    assert preserved_facts(original, easy.text) == []
    assert len(after.hedges) == 0 and len(after.double_negatives) == 0
    assert "<ruby>" in furigana_html(easy.text)


def test_evacuation_notice_in_detail() -> None:
    easy = to_easy((Path(__file__).parent / "easy_notices" / "evacuation.txt").read_text(encoding="utf-8"), today=TODAY)
    lines = easy.text.split("\n")
    # the when-phrase of the 60-character first sentence became sentences of their own
    assert "日にちは2026年（令和8年）11月24日（火曜日）です。" in lines and "時間は午後3時30分です。" in lines
    assert lines[lines.index("・見沼区役所"):][:3] == ["・見沼区役所", "・大宮東小学校", "・七里公民館"]
    assert ("避難指示", "すぐ にげて") in easy.glossary
    assert lines[-1] == "質問：見沼区役所 総務課 048-681-6000"
