"""SMS encoding, segment counts (hand-computed), fitting, splitting and the emergency short form."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notifier.rendering.sms import GSM7, UCS2, fit_sms, short_form, sms_info, split_segments

URL = "https://todoke.example.jp/n/0123456789abcdef"
RUBY = re.compile(r"[\u4e00-\u9fff]+（[ぁ-ゖ]+）")


@pytest.mark.parametrize(("text", "encoding", "units", "segments"), [
    ("hello", GSM7, 5, 1),
    ("a" * 160, GSM7, 160, 1),
    ("a" * 161, GSM7, 161, 2),
    ("a" * 306, GSM7, 306, 2),
    ("a" * 307, GSM7, 307, 3),
    ("€" * 80, GSM7, 160, 1),  # extension table: two septets each
    ("€" * 81, GSM7, 162, 2),
    ("{[~]}^|\\", GSM7, 16, 1),
    ("Café à Köln", GSM7, 11, 1),  # é, à and ö are in the basic table
    ("a" * 152 + "€" + "a" * 10, GSM7, 164, 2),
    ("français", UCS2, 8, 1),  # ç is not GSM-7
    ("あ" * 70, UCS2, 70, 1),
    ("あ" * 71, UCS2, 71, 2),
    ("あ" * 670, UCS2, 670, 10),
    ("あ" * 671, UCS2, 671, 11),
    ("😀" * 35, UCS2, 70, 1),  # an emoji is a surrogate pair: two units
    ("😀" * 36, UCS2, 72, 2),
    ("Hello 😀", UCS2, 8, 1),
    ("a" * 66 + "😀" + "a" * 10, UCS2, 78, 2),
])
def test_encoding_units_and_segments(text: str, encoding: str, units: int, segments: int) -> None:
    info = sms_info(text)
    assert (info.encoding, info.units, info.segments) == (encoding, units, segments)


def test_gsm_escape_pair_moves_whole_to_the_next_part() -> None:
    # 152 + 2 septets would be 154 > 153: the € starts part two.
    assert [len(p) for p in split_segments("a" * 152 + "€" + "a" * 10)] == [152, 11]


def test_emoji_moves_whole_to_the_next_part() -> None:
    parts = split_segments("a" * 66 + "😀" + "a" * 10)
    assert parts == ["a" * 66, "😀" + "a" * 10]


def test_a_seam_extra_segment_is_counted() -> None:
    # 134 units would be exactly two parts of 67, but the emoji cannot be halved at the seam:
    # part one holds 66, part two the emoji and 65, part three the last あ.
    text = "あ" * 66 + "😀" + "あ" * 66
    info = sms_info(text)
    assert (info.units, info.segments) == (134, 3)


def test_ruby_group_is_never_split() -> None:
    text = "あ" * 60 + "避難所（ひなんじょ）" + "い" * 20
    parts = split_segments(text)
    assert parts[0] == "あ" * 60 and parts[1].startswith("避難所（ひなんじょ）")


def test_combining_sequence_is_never_split() -> None:
    text = "a" * 66 + "e\u0301\u0302" + "b" * 10
    assert split_segments(text)[1].startswith("e\u0301\u0302")


def test_fit_sms_cuts_with_an_ellipsis() -> None:
    text = "お知らせ" * 200
    fitted = fit_sms(text, max_segments=2)
    assert fitted.endswith("…") and sms_info(fitted).segments == 2 and len(fitted) == 134


def test_fit_sms_gsm_uses_three_dots_to_stay_gsm() -> None:
    fitted = fit_sms("word " * 100, max_segments=1)
    assert fitted.endswith("...") and sms_info(fitted).encoding == GSM7 and sms_info(fitted).units <= 160


def test_fit_sms_prefers_a_sentence_end() -> None:
    text = "避難してください。" * 100
    fitted = fit_sms(text, max_segments=1)
    assert fitted == "避難してください。" * 7


def test_fit_sms_leaves_short_text_alone() -> None:
    assert fit_sms("短い") == "短い"


def test_short_form_keeps_the_url_whole() -> None:
    text = "見沼区に避難指示が出ました。すぐに高い所へ逃げてください。川には近づかないでください。"
    short = short_form(text, URL)
    assert short.endswith("\n" + URL) and len(short) <= 70
    assert sms_info(short).segments == 1
    assert short.startswith("見沼区に避難指示が出ました。")


def test_short_form_when_it_already_fits() -> None:
    assert short_form("すぐに逃げて", URL) == f"すぐに逃げて\n{URL}"


def test_short_form_with_an_over_long_url_is_the_url_alone() -> None:
    long_url = "https://todoke.example.jp/n/" + "x" * 60
    assert short_form("すぐに逃げて", long_url) == long_url


def test_short_form_with_emoji_counts_utf16() -> None:
    short = short_form("⚠️🌊" * 40, URL)
    assert len(short.encode("utf-16-le")) // 2 <= 70 and short.endswith(URL)


_PIECES = st.sampled_from(["避難所（ひなんじょ）", "😀", "👍🏽", "🇯🇵", "€", "e\u0301", "給水（きゅうすい）",
                           "a" * 40, "あ" * 40])
_TEXT = st.lists(st.one_of(st.text(max_size=30), _PIECES), max_size=60).map("".join)


@settings(max_examples=150, deadline=None)
@given(text=_TEXT, max_segments=st.integers(min_value=1, max_value=10))
def test_fit_sms_never_exceeds_the_segments(text: str, max_segments: int) -> None:
    fitted = fit_sms(text, max_segments=max_segments)
    assert sms_info(fitted).segments <= max_segments


@settings(max_examples=150, deadline=None)
@given(text=_TEXT)
def test_split_never_breaks_a_pair_or_a_ruby_group(text: str) -> None:
    parts = split_segments(text)
    assert "".join(parts) == text
    encoding = sms_info(text).encoding
    limit = 160 if encoding == GSM7 else 70
    if len(parts) > 1:
        limit = 153 if encoding == GSM7 else 67
    for part in parts:
        part.encode("utf-16-le")  # a lone surrogate half would fail to encode
        units = len(part.encode("gsm03.38")) if encoding == GSM7 else len(part.encode("utf-16-le")) // 2
        assert units <= limit
    for group in RUBY.findall(text):
        assert any(group in part for part in parts) or len(group) > limit


@settings(max_examples=100, deadline=None)
@given(text=_TEXT)
def test_short_form_always_one_segment_with_the_link(text: str) -> None:
    short = short_form(text, URL)
    assert short.endswith(URL) and len(short.encode("utf-16-le")) // 2 <= 70
