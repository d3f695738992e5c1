"""Recognise a message (CAP 1.2, EDXL-DE with L-Alert or CAP inside, JMA) and hand it to its parser."""

from __future__ import annotations

from datetime import datetime

from lxml import etree

from notifier.ingest import cap, jma, lalert
from notifier.ingest.base import IngestError, Parsed
from notifier.ingest.xml import MAX_MESSAGE_BYTES, local, namespace, parse_xml

KINDS = {"cap": "a CAP 1.2 alert (or CAP inside EDXL-DE)", "lalert": "an L-Alert EDXL-DE distribution",
         "jma": "a JMA 防災情報XML Report"}


def parse_message(data: bytes, *, expect: str | None = None, now: datetime | None = None,
                  max_bytes: int = MAX_MESSAGE_BYTES) -> Parsed:
    """``data`` → ``Parsed``. ``expect`` (``cap``, ``lalert``, ``jma``) refuses other kinds of message."""
    root = parse_xml(data, max_bytes=max_bytes)
    if cap.is_cap(root):
        _expect(expect, ("cap",), root)
        return cap.parse(root, now=now)
    if jma.is_jma(root):
        _expect(expect, ("jma",), root)
        return jma.parse(root)
    if lalert.is_edxl(root):
        content = lalert.unwrap(root)[0]
        if cap.is_cap(content):
            _expect(expect, ("cap", "lalert"), root)
            return cap.parse(content, now=now)
        _expect(expect, ("lalert",), root)
        return lalert.parse(content)
    raise IngestError(f"not CAP 1.2, EDXL-DE or JMA XML (root element {_name(root)})", element=local(root))


def _expect(expect: str | None, accepted: tuple[str, ...], root: etree._Element) -> None:
    if expect is not None and expect not in accepted:
        raise IngestError(f"expected {KINDS[expect]}, got root element {_name(root)}", element=local(root))


def _name(root: etree._Element) -> str:
    ns = namespace(root)
    return f"{{{ns}}}{local(root)}" if ns else local(root)
