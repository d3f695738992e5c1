"""CAP 1.2 (OASIS) in: schema validation, one variant per ``<info>`` language, areas mapped to wards.

Each CAP message becomes a ``general`` notice: the ``ja`` info block gives the standard text, the
others become translations when their language is one of our variants (``en-US`` → ``en``,
``es-US`` → ``es``; ``fr-CA`` is dropped). CAP 1.1 is recognised and rejected.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lxml import etree

from notifier.ingest import areas
from notifier.ingest.base import IngestError, IngestSkip, Parsed
from notifier.ingest.xml import child, children, local, namespace, path_of, text
from subscribers.languages import LanguageError, normalize

CAP12 = "urn:oasis:names:tc:emergency:cap:1.2"
OLD_CAP = {"urn:oasis:names:tc:emergency:cap:1.1": "1.1", "http://www.incident.com/cap/1.0": "1.0"}
SCHEMA_PATH = Path(__file__).parent / "schemas" / "CAP-v1.2.xsd"

SEVERITY_URGENCY = {"Extreme": "emergency", "Severe": "urgent", "Moderate": "normal", "Minor": "info",
                    "Unknown": "normal"}
CATEGORY_TOPIC = {"Geo": "disaster", "Met": "weather", "Safety": "disaster", "Security": "crime",
                  "Rescue": "disaster", "Fire": "disaster", "Health": "health", "Env": "disaster",
                  "Transport": "traffic", "Infra": "water", "CBRNE": "disaster", "Other": "disaster"}
MAX_TITLE = 200
MAX_BODY = 10_000


@functools.cache
def schema() -> etree.XMLSchema:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH), parser))


def is_cap(root: etree._Element) -> bool:
    return local(root) == "alert"


def validate(root: etree._Element) -> None:
    """Check the namespace (refusing CAP 1.0/1.1) and the CAP 1.2 schema; errors name the element."""
    ns = namespace(root)
    if ns in OLD_CAP:
        raise IngestError(f"CAP {OLD_CAP[ns]} is not accepted; send CAP 1.2 ({CAP12})", element="alert")
    if ns != CAP12:
        raise IngestError(f"wrong namespace {ns or '(none)'!r}; expected {CAP12}", element="alert")
    xsd = schema()
    if not xsd.validate(root):
        error = xsd.error_log.last_error
        message = re.sub(r"\{[^}]*\}", "", error.message) if error else "schema violation"
        raise IngestError(f"not valid CAP 1.2: {message}", element=_element_at(root, error.path if error else None))


def _element_at(root: etree._Element, path: str | None) -> str:
    """The schema error's XPath (``/*/*[6]``) as a readable path (``alert/info``)."""
    try:
        found = root.getroottree().xpath(path) if path else []
    except etree.XPathError:
        found = []
    return path_of(found[0]) if found and isinstance(found[0], etree._Element) else "alert"


def parse(root: etree._Element, *, now: datetime | None = None) -> Parsed:
    """A valid CAP 1.2 alert → ``Parsed`` (a ``general`` notice); ``IngestSkip`` when not for the city."""
    validate(root)
    identifier = f"{text(root, 'sender')},{text(root, 'identifier')}"
    status, msg_type = text(root, "status"), text(root, "msgType")
    if status != "Actual":
        raise IngestSkip(f"CAP status is {status}: only Actual alerts become notices",
                         source="cap", identifier=identifier)
    if msg_type not in ("Alert", "Update", "Cancel"):
        raise IngestSkip(f"CAP msgType {msg_type} carries no alert", source="cap", identifier=identifier)
    infos = children(root, "info")
    wards = _wards(infos)
    if msg_type == "Cancel" and not infos:  # the service takes text and areas from the earlier notice
        return Parsed(source="cap", identifier=identifier, notice={}, kind="cancel",
                      references=_references(text(root, "references")))
    if not wards:
        raise IngestSkip("no area of the message lies in さいたま市 (geocodes and polygons checked)",
                         source="cap", identifier=identifier)
    expires = _expires(infos)
    if expires and expires <= (now or datetime.now(UTC)) and msg_type != "Cancel":
        raise IngestSkip(f"the alert expired at {expires.isoformat()}", source="cap", identifier=identifier)
    notice, dropped = _notice(infos, wards)
    if expires:
        notice["expires_at"] = expires.isoformat()
    return Parsed(
        source="cap", identifier=identifier, notice=notice,
        kind={"Alert": "new", "Update": "update", "Cancel": "cancel"}[msg_type],
        references=_references(text(root, "references")),
        meta={"sender": text(root, "sender"), "sent": text(root, "sent"), "languages_dropped": dropped},
    )


