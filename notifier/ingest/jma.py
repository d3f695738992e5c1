"""JMA 防災情報XML in: warnings, landslide alerts, river floods, tornado watches, heat-stroke alerts
and earthquakes (``jma_quake``), filtered to さいたま市.

Decisions: a tornado watch (竜巻注意情報, VPHW50/51) is ``weather_warning`` phenomenon ``storm``
(it warns of 突風, the nearest of our phenomena), level ``advisory`` but urgency ``urgent`` because
it is valid for one hour only. Warning messages become a notice only when a warning is newly issued
or raised for the city (``発表``, ``注意報から警報`` …); a message that only continues or lifts
warnings is skipped with that reason. Message kinds we do not relay (volcano, tsunami, record
rainfall …) are skipped with the kind named.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any

from lxml import etree

from notifier.ingest import areas, jma_quake
from notifier.ingest.base import IngestError, IngestSkip, Parsed
from notifier.ingest.xml import child, children, descendants, local, namespace, text

JMX = "http://xml.kishou.go.jp/jmaxml1/"
NEW_STATUSES = ("発表", "注意報から警報", "警報から特別警報", "注意報から特別警報")
PHENOMENA = (("土砂", "landslide"), ("大雨", "heavy_rain"), ("洪水", "flood"), ("暴風雪", "storm"),
             ("暴風", "storm"), ("強風", "storm"), ("大雪", "heavy_snow"), ("風雪", "heavy_snow"),
             ("雷", "thunder"), ("高温", "high_temperature"))
LEVEL_ORDER = ("advisory", "warning", "special_warning")
RIVER_LEVELS = {"氾濫注意情報": ("advisory", "normal"), "氾濫警戒情報": ("warning", "urgent"),
                "氾濫危険情報": ("warning", "emergency"), "氾濫発生情報": ("warning", "emergency")}


class Message:
    """The Control and Head parts every JMA message shares."""

    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self.control = _required(root, "Control")
        self.head = _required(root, "Head")
        self.body = child(root, "Body")
        self.title = text(self.control, "Title")
        self.office = text(self.control, "EditorialOffice")
        self.head_title = text(self.head, "Title")
        self.info_type = text(self.head, "InfoType")
        self.event_id = text(self.head, "EventID")
        self.reported = text(self.head, "ReportDateTime")
        self.target_time = text(self.head, "TargetDateTime") or self.reported
        self.headline = text(child(self.head, "Headline"), "Text")

    @property
    def identifier(self) -> str:
        key = "|".join((text(self.control, "DateTime"), self.office, self.title, self.head_title,
                        self.event_id, self.info_type, text(self.head, "Serial")))
        return key if len(key) <= 200 else hashlib.sha256(key.encode()).hexdigest()

    @property
    def thread(self) -> str:
        return f"{self.office}|{text(self.head, 'InfoKind')}|{self.event_id or self.head_title}"

    def skip(self, reason: str) -> IngestSkip:
        return IngestSkip(f"{self.title}: {reason}", source="jma", identifier=self.identifier)

    def parsed(self, notice: dict[str, Any], **meta: Any) -> Parsed:
        kind = {"取消": "cancel", "訂正": "update"}.get(self.info_type, "new")
        return Parsed(source="jma", identifier=self.identifier, notice=notice, kind=kind, thread=self.thread,
                      meta={"title": self.head_title, "office": self.office, **meta})


def is_jma(root: etree._Element) -> bool:
    return local(root) == "Report" and namespace(root) == JMX


def parse(root: etree._Element) -> Parsed:
    """A JMA message → ``Parsed``; ``IngestSkip`` for other regions and kinds we do not relay."""
    msg = Message(root)
    status = text(msg.control, "Status")
    if status != "通常":
        raise msg.skip(f"status {status}: only 通常 (real) messages become notices")
    if msg.info_type == "取消":
        return msg.parsed({"type": "general", "params": {"title": f"{msg.head_title}（取消）",
                                                          "body": msg.headline or _body_text(msg)}})
    handler = _handler(msg.title)
    if handler is None:
        raise msg.skip("this kind of message is not relayed as a notice (not one of: weather warnings, "
                       "landslide alerts, designated-river floods, tornado watches, heat-stroke alerts, "
                       "earthquake intensity)")
    return handler(msg)


def _handler(title: str) -> Any:
    if title.startswith(("気象警報・注意報", "気象特別警報・警報・注意報", "気象特別警報報知")):
        return _weather_warning
    if title == "土砂災害警戒情報":
        return _landslide
    if title.startswith("指定河川洪水予報"):
        return _river_flood
    if title.startswith("竜巻注意情報"):
        return _tornado
    if title.startswith(("熱中症警戒アラート", "熱中症特別警戒アラート")):
        return _heat_stroke
    if title in ("震度速報", "震源・震度に関する情報", "震源に関する情報"):
        return lambda msg: jma_quake.parse(msg)
    return None


def _required(root: etree._Element, name: str) -> etree._Element:
    found = child(root, name)
    if found is None:
        raise IngestError("is missing", element=f"Report/{name}")
    return found


def _body_text(msg: Message) -> str:
    return text(msg.body, "Text") if msg.body is not None else msg.head_title


def city_items(container: etree._Element | None, suffix: str) -> list[etree._Element]:
    """``Item`` elements of the ``Warning``/``Information`` whose type ends in ``suffix``, for the city."""
    if container is None:
        return []
    found = []
    for block in children(container, "Warning") + children(container, "Information"):
        if not block.get("type", "").endswith(suffix):
            continue
        for item in children(block, "Item"):
            codes = [text(a, "Code") for a in descendants(item, "Area")]
            if any(areas.wards_for_jma(c) for c in codes):
                found.append(item)
    return found


def _kinds(item: etree._Element) -> list[tuple[str, str]]:
    """(name, status) of each Kind; a Headline Kind has a Condition instead of a Status."""
    return [(text(k, "Name"), text(k, "Status") or text(k, "Condition") or "発表") for k in children(item, "Kind")]


def _item_wards(items: list[etree._Element]) -> frozenset[str]:
    found: set[str] = set()
    for item in items:
        for area in descendants(item, "Area"):
            found |= areas.wards_for_jma(text(area, "Code"))
    return frozenset(found)


def _phenomenon(name: str) -> str:
    return next((p for word, p in PHENOMENA if word in name), "other")


def _level(name: str) -> str:
    if "特別警報" in name:
        return "special_warning"
    return "warning" if "警報" in name else "advisory"


def _weather_warning(msg: Message) -> Parsed:
    items = city_items(msg.body, "（市町村等）") or city_items(child(msg.head, "Headline"), "（市町村等）")
    if not items:
        raise msg.skip("さいたま市 is not among the areas of this message (other region)")
    kinds = [(n, s) for item in items for n, s in _kinds(item) if n and s in NEW_STATUSES]
    if not kinds:
        raise msg.skip("no warning or advisory is newly issued or raised for さいたま市 (continued or lifted only)")
    name = max((n for n, _ in kinds), key=lambda n: LEVEL_ORDER.index(_level(n)))
    level = _level(name)
    urgency = {"special_warning": "emergency", "warning": "urgent", "advisory": "normal"}[level]
    params = {"phenomenon": _phenomenon(name), "level": level, "issued_at": msg.reported, "source": "気象庁",
              "details": "、".join(dict.fromkeys(n for n, _ in kinds))}
    return msg.parsed(_notice("weather_warning", params, urgency, "weather", _item_wards(items)),
                      warnings=[n for n, _ in kinds])


def _landslide(msg: Message) -> Parsed:
    items = city_items(msg.body, "土砂災害警戒情報")
    issued = [(n, s) for item in items for n, s in _kinds(item) if s in ("発表",)]
    if not items:
        raise msg.skip("さいたま市 is not among the areas of this message (other region)")
    if not issued:
        raise msg.skip("土砂災害警戒情報 is not newly issued for さいたま市")
    params = {"phenomenon": "landslide", "level": "landslide_alert", "issued_at": msg.reported,
              "source": "気象庁", "details": msg.headline}
    return msg.parsed(_notice("weather_warning", params, "emergency", "disaster", _item_wards(items)))


def _river_flood(msg: Message) -> Parsed:
    wards: set[str] = set()
    for area in descendants(msg.body, "Area") if msg.body is not None else []:
        if "さいたま市" in text(area, "City"):
            wards |= areas.ALL_WARDS  # the flooded districts are named in prose, not by ward
        wards |= areas.wards_for_jma(text(area, "CityCode"))
    if not wards:
        raise msg.skip("no district of さいたま市 is in the expected flood area (other river)")
    name = next((text(k, "Name") for k in descendants(msg.head, "Kind") if text(k, "Name") in RIVER_LEVELS), "")
    level, urgency = RIVER_LEVELS.get(name, ("warning", "urgent"))
    params = {"phenomenon": "flood", "level": level, "issued_at": msg.reported, "source": "気象庁",
              "details": f"{msg.head_title}\n{msg.headline}".strip()}
    return msg.parsed(_notice("weather_warning", params, urgency, "disaster", wards))


def _tornado(msg: Message) -> Parsed:
    items = city_items(child(msg.head, "Headline"), "（市町村等）")
    active = [item for item in items if any(s == "発表" for _, s in _kinds(item))]
    if not active:
        raise msg.skip("さいたま市 is not among the areas of this tornado watch (other region or lifted)")
    params = {"phenomenon": "storm", "level": "advisory", "issued_at": msg.reported, "source": "気象庁",
              "details": msg.headline}
    return msg.parsed(_notice("weather_warning", params, "urgent", "weather", _item_wards(active)),
                      valid_until=text(msg.head, "ValidDateTime"))


def _heat_stroke(msg: Message) -> Parsed:
    # Prefecture-wide: the alert names the prefecture in its title, not by area code.
    if not msg.head_title.startswith("埼玉県"):
        raise msg.skip(f"issued for another prefecture ({msg.head_title})")
    params: dict[str, Any] = {"date": msg.target_time[:10],
                              "level": "special_alert" if "特別" in msg.title else "alert"}
    wbgt = _wbgt(_body_text_all(msg))
    if wbgt is not None:
        params["wbgt"] = wbgt
    return msg.parsed(_notice("heat_stroke", params, "urgent", "health", areas.ALL_WARDS))


def _body_text_all(msg: Message) -> str:
    return "\n".join(t.text or "" for t in descendants(msg.body, "Text")) if msg.body is not None else ""


def _wbgt(body: str) -> int | None:
    """The forecast daily maximum WBGT at さいたま (``さいたま３３``), digits in any width."""
    match = re.search(r"さいたま(\d+)", unicodedata.normalize("NFKC", body))
    return int(match.group(1)) if match else None


def _notice(kind: str, params: dict[str, Any], urgency: str, topic: str, wards: Any) -> dict[str, Any]:
    return {"type": kind, "params": params, "urgency": urgency, "topics": [topic],
            "areas": areas.as_notice_areas(wards)}
