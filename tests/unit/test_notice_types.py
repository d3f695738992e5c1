"""Structured notice types: validation of params (each bad input named) and defaults."""

from __future__ import annotations

from typing import Any

import pytest

from notifier.notices.model import NoticeError, parse_notice
from notifier.rendering.types import NOTICE_TYPES, default_topic, default_urgency, validate_params
from tests.notice_examples import EXAMPLES, notice


def test_the_twelve_documented_types_exist() -> None:
    assert set(NOTICE_TYPES) == set(EXAMPLES)
    assert len(NOTICE_TYPES) == 12


@pytest.mark.parametrize("kind", sorted(EXAMPLES))
def test_every_example_validates(kind: str) -> None:
    parsed = parse_notice(notice(kind))
    assert parsed.type == kind
    assert set(parsed.params) >= {name for name, value in EXAMPLES[kind].items() if value is not None}


def test_unknown_type_is_named() -> None:
    with pytest.raises(NoticeError) as err:
        parse_notice({"type": "tornado", "params": {}, "topics": ["disaster"]})
    assert err.value.field == "type" and "tornado" in err.value.message


@pytest.mark.parametrize(("kind", "params", "field", "reason"), [
    ("evacuation", {"issued_at": "2026-11-24T15:30:00+09:00"}, "params.level", "required"),
    ("evacuation", {"level": 2, "issued_at": "2026-11-24T15:30:00+09:00"}, "params.level", "one of 3, 4, 5"),
    ("evacuation", {"level": 4, "issued_at": "2026-11-24T15:30:00"}, "params.issued_at", "time zone"),
    ("shelter", {"action": "open", "shelters": [], "issued_at": "2026-11-24T15:30:00+09:00"}, "params.shelters",
     "between 1"),
    ("shelter", {"action": "open", "shelters": [{"name_en": "x"}], "issued_at": "2026-11-24T15:30:00+09:00"},
     "params.shelters.0.name", "required"),
    ("earthquake", {"intensity": "8", "occurred_at": "2026-03-02T04:05:00+09:00"}, "params.intensity", "one of"),
    ("earthquake", {"intensity": "4", "occurred_at": "2026-03-02T04:05:00+09:00", "magnitude": "big"},
     "params.magnitude", "number"),
    ("heat_stroke", {"date": "2026-02-30"}, "params.date", "YYYY-MM-DD"),
    ("health", {"kind": "infection", "disease": "x", "contact_phone": "call me"}, "params.contact_phone", "phone"),
    ("event", {"name": "x", "start": "2026-04-04T10:00:00+09:00", "url": "javascript:alert(1)"}, "params.url",
     "http"),
    ("garbage", {"date": "2026-12-31", "change": "moved", "colour": "red"}, "params.colour", "not a param"),
    ("general", {"title": "x", "body": "\x00\x01 \u200b"}, "params.body", "empty"),
])
def test_bad_params_are_named_with_the_reason(kind: str, params: dict[str, Any], field: str, reason: str) -> None:
    with pytest.raises(NoticeError) as err:
        validate_params(kind, params)
    assert err.value.field == field
    assert reason in err.value.message


def test_free_text_body_limits_and_cleaning() -> None:
    base = {"title": "お知らせ", "topics": ["events"]}
    with pytest.raises(NoticeError) as err:
        parse_notice({**base, "body": "あ" * 10_001})
    assert err.value.field == "body" and "10000" in err.value.message
    cleaned = parse_notice({**base, "body": "避難\x07所を\u202e開設\x00しました"})
    assert cleaned.body == "避難所を開設しました"
    with pytest.raises(NoticeError) as err:
        parse_notice({**base, "body": "\x01\x02\u200b  "})
    assert err.value.field == "body" and "empty" in err.value.message


def test_default_urgency_and_topic_follow_the_table() -> None:
    assert default_urgency("evacuation", {"level": 3}) == "urgent"
    assert default_urgency("evacuation", {"level": 5}) == "emergency"
    assert default_urgency("earthquake", {"intensity": "5-"}) == "emergency"
    assert default_urgency("earthquake", {"intensity": "3"}) == "normal"
    assert default_urgency("weather_warning", {"level": "advisory"}) == "normal"
    assert default_urgency("free", {}) == "normal"
    assert default_topic("water_outage") == "water" and default_topic("general") is None
