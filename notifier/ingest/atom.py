"""Atom feeds of sent notices (all, or one ward), each entry linking to its CAP and its page."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from lxml import etree

from notifier.ingest.capout import CAP_MEDIA_TYPE, identifier

ATOM = "http://www.w3.org/2005/Atom"
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def last_modified(notices: list[dict[str, Any]]) -> datetime:
    """The newest change among the entries (whole seconds, as HTTP dates have)."""
    newest = max((_changed(n) for n in notices), default=EPOCH)
    return newest.astimezone(UTC).replace(microsecond=0)


def build(notices: list[dict[str, Any]], texts: dict[int, tuple[str, str]], *, base_url: str, path: str,
          title: str) -> bytes:
    """The Atom document; ``texts`` maps notice id → (title, summary) in standard Japanese."""
    base = base_url.rstrip("/")
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    feed.set("{http://www.w3.org/XML/1998/namespace}lang", "ja")
    _add(feed, "id", base + path)
    _add(feed, "title", title)
    _add(feed, "updated", last_modified(notices).isoformat())
    _link(feed, base + path, "self", "application/atom+xml")
    author = _add(feed, "author")
    _add(author, "name", title)
    for notice in notices:
        _entry(feed, notice, texts.get(notice["id"], (notice["type"], "")), base)
    return bytes(etree.tostring(feed, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _entry(feed: etree._Element, notice: dict[str, Any], text: tuple[str, str], base: str) -> None:
    entry = _add(feed, "entry")
    _add(entry, "id", identifier(base, notice["public_id"]))
    _add(entry, "title", text[0] or notice["type"])
    _add(entry, "updated", _changed(notice).astimezone(UTC).replace(microsecond=0).isoformat())
    _add(entry, "published", (notice.get("sent_at") or notice["created_at"]).astimezone(UTC)
         .replace(microsecond=0).isoformat())
    _link(entry, f"{base}/n/{notice['public_id']}", "alternate", "text/html")
    _link(entry, f"{base}/api/v1/notices/{notice['public_id']}.cap", "alternate", CAP_MEDIA_TYPE)
    if text[1]:
        _add(entry, "summary", text[1][:500])
    for area in notice.get("areas") or []:
        category = _add(entry, "category")
        category.set("term", area)


def _changed(notice: dict[str, Any]) -> datetime:
    return max(d for d in (notice.get("updated_at"), notice.get("sent_at")) if d is not None)


def _link(parent: etree._Element, href: str, rel: str, kind: str) -> None:
    link = _add(parent, "link")
    link.set("href", href)
    link.set("rel", rel)
    link.set("type", kind)


def _add(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    el = etree.SubElement(parent, f"{{{ATOM}}}{name}")
    if text is not None:
        el.text = text
    return el
