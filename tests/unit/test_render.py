"""The renderer: every type in several variants, the JSON contract, fallbacks, limits, personalise()."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from notifier.config import Settings
from notifier.notices.model import NoticeError, parse_notice
from notifier.rendering.render import Rendering, personalise, render_notice
from notifier.rendering.variants import format_day
from tests.notice_examples import EXAMPLES, notice

URL = "http://todoke.test/n/abc123"
SAMPLE_VARIANTS = ("ja", "ja-easy", "en", "zh-Hans", "ko", "ne", "my")


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings()


async def _render(data: dict[str, Any], settings: Settings, **kw: Any) -> dict[tuple[str, str], Rendering]:
    kw.setdefault("audio", False)
    items = await render_notice(parse_notice(data), settings=settings, notice_url=URL, **kw)
    return {(r.variant, r.format): r for r in items}


@pytest.mark.parametrize("kind", sorted(EXAMPLES))
async def test_every_type_renders_in_every_sampled_variant(kind: str, settings: Settings) -> None:
    out = await _render(notice(kind), settings, variants=SAMPLE_VARIANTS, formats=["page", "webhook", "sms"])
    english = out[("en", "page")].subject
    for variant in SAMPLE_VARIANTS:
        page = out[(variant, "page")]
        assert page.subject and page.text and page.html
        assert "[[" not in page.text and "{{" not in page.text
        if variant not in ("en", "ja") and kind != "general":
            assert page.subject != english, f"{variant} title is not translated"
        hook = json.loads(out[(variant, "webhook")].text)
        assert {"id", "type", "urgency", "areas", "title", "body", "params", "variant"} <= set(hook)
        assert hook["variant"] == variant and hook["type"] == kind
        assert 1 <= out[(variant, "sms")].extra["segments"] <= 10


async def test_dates_places_and_areas_follow_the_variant(settings: Settings) -> None:
    out = await _render(notice("evacuation"), settings, variants=["ja-easy", "en", "ko", "vi", "zh-Hant", "th"],
                        formats=["line", "webhook"])
    assert "2026年11月24日（火曜日） 午後3時30分" in json.loads(out[("ja-easy", "webhook")].text)["body"]
    assert "大宮区（おおみやく）" in out[("ja-easy", "line")].text  # easy Japanese text carries readings
    en = out[("en", "line")].text
    assert "November 24, 2026" in en and "Omiya Elementary School" in en and "Omiya-ku" in en
    assert "오미야 초등학교" in out[("ko", "line")].text  # the place's own Korean name
    assert "오후 3:30" in out[("ko", "line")].text and "PM" not in out[("ko", "line")].text  # not CLDR's "PM 3:30"
    vi = out[("vi", "line")].text
    assert "(見沼区役所)" in vi and "Omiya Elementary School" in vi  # romaji where no name is given
    assert "大宮区" in out[("zh-Hant", "line")].text  # Chinese readers get the kanji
    th = out[("th", "line")].text
    assert "24 พฤศจิกายน พ.ศ. 2569" in th and "2026" not in th  # the Buddhist era, as Thai notices count years
    assert format_day(date(2026, 12, 2), "medium", "th") == "2 ธ.ค. 2569"  # the notice list's short date too
    assert format_day(date(2026, 12, 2), "medium", "en") == "Dec 2, 2026"


async def test_json_contract_per_format(settings: Settings) -> None:
    out = await _render(notice("earthquake", urgency="emergency"), settings, variants=["ja", "ja-easy", "en"])
    assert len(out) == 3 * 7
    for (variant, fmt), rendering in out.items():
        data = rendering.as_json()
        assert {"variant", "format", "subject", "text"} <= set(data)
        assert ("html" in data) == (fmt in ("email", "page"))
        assert ("readability" in data) == (variant in ("ja", "ja-easy"))
        if fmt in ("sms", "sms-short"):
            assert data["encoding"] in ("GSM-7", "UCS-2") and data["segments"] >= 1
        if fmt == "voice":
            assert data["ssml"].startswith("<speak") and "audio" in data
    assert out[("ja", "email")].extra["readability"]["score"] > 0
    short = out[("en", "sms-short")]
    assert short.extra["segments"] == 1 and URL in short.text
    assert "Protect your head" in short.text  # the emergency key point


async def test_free_text_without_translation_gets_easy_japanese_under_a_header(settings: Settings) -> None:
    data = {"title": "断水のお知らせ", "body": "11月24日に断水します。", "topics": ["water"]}
    out = await _render(data, settings, variants=["ja", "en", "th"], formats=["email", "page"])
    assert out[("ja", "email")].text.startswith("断水のお知らせ")
    en = out[("en", "email")]
    assert "has not been translated into your language" in en.text and "断水" in en.text
    assert en.extra["note"] and 'lang="ja"' in out[("en", "page")].html
    assert "ภาษาญี่ปุ่นแบบง่าย" in out[("th", "page")].text


async def test_given_translations_are_used(settings: Settings) -> None:
    data = {"title": "断水", "body": "11月24日に断水します。", "topics": ["water"],
            "translations": {"en": {"title": "Water outage", "body": "No water on 24 November."}}}
    out = await _render(data, settings, variants=["en"], formats=["line", "sms"])
    assert out[("en", "line")].text.startswith("Water outage\n\nNo water on 24 November.")
    assert "note" not in out[("en", "line")].extra
    assert out[("en", "sms")].extra["encoding"] == "GSM-7"


async def test_emoji_switches_sms_to_ucs2(settings: Settings) -> None:
    data = {"title": "x", "body": "y", "topics": ["traffic"],
            "translations": {"en": {"title": "Road closed", "body": "Main street is closed \U0001F6A7 today."}}}
    out = await _render(data, settings, variants=["en"], formats=["sms"])
    assert out[("en", "sms")].extra["encoding"] == "UCS-2"


async def test_long_bodies_fit_the_channel_limits(settings: Settings) -> None:
    data = {"title": "長いお知らせ", "body": "市内の道路工事について。" * 800, "topics": ["traffic"]}
    out = await _render(data, settings, variants=["ja"], formats=["sms", "line"])
    assert out[("ja", "sms")].extra["segments"] <= 10
    assert len(out[("ja", "line")].text) <= 5000 and out[("ja", "line")].text.endswith(URL)


async def test_markup_in_text_is_escaped_in_html(settings: Settings) -> None:
    data = {"title": "<b>お知らせ</b>", "body": "<script>alert(1)</script>です。", "topics": ["events"]}
    out = await _render(data, settings, variants=["ja"], formats=["page", "email"])
    for fmt in ("page", "email"):
        html = out[("ja", fmt)].html or ""
        assert "<script>" not in html and "&lt;script&gt;" in html


async def test_unknown_variant_or_format_is_named(settings: Settings) -> None:
    with pytest.raises(NoticeError) as err:
        await _render(notice("garbage"), settings, variants=["fr"])
    assert err.value.field == "variant"
    with pytest.raises(NoticeError) as err:
        await _render(notice("garbage"), settings, formats=["fax"])
    assert err.value.field == "format"


async def test_personalise_substitutes_links_once_rendered(settings: Settings) -> None:
    out = await _render(notice("garbage"), settings, variants=["en"], formats=["email"])
    email = out[("en", "email")]
    manage, unsubscribe = "https://x.test/m?t=a&b=1", "https://x.test/u?t=z"
    mine = personalise(email, manage_url=manage, unsubscribe_url=unsubscribe)
    assert manage in mine.text and "[[" not in mine.text
    assert mine.html and "https://x.test/m?t=a&amp;b=1" in mine.html and "[[MANAGE_URL]]" not in mine.html
    assert mine.extra["headers"] == {"List-Unsubscribe": f"<{unsubscribe}>",
                                     "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    assert "[[MANAGE_URL]]" in email.text  # the shared rendering is untouched
