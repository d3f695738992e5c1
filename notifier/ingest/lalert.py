"""L-Alert (公共情報コモンズ) in, and EDXL-DE 1.0 envelope unwrapping (also for CAP inside EDXL-DE).

The envelope is checked strictly (namespace ``urn:oasis:names:tc:emergency:EDXL:DE:1.0``); the
公共情報コモンズ report inside ``contentObject/xmlContent/embeddedXMLContent`` is read by local
element names, because its namespace differs between schema versions. What is read:

- ``documentID``, ``documentRevision`` (the identifier is ``documentID#revision``; a revision
  above 1 or ``updateType`` 更新/訂正 updates the earlier notice, ``取消`` cancels it);
- ``category`` (``EvacuationOrder``, ``Evacuation``, ``Shelter``, ``UrgentMail``, ``GeneralInformation``);
- ``targetArea`` with ``jisX0402`` (or ``code``) JIS X 0402 codes, mapped to wards;
- the body: ``UrgentMail`` (``title``, ``message``) and ``GeneralInformation`` (``title``, ``text``) →
  ``general``; ``Evacuation`` (``issueType`` 高齢者等避難/避難指示/緊急安全確保, ``hazard``, ``target``,
  ``shelters/shelter/{name,address}``) → ``evacuation``; ``Shelter`` (``action`` 開設/閉鎖,
  ``shelters``) → ``shelter``.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from notifier.ingest import areas
from notifier.ingest.base import IngestError, IngestSkip, Parsed
from notifier.ingest.xml import child, children, descendants, local, namespace, text

EDXL_DE = "urn:oasis:names:tc:emergency:EDXL:DE:1.0"
LEVELS = {"高齢者等避難": 3, "避難指示": 4, "緊急安全確保": 5}
HAZARDS = (("大雨", "heavy_rain"), ("洪水", "flood"), ("氾濫", "flood"), ("土砂", "landslide"),
           ("高潮", "storm_surge"), ("津波", "tsunami"), ("地震", "earthquake"))
BODIES = ("Evacuation", "EvacuationOrder", "Shelter", "UrgentMail", "GeneralInformation")


def is_edxl(root: etree._Element) -> bool:
    return local(root) == "EDXLDistribution"


def unwrap(root: etree._Element) -> list[etree._Element]:
    """The XML documents inside an EDXL-DE envelope, in order."""
    if namespace(root) != EDXL_DE:
        raise IngestError(f"wrong namespace {namespace(root) or '(none)'!r}; expected {EDXL_DE}",
                          element="EDXLDistribution")
    if text(root, "distributionStatus") not in ("Actual", ""):
        raise IngestSkip(f"EDXL-DE distributionStatus is {text(root, 'distributionStatus')}: only Actual "
                         "messages become notices", source="lalert", identifier=text(root, "distributionID"))
    found = []
    for content in children(root, "contentObject"):
        xml_content = child(content, "xmlContent")
        embedded = children(xml_content, "embeddedXMLContent") if xml_content is not None else []
        found += [c for e in embedded for c in e if isinstance(c.tag, str)]
    if not found:
        raise IngestError("no embedded XML content", element="EDXLDistribution/contentObject/xmlContent")
    return found


def parse(report: etree._Element) -> Parsed:
    """A 公共情報コモンズ report (already unwrapped) → ``Parsed``."""
    document_id = _required(report, "documentID")
    revision = text(report, "documentRevision") or "1"
    identifier = f"{document_id}#{revision}"
    wards = _wards(report)
    update = text(report, "updateType")
    if update == "取消":
        return Parsed(source="lalert", identifier=identifier, notice={}, kind="cancel", thread=document_id,
                      references=[f"{document_id}#{int(revision) - 1}"] if revision.isdigit() else [])
    if not wards:
        raise IngestSkip("no targetArea of the report lies in さいたま市", source="lalert", identifier=identifier)
    body = next((b for b in report if isinstance(b.tag, str) and local(b) in BODIES), None)
    if body is None:
        raise IngestError(f"no report body (one of {', '.join(BODIES)})", element=f"{local(report)}")
    notice = _BUILDERS[local(body)](body, report)
    notice["areas"] = areas.as_notice_areas(wards)
    is_update = update in ("更新", "訂正") or (revision.isdigit() and int(revision) > 1)
    return Parsed(source="lalert", identifier=identifier, notice=notice, kind="update" if is_update else "new",
                  thread=document_id, meta={"category": text(report, "category"), "author": text(report, "author")})


def _required(el: etree._Element, name: str) -> str:
    value = text(el, name)
    if not value:
        raise IngestError("is missing or empty", element=f"{local(el)}/{name}")
    return value


def _wards(report: etree._Element) -> frozenset[str]:
    found: set[str] = set()
    for target in descendants(report, "targetArea"):
        for code in children(target, "jisX0402") + children(target, "code"):
            found |= areas.wards_for_jis(text(code), prefecture_covers=False)
    return frozenset(found)


def _issued_at(body: etree._Element, report: etree._Element) -> str:
    value = text(body, "issuedAt") or text(report, "reportDateTime")
    if not value:
        raise IngestError("is missing (no issuedAt or reportDateTime)", element=f"{local(report)}/reportDateTime")
    return value


def _places(body: etree._Element) -> list[dict[str, str]]:
    places = []
    for shelter in descendants(body, "shelter"):
        place = {"name": text(shelter, "name")}
        if text(shelter, "address"):
            place["address"] = text(shelter, "address")
        if place["name"]:
            places.append(place)
    return places


def _evacuation(body: etree._Element, report: etree._Element) -> dict[str, Any]:
    label = text(body, "issueType") or text(report, "category")
    level = next((v for k, v in LEVELS.items() if k in label), None)
    if level is None:
        raise IngestError(f"must name 高齢者等避難, 避難指示 or 緊急安全確保, got {label!r}",
                          element=f"{local(body)}/issueType")
    hazard_text = text(body, "hazard")
    params: dict[str, Any] = {"level": level, "issued_at": _issued_at(body, report),
                              "hazard": next((h for w, h in HAZARDS if w in hazard_text), "other")}
    if text(body, "target"):
        params["target"] = text(body, "target")
    if _places(body):
        params["shelters"] = _places(body)
    return {"type": "evacuation", "params": params, "urgency": "urgent" if level == 3 else "emergency",
            "topics": ["disaster"]}


def _shelter(body: etree._Element, report: etree._Element) -> dict[str, Any]:
    action = {"開設": "open", "open": "open", "閉鎖": "close", "close": "close"}.get(text(body, "action"))
    if action is None:
        raise IngestError("must be 開設 or 閉鎖", element=f"{local(body)}/action")
    shelters = _places(body)
    if not shelters:
        raise IngestError("needs at least one shelter with a name", element=f"{local(body)}/shelters")
    params = {"action": action, "shelters": shelters, "issued_at": _issued_at(body, report)}
    return {"type": "shelter", "params": params, "urgency": "urgent", "topics": ["disaster"]}


def _general(body: etree._Element, report: etree._Element) -> dict[str, Any]:
    title = _required(body, "title")
    message = text(body, "message") or text(body, "text")
    if not message:
        raise IngestError("is missing or empty", element=f"{local(body)}/message")
    urgency = "urgent" if local(body) == "UrgentMail" else "normal"
    return {"type": "general", "params": {"title": title[:200], "body": message[:10_000]},
            "urgency": urgency, "topics": ["disaster"]}


_BUILDERS = {"Evacuation": _evacuation, "EvacuationOrder": _evacuation, "Shelter": _shelter,
             "UrgentMail": _general, "GeneralInformation": _general}
