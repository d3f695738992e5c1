"""Structured notice types (docs/notice-types.md): typed, validated params, default urgency and topic.

The wording of each type lives in ``templates/notices/<key>.txt``; this package only knows
what a type needs and how urgent it is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from notifier.notices.model import NoticeError
from notifier.rendering.types import params as p


@dataclass(frozen=True)
class NoticeType:
    key: str
    name_ja: str
    params: tuple[p.Param, ...]
    topic: str | None  # None: the notice's own topics (``general``)
    urgency: Callable[[Mapping[str, Any]], str]

    def validate(self, given: Mapping[str, Any]) -> dict[str, Any]:
        known = {param.name for param in self.params}
        unknown = sorted(set(given) - known)
        if unknown:
            raise NoticeError(f"params.{unknown[0]}",
                              f"is not a param of {self.key} (known: {', '.join(sorted(known))})")
        out: dict[str, Any] = {}
        for param in self.params:
            value = given.get(param.name)
            if value is None or value == "":
                if param.required:
                    raise NoticeError(f"params.{param.name}", f"is required for {self.key}")
                if param.default is not None:
                    out[param.name] = param.default
                continue
            out[param.name] = param.check(value, f"params.{param.name}")
        return out


def _fixed(urgency: str) -> Callable[[Mapping[str, Any]], str]:
    return lambda params: urgency


def _by(name: str, table: Mapping[Any, str], other: str) -> Callable[[Mapping[str, Any]], str]:
    return lambda params: table.get(params.get(name), other)


PLACES = p.places()
_TYPES = (
    NoticeType("evacuation", "避難情報", (
        p.Param("level", p.level(3, 4, 5), required=True),
        p.Param("issued_at", p.moment, required=True),
        p.Param("hazard", p.choice("heavy_rain", "flood", "landslide", "storm_surge", "tsunami", "earthquake",
                                   "other")),
        p.Param("target", p.text(300)),
        p.Param("shelters", PLACES),
    ), "disaster", _by("level", {3: "urgent"}, "emergency")),
    NoticeType("shelter", "避難所の開設・閉鎖", (
        p.Param("action", p.choice("open", "close"), required=True),
        p.Param("shelters", p.places(minimum=1), required=True),
        p.Param("issued_at", p.moment, required=True),
    ), "disaster", _fixed("urgent")),
    NoticeType("weather_warning", "気象警報・注意報", (
        p.Param("phenomenon", p.choice("heavy_rain", "flood", "storm", "heavy_snow", "thunder", "high_temperature",
                                       "landslide", "other"), required=True),
        p.Param("level", p.choice("advisory", "warning", "special_warning", "landslide_alert"), required=True),
        p.Param("issued_at", p.moment, required=True),
        p.Param("source", p.text(100), default="気象庁"),
        p.Param("details", p.text(2000)),
    ), "weather", _by("level", {"advisory": "normal", "special_warning": "emergency"}, "urgent")),
    NoticeType("earthquake", "地震情報", (
        p.Param("intensity", p.choice("1", "2", "3", "4", "5-", "5+", "6-", "6+", "7"), required=True),
        p.Param("occurred_at", p.moment, required=True),
        p.Param("epicenter", p.text(100)),
        p.Param("magnitude", p.number(0, 10)),
        p.Param("tsunami", p.choice("none", "advisory", "warning", "major_warning")),
    ), "disaster", _by("intensity", {"4": "urgent", "5-": "emergency", "5+": "emergency", "6-": "emergency",
                                     "6+": "emergency", "7": "emergency"}, "normal")),
    NoticeType("heat_stroke", "熱中症警戒アラート", (
        p.Param("date", p.day, required=True),
        p.Param("level", p.choice("alert", "special_alert"), default="alert"),
        p.Param("wbgt", p.number(0, 50)),
    ), "health", _fixed("urgent")),
    NoticeType("water_outage", "断水", (
        p.Param("start", p.moment, required=True),
        p.Param("end", p.moment),
        p.Param("reason", p.choice("construction", "accident", "disaster", "other"), required=True),
        p.Param("supply_points", PLACES),
        p.Param("details", p.text(2000)),
    ), "water", _fixed("urgent")),
    NoticeType("health", "感染症・予防接種", (
        p.Param("kind", p.choice("infection", "vaccination"), required=True),
        p.Param("disease", p.text(100), required=True),
        p.Param("details", p.text(2000)),
        p.Param("contact_phone", p.phone),
    ), "health", _fixed("normal")),
    NoticeType("garbage", "ごみ収集の変更", (
        p.Param("date", p.day, required=True),
        p.Param("change", p.choice("cancelled", "moved", "extra"), required=True),
        p.Param("kind", p.choice("burnable", "non_burnable", "recyclable", "bulky", "all"), default="all"),
        p.Param("new_date", p.day),
        p.Param("details", p.text(2000)),
    ), "garbage", _fixed("info")),
    NoticeType("road_closure", "通行止め", (
        p.Param("road", p.text(100), required=True),
        p.Param("start", p.moment, required=True),
        p.Param("end", p.moment),
        p.Param("section", p.text(200)),
        p.Param("reason", p.text(200)),
        p.Param("detour", p.text(300)),
    ), "traffic", _fixed("normal")),
    NoticeType("crime", "特殊詐欺・不審者", (
        p.Param("kind", p.choice("fraud", "suspicious_person", "other"), required=True),
        p.Param("occurred_at", p.moment, required=True),
        p.Param("place", p.text(200)),
        p.Param("description", p.text(2000)),
        p.Param("contact_phone", p.phone, default="110"),
    ), "crime", _fixed("normal")),
    NoticeType("event", "イベント", (
        p.Param("name", p.text(200), required=True),
        p.Param("start", p.moment, required=True),
        p.Param("end", p.moment),
        p.Param("place", p.place),
        p.Param("details", p.text(2000)),
        p.Param("url", p.url),
    ), "events", _fixed("info")),
    NoticeType("general", "お知らせ", (
        p.Param("title", p.text(200), required=True),
        p.Param("body", p.text(10_000), required=True),
    ), None, _fixed("normal")),
)

NOTICE_TYPES: dict[str, NoticeType] = {t.key: t for t in _TYPES}


def validate_params(kind: str, params: dict[str, Any]) -> dict[str, Any]:
    """Validated params for a structured type; ``NoticeError`` names the bad param."""
    notice_type = NOTICE_TYPES.get(kind)
    if notice_type is None:
        known = ", ".join(sorted(NOTICE_TYPES)) or "none yet"
        raise NoticeError("type", f"unknown notice type {kind!r} (known: {known})")
    return dict(notice_type.validate(params))


def default_urgency(kind: str, params: Mapping[str, Any]) -> str:
    """The urgency a type implies (docs/notice-types.md); ``normal`` for free text."""
    notice_type = NOTICE_TYPES.get(kind)
    return notice_type.urgency(params) if notice_type else "normal"


def default_topic(kind: str) -> str | None:
    notice_type = NOTICE_TYPES.get(kind)
    return notice_type.topic if notice_type else None
