"""One valid notice per structured type, for the renderer's tests (dates in Japan time)."""

from __future__ import annotations

from typing import Any

SHELTER = {"name": "大宮小学校", "name_en": "Omiya Elementary School", "names": {"ko": "오미야 초등학교"}}

EXAMPLES: dict[str, dict[str, Any]] = {
    "evacuation": {"level": 4, "issued_at": "2026-11-24T15:30:00+09:00", "hazard": "flood",
                   "target": "見沼区の川沿いの住宅", "shelters": [SHELTER, {"name": "見沼区役所"}]},
    "shelter": {"action": "open", "shelters": [SHELTER], "issued_at": "2026-11-24T15:30:00+09:00"},
    "weather_warning": {"phenomenon": "heavy_rain", "level": "warning", "issued_at": "2026-07-01T06:10:00+09:00"},
    "earthquake": {"intensity": "5+", "occurred_at": "2026-03-02T04:05:00+09:00", "epicenter": "埼玉県南部",
                   "magnitude": 5.4, "tsunami": "none"},
    "heat_stroke": {"date": "2026-08-03", "level": "special_alert", "wbgt": 33.5},
    "water_outage": {"start": "2026-11-24T09:00:00+09:00", "end": "2026-11-24T15:00:00+09:00",
                     "reason": "construction", "supply_points": [{"name": "浦和区役所"}]},
    "health": {"kind": "vaccination", "disease": "インフルエンザ", "contact_phone": "048-840-2218"},
    "garbage": {"date": "2026-12-31", "change": "moved", "kind": "burnable", "new_date": "2027-01-04"},
    "road_closure": {"road": "国道17号", "start": "2026-11-24T22:00:00+09:00", "section": "浦和区高砂",
                     "reason": "工事のため", "detour": "県道を利用してください"},
    "crime": {"kind": "fraud", "occurred_at": "2026-11-20T14:00:00+09:00", "place": "南区"},
    "event": {"name": "大宮さくらまつり", "start": "2026-04-04T10:00:00+09:00", "place": {"name": "大宮公園"},
              "url": "https://www.city.saitama.lg.jp/"},
    "general": {"title": "窓口の受付時間", "body": "年末年始は区役所の窓口を休みます。"},
}


def notice(kind: str, **extra: Any) -> dict[str, Any]:
    """Notice JSON of ``kind`` with its example params."""
    return {"type": kind, "params": EXAMPLES[kind], "topics": ["disaster"], "areas": ["11103"], **extra}
