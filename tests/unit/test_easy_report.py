"""Readability report (score, level, spans at the right characters) and the fact-preservation checker."""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from notifier.rendering.easy import preserved_facts, readability, to_easy
from notifier.rendering.easy.report import level

TEXT = ("本日、断水が発生する可能性があります。"
        "復旧の見込みは立っておりませんが、給水車を派遣しないわけではありません。")


def test_spans_point_at_their_text() -> None:
    report = readability(TEXT)
    spans = [*report.long_sentences, *report.hard_words, *report.double_negatives, *report.hedges]
    assert spans
    for span in spans:
        assert TEXT[span.start:span.end] == span.text


def test_findings() -> None:
    report = readability(TEXT)
    second = "復旧の見込みは立っておりませんが、給水車を派遣しないわけではありません。"
    assert [s.text for s in report.long_sentences] == [second]
    assert report.long_sentences[0].start == TEXT.index("復旧")
    assert [s.text for s in report.hedges] == ["可能性があります"]
    assert [s.text for s in report.double_negatives] == ["ないわけではありません"]
    hard = {s.text: s.reason for s in report.hard_words}
    assert hard["断水"] == "JLPT N2" and hard["可能"] == "JLPT N3" and hard["派遣"] == "JLPT N1"
    assert "ありません" not in hard and "給水" not in hard  # easy words and words in no list are not flagged
    assert report.kanji_per_sentence == [9, 10]


def test_score_and_level() -> None:
    report = readability(TEXT)
    assert 0 < report.score < 4.5
    assert report.level == level(report.score)
    easy = readability("大きな地震がありました。家が壊れました。")
    assert easy.score > report.score  # higher is easier


def test_level_bands() -> None:
    assert [level(x) for x in (0.2, 1.6, 2.9, 4.0, 4.5, 6.0, 7.0)] == [
        "上級後半", "上級前半", "中級後半", "中級前半", "初級後半", "初級前半", "初級前半"]


def test_as_json() -> None:
    data = readability(TEXT).as_json()
    assert set(data) == {"score", "level", "long_sentences", "kanji_per_sentence", "hard_words", "double_negatives",
                         "hedges"}
    assert set(data["hedges"][0]) == {"start", "end", "text", "reason"}


def test_empty_text() -> None:
    report = readability("")
    assert (report.score, report.level, report.kanji_per_sentence) == (0.0, "", [])


def test_preserved_facts_reports_what_was_lost() -> None:
    original = "11月24日（火）15:30から見沼区役所で3か所。電話048-681-6000"
    assert preserved_facts(original, "11月24日（火曜日）午後3時30分から見沼区役所で3か所。電話048-681-6000") == []
    lost = preserved_facts(original, "11月25日の午後4時に区役所で。電話048-681-6001")
    assert lost == ["date:11月24日", "number:3", "phone:0486816000", "place:見沼", "place:見沼区", "time:15:30"]


def test_preserved_facts_accepts_wareki_as_supplement() -> None:
    assert preserved_facts("令和8年11月24日", "2026年（令和8年）11月24日（火曜日）") == []
    assert preserved_facts("令和8年11月24日", "2027年11月24日") == ["date:2026年11月24日"]


ALPHABET = "0123456789０１/:：〜~年月日時分半午前後（）、。 避難所水給地震を開設しますいたしたがのでて"
TEXT_ST = st.text(alphabet=st.sampled_from(list(ALPHABET)), max_size=60) | st.text(max_size=40)


@settings(max_examples=200, deadline=None)
@given(TEXT_ST)
def test_to_easy_never_raises_and_keeps_every_number(text: str) -> None:
    easy = to_easy(text, today=datetime.date(2026, 11, 24))
    assert preserved_facts(text, easy.text) == []
    readability(easy.text)