def _wards(infos: list[etree._Element]) -> frozenset[str]:
    found: set[str] = set()
    for info in infos:
        for area in children(info, "area"):
            found |= _area_wards(area)
    return frozenset(found)


def _area_wards(area: etree._Element) -> frozenset[str]:
    found: set[str] = set()
    for geocode in children(area, "geocode"):
        scheme, value = text(geocode, "valueName").lower().replace(" ", ""), text(geocode, "value")
        if "jis" in scheme:
            found |= areas.wards_for_jis(value)
        elif "jma" in scheme:
            found |= areas.wards_for_jma(value)
    for polygon in children(area, "polygon"):
        found |= areas.wards_in_polygon(_points(polygon))
    for circle in children(area, "circle"):
        found |= _circle(circle)
    return frozenset(found)


def _points(polygon: etree._Element) -> list[tuple[float, float]]:
    try:
        pairs = [p.split(",") for p in (polygon.text or "").split()]
        return [(float(lat), float(lon)) for lat, lon in pairs]
    except ValueError:
        raise IngestError("polygon points must be 'lat,lon' pairs separated by spaces",
                          element="alert/info/area/polygon") from None


def _circle(circle: etree._Element) -> frozenset[str]:
    try:
        centre, radius = (circle.text or "").split()
        lat, lon = (float(v) for v in centre.split(","))
        return areas.wards_in_circle(lat, lon, float(radius))
    except ValueError:
        raise IngestError("circle must be 'lat,lon radius_km'", element="alert/info/area/circle") from None


def _variant(info: etree._Element) -> str | None:
    tag = text(info, "language", "en-US")  # CAP's default language
    try:
        return normalize(tag)
    except LanguageError:
        return None


def _notice(infos: list[etree._Element], wards: frozenset[str]) -> tuple[dict[str, Any], list[str]]:
    by_variant: dict[str, etree._Element] = {}
    dropped: list[str] = []
    for info in infos:
        variant = _variant(info)
        if variant is None or variant == "ja-easy":
            dropped.append(text(info, "language", "en-US"))
        else:
            by_variant.setdefault(variant, info)
    main = by_variant.pop("ja", None)
    if main is None:  # no Japanese block: the first block is the best text we have
        main = by_variant.get(next(iter(by_variant)), infos[0]) if by_variant else infos[0]
    notice: dict[str, Any] = {
        "type": "general", "params": _texts(main),
        "urgency": _urgency(infos), "topics": _topics(infos), "areas": areas.as_notice_areas(wards),
    }
    translations = {v: _texts(i) for v, i in by_variant.items() if i is not main}
    if translations:
        notice["translations"] = translations
    return notice, dropped


def _texts(info: etree._Element) -> dict[str, str]:
    title = text(info, "headline") or text(info, "event")
    parts = [text(info, "description"), text(info, "instruction")]
    body = "\n\n".join(p for p in parts if p) or title
    return {"title": title[:MAX_TITLE], "body": body[:MAX_BODY]}


def _urgency(infos: list[etree._Element]) -> str:
    order = ("emergency", "urgent", "normal", "info")
    found = [SEVERITY_URGENCY.get(text(i, "severity"), "normal") for i in infos]
    return min(found, key=order.index) if found else "normal"


def _topics(infos: list[etree._Element]) -> list[str]:
    topics = [CATEGORY_TOPIC[c.text.strip()] for i in infos for c in children(i, "category")
              if c.text and c.text.strip() in CATEGORY_TOPIC]
    return list(dict.fromkeys(topics)) or ["disaster"]


def _expires(infos: list[etree._Element]) -> datetime | None:
    values = [text(i, "expires") for i in infos if child(i, "expires") is not None]
    parsed = [datetime.fromisoformat(v) for v in values if v]
    return max(parsed) if parsed else None


def _references(value: str) -> list[str]:
    """``sender,identifier,sent`` triples → our identifiers ``sender,identifier``."""
    refs = []
    for triple in value.split():
        parts = triple.split(",")
        if len(parts) >= 2:
            refs.append(f"{parts[0]},{parts[1]}")
    return refs
