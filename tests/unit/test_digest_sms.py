"""An SMS digest always fits the SMS limit: titles as fit, "and N more", a link to the digest's page."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from channels.base import Message
from notifier.config import Settings
from notifier.dispatch import digest, digest_sms
from notifier.notices.model import parse_notice
from notifier.rendering.phrases import phrase
from notifier.rendering.render import Rendering, render_notice
from notifier.rendering.sms import GSM7, MAX_SEGMENTS, UCS2, sms_info, tokens
from tests.digest_notices import notices as long_day
from tests.notice_examples import EXAMPLES
from tests.notice_examples import notice as example

BASE = "https://todoke.city.saitama.example.jp"
DIGEST_URL = f"{BASE}/d/123456-0123456789abcdef"
SECRET = "test-secret-key-0123456789abcdef"
MORE = {"ja": re.compile(r"^ほか(\d+)件$"), "ja-easy": re.compile(r"^ほかの お知らせ：(\d+)$"),
        "en": re.compile(r"^and (\d+) more notices$")}
HEADER = {"ja": "お知らせ（{n}件）", "ja-easy": "お知らせ（{n}）", "en": "Notices for you ({n}):"}


@pytest.fixture
def app_settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings()


def _message(i: int, text: str, variant: str, subject: str = "") -> Message:
    return Message(recipient="+819012345678", text=text, idempotency_key=f"k{i}", subject=subject, delivery_id=i + 1,
                   meta={"notice": f"n{i}", "variant": variant, "format": "sms", "channel": "sms"})


def _compose(messages: list[Message]) -> str:
    notices = {str(m.meta["notice"]): ({"public_id": m.meta["notice"]}, {}) for m in messages}
    return digest.compose(messages, notices, BASE, digest_url=DIGEST_URL).text


def _parts(text: str, variant: str) -> tuple[str, list[str], int]:
    """(header, shown title lines without their bullets, the "more" count) of a compact digest."""
    lines = text.split("\n")
    assert lines[-1] == DIGEST_URL
    more = MORE[variant].match(lines[-2])
    shown = lines[1:-2] if more else lines[1:-1]
    return lines[0], [line.removeprefix("・").removeprefix("- ") for line in shown], int(more[1]) if more else 0


def _is_whole_prefix(cut: str, title: str) -> bool:
    """``cut`` is ``title`` itself or a prefix of whole tokens (plus an ellipsis)."""
    if cut == title:
        return True
    kept = cut.removesuffix("…").removesuffix("...")
    pieces = tokens(title)
    return any("".join(pieces[:n]).rstrip() == kept for n in range(len(pieces)))


def test_short_digest_keeps_every_notice_text() -> None:
    texts = ["断水のお知らせ\n明日9時から断水します。\nhttps://x.jp/n/a", "給水所の開設\n浦和区役所です。\nhttps://x.jp/n/b"]
    assert _compose([_message(i, t, "ja") for i, t in enumerate(texts)]) == "\n\n".join(texts)


def test_titles_that_do_not_fit_are_counted_and_linked() -> None:
    texts = [f"第{i}回 市民防災フェアのお知らせと会場のご案内\n本文がここに入ります。" * 3 for i in range(40)]
    text = _compose([_message(i, t, "ja") for i, t in enumerate(texts)])
    header, shown, more = _parts(text, "ja")
    assert header == "お知らせ（40件）" and shown and more == 40 - len(shown)
    assert sms_info(text).encoding == UCS2 and sms_info(text).segments <= MAX_SEGMENTS
    assert all(line.startswith("・") for line in text.split("\n")[1:1 + len(shown)])


def test_as_many_titles_as_fit() -> None:
    titles = [f"お知らせ{i}：" + "あ" * (i % 7 * 5) for i in range(60)]
    text = digest_sms.compact("ja", titles, DIGEST_URL)
    _, shown, more = _parts(text, "ja")
    assert sms_info(text).segments <= MAX_SEGMENTS and len(shown) + more == 60
    header = phrase("ja", "digest_header", 60)
    with_next = digest_sms._assemble("ja", header, [*shown, titles[len(shown)]], more - 1, DIGEST_URL)
    assert sms_info(with_next).segments > MAX_SEGMENTS  # the next title would not have fitted


def test_a_long_title_is_cut_between_ruby_groups_and_surrogate_pairs() -> None:
    ruby = "避難所（ひなんじょ）が 開（ひら）きました🙂" * 6
    emoji = "🌀台風🌀" * 30
    text = digest_sms.compact("ja-easy", [ruby, emoji] * 20, DIGEST_URL)
    _, shown, _ = _parts(text, "ja-easy")
    text.encode("utf-16")  # a lone surrogate (half a pair) could not be encoded
    assert shown and all(_is_whole_prefix(cut, title) for cut, title in zip(shown, [ruby, emoji] * 20, strict=False))
    assert all(line.count("（") == line.count("）") for line in shown)


def test_gsm_digest_stays_gsm() -> None:
    titles = [f"Road closure number {i} on the main street near the station" for i in range(80)]
    text = digest_sms.compact("en", titles, DIGEST_URL)
    header, shown, more = _parts(text, "en")
    info = sms_info(text)
    assert (info.encoding, header) == (GSM7, "Notices for you (80):") and info.segments <= MAX_SEGMENTS
    assert text.split("\n")[1].startswith("- ") and more == 80 - len(shown) and len(shown) > 20


def test_a_link_too_long_for_any_sms_is_still_cut_to_fit() -> None:
    text = digest_sms.compact("ja", ["お知らせ"] * 3, "https://x.jp/d/" + "a" * 2000)
    assert sms_info(text).segments <= MAX_SEGMENTS


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=200).map(lambda t: t.replace("\n", " ").strip() or "x"),
                min_size=2, max_size=80),
       st.sampled_from(["ja", "ja-easy", "en"]))
def test_any_titles_fit(titles: list[str], variant: str) -> None:
    text = digest_sms.compact(variant, titles, DIGEST_URL)
    assert sms_info(text).segments <= MAX_SEGMENTS and text.endswith(DIGEST_URL)


def test_page_token_is_signed() -> None:
    token = digest.page_token(SECRET, 42)
    assert digest.leader_of(SECRET, token) == 42 and token.startswith("42-")
    assert digest.leader_of(SECRET, "43" + token[2:]) is None and digest.leader_of("other" + SECRET, token) is None
    assert digest.leader_of(SECRET, "42") is None and digest.leader_of(SECRET, "x-" + token[3:]) is None


async def _rendered(settings: Settings, variant: str) -> list[Rendering]:
    """The long day's notices, then one of each structured type, as SMS renderings in ``variant``."""
    out = []
    for i, data in enumerate([*long_day(), *(example(kind) for kind in EXAMPLES)]):
        pid = f"day{i:04d}abcd"
        [item] = await render_notice(parse_notice(data), settings=settings, variants={variant}, formats={"sms"},
                                     audio=False, notice_url=f"{BASE}/n/{pid}", notice_id=pid)
        out.append(item)
    return out


