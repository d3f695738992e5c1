"""Every sent notice as a CAP 1.2 alert (valid against the OASIS schema) for broadcasters and aggregators."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from lxml import etree

from notifier.ingest.cap import CAP12
from notifier.storage.reference import AREAS

CAP_MEDIA_TYPE = "application/cap+xml"
LANGUAGES = {"ja": "ja-JP", "ja-easy": "ja-JP-x-easy", "en": "en-US", "pt-BR": "pt-BR"}
CATEGORY = {"disaster": "Safety", "weather": "Met", "health": "Health", "crime": "Security", "traffic": "Transport",
            "water": "Infra", "garbage": "Env"}
URGENCY = {"emergency": "Immediate", "urgent": "Expected", "normal": "Future", "info": "Unknown"}
SEVERITY = {"emergency": "Extreme", "urgent": "Severe", "normal": "Moderate", "info": "Minor"}
WARD_NAMES = {a.code: a.name_ja for a in AREAS}


def identifier(base_url: str, public_id: str) -> str:
    return f"urn:todoke:{urlsplit(base_url).hostname or 'localhost'}:{public_id}"


def sender(base_url: str) -> str:
    return f"todoke@{urlsplit(base_url).hostname or 'localhost'}"


def cap_time(value: datetime, tz: ZoneInfo) -> str:
    """CAP wants an explicit offset, never ``Z``."""
    return value.astimezone(tz).replace(microsecond=0).isoformat()


def notice_texts(notice: dict[str, Any], rendered: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """variant → (headline, description): renderings if stored, else the notice's own text."""
    if rendered:
        return rendered
    params = notice.get("params") or {}
    title = notice.get("title") or params.get("title") or _type_name(notice["type"])
    body = notice.get("body") or params.get("body") or "\n".join(f"{k}: {v}" for k, v in params.items())
    out = {"ja": (title, body)}
    for variant, text in (notice.get("translations") or {}).items():
        out.setdefault(variant, (text["title"], text["body"]))
    return out


def build(notice: dict[str, Any], texts: dict[str, tuple[str, str]], *, base_url: str, city_name: str,
          tz: ZoneInfo, related_public_id: str | None = None) -> bytes:
    """The CAP 1.2 document of one sent notice (elements in the schema's order)."""
    alert = etree.Element(f"{{{CAP12}}}alert", nsmap={None: CAP12})
    sent_at = notice.get("sent_at") or notice["updated_at"]
    _add(alert, "identifier", identifier(base_url, notice["public_id"]))
    _add(alert, "sender", sender(base_url))
    _add(alert, "sent", cap_time(sent_at, tz))
    _add(alert, "status", "Actual")
    _add(alert, "msgType", {"update": "Update", "cancel": "Cancel"}.get(notice.get("relation") or "", "Alert"))
    _add(alert, "scope", "Public")
    if related_public_id and notice.get("relation") in ("update", "cancel"):
        # CAP references are "sender,identifier,sent"; the earlier sent time is not kept, so ours is used.
        _add(alert, "references", f"{sender(base_url)},{identifier(base_url, related_public_id)},"
                                   f"{cap_time(sent_at, tz)}")
    for variant, (headline, description) in texts.items():
        _info(alert, notice, variant, headline, description, base_url=base_url, city_name=city_name, tz=tz)
    return bytes(etree.tostring(alert, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _info(alert: etree._Element, notice: dict[str, Any], variant: str, headline: str, description: str, *,
          base_url: str, city_name: str, tz: ZoneInfo) -> None:
    info = _add(alert, "info")
    _add(info, "language", LANGUAGES.get(variant, variant))
    for category in dict.fromkeys(CATEGORY.get(t, "Other") for t in (notice.get("topics") or ["other"])):
        _add(info, "category", category)
    _add(info, "event", _type_name(notice["type"]))
    _add(info, "urgency", URGENCY[notice["urgency"]])
    _add(info, "severity", SEVERITY[notice["urgency"]])
    _add(info, "certainty", "Observed" if notice["urgency"] == "emergency" else "Likely")
    if notice.get("expires_at"):
        _add(info, "expires", cap_time(notice["expires_at"], tz))
    _add(info, "senderName", city_name)
    _add(info, "headline", headline[:160])
    _add(info, "description", description)
    _add(info, "web", f"{base_url.rstrip('/')}/n/{notice['public_id']}")
    _area(info, notice.get("areas") or ["all"], city_name)


def _area(info: etree._Element, codes: list[str], city_name: str) -> None:
    area = _add(info, "area")
    wards = sorted(WARD_NAMES) if codes == ["all"] else [c for c in codes if c in WARD_NAMES]
    _add(area, "areaDesc", city_name if codes == ["all"] else "、".join(city_name + WARD_NAMES[c] for c in wards))
    for code in wards:
        geocode = _add(area, "geocode")
        _add(geocode, "valueName", "JIS X 0402")
        _add(geocode, "value", code)


def _type_name(kind: str) -> str:
    try:
        from notifier.rendering.types import NOTICE_TYPES
    except ImportError:  # the renderer is optional for publishing
        return kind
    notice_type = NOTICE_TYPES.get(kind)
    return str(getattr(notice_type, "name_ja", kind)) if notice_type else ("お知らせ" if kind == "free" else kind)


def _add(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    el = etree.SubElement(parent, f"{{{CAP12}}}{name}")
    if text is not None:
        el.text = text
    return el
