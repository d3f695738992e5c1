"""Hypothesis against the renderer: generated free-text notices in Japanese, with the hard parts
(times, phone numbers, URLs, full-width digits, emoji, markup) mixed in.

Invariants (the Renderings issue): no exception escapes; voice text has no digits and no URL;
every kanji of the easy-Japanese HTML is inside <ruby>; SMS is never over 10 segments.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notifier.config import Settings
from notifier.notices.model import NoticeError, parse_notice
from notifier.rendering.render import render_notice

FRAGMENTS = [
    "午後3時30分", "11月24日（火）", "2026年11月24日", "048-829-1126", "https://www.city.saitama.lg.jp/a?b=1",
    "www.example.jp", "見沼区", "避難指示", "給水所", "3リットル", "１２３", "12.5mm", "10:30", "①", "第2避難所",
    "\U0001F6A7", "<b>", "&amp;", "「」", "。", "、", "\n", " ", "ｱｲｳ", "ABC", "100%", "-5℃", "〒330-9588",
    "9999999999999999", "0.001", "令和8年", "1/2", "½", "＃", "〇", "々", "𠮷",
]
WORDS = st.text(alphabet="あいうえお山川市区水火日本語漢字カタ123", max_size=8)
TEXT = st.lists(st.one_of(st.sampled_from(FRAGMENTS), WORDS), min_size=1, max_size=25).map("".join)
VARIANTS = ("ja", "ja-easy", "en")
KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f々]")
RUBY = re.compile(r"<ruby>.*?</ruby>", re.S)
TAGS = re.compile(r"<[^>]+>")
URL = re.compile(r"https?://|www\.", re.I)
DIGIT = re.compile(r"\d")  # any Unicode digit, full-width included


@pytest.fixture
def render_settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings()


def _render(data: dict[str, Any], settings_: Settings) -> list[Any]:
    try:
        notice = parse_notice(data)
    except NoticeError:
        return []
    return asyncio.run(render_notice(notice, settings=settings_, variants=VARIANTS, audio=False,
                                     notice_url="https://todoke.test/n/abc"))


def _check(items: list[Any]) -> None:
    for item in items:
        if item.format == "voice":
            assert not DIGIT.search(item.text), (item.variant, item.text)
            assert not URL.search(item.text), (item.variant, item.text)
        if item.format in ("sms", "sms-short"):
            assert item.extra["segments"] <= 10, (item.variant, item.extra)
        if item.variant == "ja-easy" and item.html:
            body = item.html.split("<body>", 1)[-1]  # <title> is plain text by HTML's rules: no ruby there
            visible = TAGS.sub("", RUBY.sub("", body))
            assert not KANJI.search(visible), (item.format, KANJI.findall(visible)[:10])


@settings(max_examples=60, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(title=TEXT, body=TEXT, urgency=st.sampled_from(["normal", "urgent", "emergency"]))
def test_generated_notices_render_within_the_invariants(render_settings: Settings, title: str, body: str,
                                                        urgency: str) -> None:
    _check(_render({"title": title[:100], "body": body, "topics": ["disaster"], "areas": ["11107"],
                    "urgency": urgency}, render_settings))
