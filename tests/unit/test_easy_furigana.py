"""Furigana (ruby HTML, brackets, kana), readings with overrides, and 分かち書き."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notifier.rendering.easy import furigana_html, furigana_text, reading, wakachi
from notifier.rendering.easy.furigana import KANJI

KANJI_CHAR = re.compile(f"[{KANJI}]")
RUBY = re.compile(r"<ruby>.*?</ruby>", re.S)


@pytest.mark.parametrize(("text", "expected"), [
    ("水", "<ruby>水<rt>みず</rt></ruby>"),
    ("持って", "<ruby>持<rt>も</rt></ruby>って"),
    ("見沼区", "<ruby>見沼区<rt>みぬまく</rt></ruby>"),
    ("岩槻区", "<ruby>岩槻区<rt>いわつきく</rt></ruby>"),
    ("高齢者等避難", "<ruby>高齢者等避難<rt>こうれいしゃとうひなん</rt></ruby>"),
    ("避難所", "<ruby>避難所<rt>ひなんじょ</rt></ruby>"),
    ("24日", "<ruby>24日<rt>にじゅうよっか</rt></ruby>"),
    ("11月", "11<ruby>月<rt>がつ</rt></ruby>"),
    ("<b>水</b>", "&lt;b&gt;<ruby>水<rt>みず</rt></ruby>&lt;/b&gt;"),
])
def test_furigana_html(text: str, expected: str) -> None:
    assert furigana_html(text) == expected


def test_skip_known_words() -> None:
    assert furigana_html("水と火", skip_known=frozenset({"水"})) == "水と<ruby>火<rt>ひ</rt></ruby>"


@pytest.mark.parametrize(("text", "expected"), [
    ("水を持ってください", "水（みず）を持（も）ってください"),
    ("緊急安全確保", "緊急安全確保（きんきゅうあんぜんかくほ）"),
    ("罹災証明書", "罹災証明書（りさいしょうめいしょ）"),
])
def test_furigana_text_brackets(text: str, expected: str) -> None:
    assert furigana_text(text) == expected


def test_furigana_text_kana_mode() -> None:
    assert furigana_text("大宮区で水を配ります。", mode="kana") == "おおみやくでみずをくばります。"


def test_reading_keeps_digits_and_reads_day_counters() -> None:
    assert reading("11月1日に避難指示") == "11がつついたちにひなんしじ"


@pytest.mark.parametrize(("text", "expected"), [
    ("避難所へにげてください。", "避難所へ にげて ください。"),
    ("水をくばるところをひらきました。", "水を くばる ところを ひらきました。"),
    ("11月24日に行きます。", "11月24日に 行きます。"),
    ("避難所を開設しました。", "避難所を 開設しました。"),
    # a word the word list writes whole stays whole, though the analyser cuts it (気 + を + つける,
    # お願い + します, その + ままに, 同じ + ように); a verb's is found by its stem (気をつけて)
    ("地震に気をつけてください。", "地震に 気をつけて ください。"),
    ("よろしくお願いします。", "よろしく お願いします。"),
    ("空き家をそのままにしないでください。", "空き家を そのままに しないで ください。"),
    ("いつもと同じようにあつめます。", "いつもと 同じように あつめます。"),
    # a particle that spells the start of a word is no word (人は いた is not the list's はいた)
    ("人はいた。", "人は いた。"),
])
def test_wakachi(text: str, expected: str) -> None:
    assert wakachi(text) == expected


def test_script_is_escaped() -> None:
    html = furigana_html('<script>alert("避難")</script>')
    assert "<script>" not in html
    assert html.startswith("&lt;script&gt;")


TEXT = st.text(alphabet=st.sampled_from(list("避難所水地震津波見沼区岩槻漢字々あいうアイウ123 、。<>&\"'\n/:〜〒%"))
               | st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_every_kanji_is_inside_ruby(text: str) -> None:
    html = furigana_html(text)
    assert not KANJI_CHAR.search(RUBY.sub("", html))
    assert "<script" not in html.replace("<ruby>", "").replace("<rt>", "")
    assert re.sub(r"<rt>.*?</rt>|</?ruby>", "", html) == (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace('"', "&quot;").replace("'", "&#x27;"))