@pytest.mark.parametrize(("variant", "encoding"), [("ja", UCS2), ("ja-easy", UCS2), ("en", GSM7)])
async def test_a_long_real_digest_fits_in_ten_segments(app_settings: Settings, variant: str, encoding: str) -> None:
    """49 real notices in one evening's digest (sent one by one they need 98 to 326 segments): as many
    titles as fit, then "and N more notices" and the link."""
    renderings = await _rendered(app_settings, variant)
    total = len(renderings)
    alone = sum(int(r.extra["segments"]) for r in renderings)
    text = _compose([_message(i, r.text, variant, r.subject or "") for i, r in enumerate(renderings)])
    info = sms_info(text)
    header, shown, more = _parts(text, variant)
    titles = [digest_sms.title_of(r.text) for r in renderings]
    assert alone > 3 * MAX_SEGMENTS and info.segments <= MAX_SEGMENTS and info.encoding == encoding
    assert header == HEADER[variant].format(n=total) and len(shown) + more == total and len(shown) >= 10 and more
    assert all(_is_whole_prefix(cut, title) for cut, title in zip(shown, titles, strict=False))
    if variant == "ja-easy":  # readings in brackets, as the variant's SMS writes them
        assert any("（" in line for line in shown)


def test_long_digest_segment_counts_by_variant() -> None:
    """The same 37 titles: GSM-7 English holds more of them than UCS-2 Japanese in the same 10 segments."""
    ja = [str(n["title"]) for n in long_day()]
    en = [str(n["translations"]["en"]["title"]) for n in long_day()]
    shown: dict[str, Any] = {}
    for variant, titles in (("ja", ja * 2), ("en", en * 2)):
        text = digest_sms.compact(variant, titles, DIGEST_URL)
        shown[variant] = (_parts(text, variant)[1], sms_info(text).segments)
    assert shown["ja"][1] <= MAX_SEGMENTS and shown["en"][1] <= MAX_SEGMENTS
    assert len(shown["en"][0]) > len(shown["ja"][0]) * 0.9
