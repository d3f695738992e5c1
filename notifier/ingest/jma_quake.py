"""JMA earthquake messages: 震度速報 (VXSE51), 震源に関する情報 (VXSE52), 震源・震度に関する情報 (VXSE53).

The notice carries the highest intensity observed in the city: per ward from the 市町村 level
(JMA code = JIS + "00"), else from the region 埼玉県南部 (331), which covers every ward.
"""

from __future__ import annotations

import math
import unicodedata
from typing import TYPE_CHECKING, Any

from lxml import etree

from notifier.ingest import areas
from notifier.ingest.xml import child, children, descendants, text

if TYPE_CHECKING:
    from notifier.ingest.base import Parsed
    from notifier.ingest.jma import Message

INTENSITIES = ("1", "2", "3", "4", "5-", "5+", "6-", "6+", "7")
URGENCY = {"5-": "emergency", "5+": "emergency", "6-": "emergency", "6+": "emergency", "7": "emergency",
           "4": "urgent"}


def parse(msg: Message) -> Parsed:
    observation = _observation(msg.body)
    if observation is None:
        raise msg.skip("no intensity observation in the message (hypocentre only)")
    by_ward = _ward_intensities(observation)
    if not by_ward:
        raise msg.skip("no intensity observed in さいたま市 (other region)")
    intensity = max(by_ward.values(), key=INTENSITIES.index)
    params: dict[str, Any] = {"intensity": intensity, "occurred_at": _origin_time(msg)}
    params.update(_hypocentre(msg.body))
    notice = {"type": "earthquake", "params": params, "urgency": URGENCY.get(intensity, "normal"),
              "topics": ["disaster"], "areas": areas.as_notice_areas(by_ward)}
    return msg.parsed(notice, intensity_by_ward=dict(sorted(by_ward.items())))


def _observation(body: etree._Element | None) -> etree._Element | None:
    if body is None:
        return None
    intensity = child(body, "Intensity")
    return child(intensity, "Observation") if intensity is not None else None


def _ward_intensities(observation: etree._Element) -> dict[str, str]:
    by_ward: dict[str, str] = {}
    for pref in children(observation, "Pref"):
        for area in children(pref, "Area"):
            for city in children(area, "City"):
                for ward in areas.wards_for_jma(text(city, "Code")):
                    by_ward[ward] = _intensity(text(city, "MaxInt"))
            if text(area, "Code") == areas.SEISMIC_REGION and not by_ward:
                by_ward = dict.fromkeys(areas.ALL_WARDS, _intensity(text(area, "MaxInt")))
    return {ward: value for ward, value in by_ward.items() if value}


def _intensity(value: str) -> str:
    value = unicodedata.normalize("NFKC", value).replace("弱", "-").replace("強", "+")
    return value if value in INTENSITIES else ""


def _origin_time(msg: Message) -> str:
    earthquake = child(msg.body, "Earthquake") if msg.body is not None else None
    return text(earthquake, "OriginTime") or msg.target_time


def _hypocentre(body: etree._Element | None) -> dict[str, Any]:
    earthquake = child(body, "Earthquake") if body is not None else None
    if earthquake is None:
        return {}
    out: dict[str, Any] = {}
    names = [text(a, "Name") for a in descendants(earthquake, "Area") if text(a, "Name")]
    if names:
        out["epicenter"] = names[0]
    magnitude = next(iter(descendants(earthquake, "Magnitude")), None)
    try:
        value = float(text(magnitude))
    except ValueError:
        return out
    if math.isfinite(value):  # "NaN": JMA could not determine it (M不明)
        out["magnitude"] = value
    return out
