"""Safe XML parsing: no network, no DTD, no entity expansion, a size limit, errors naming the element."""

from __future__ import annotations

from lxml import etree

from notifier.ingest.base import IngestError

MAX_MESSAGE_BYTES = 5 * 1024 * 1024


def _parser() -> etree.XMLParser:
    # resolve_entities=False + load_dtd=False: an entity reference stays unexpanded even before
    # the DOCTYPE check below; no_network stops any fetch; huge_tree=False keeps libxml2's limits.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           dtd_validation=False, remove_comments=True, remove_pis=True)


def parse_xml(data: bytes, *, max_bytes: int = MAX_MESSAGE_BYTES) -> etree._Element:
    """The root element of ``data``; ``IngestError`` if too large, malformed or carrying a DOCTYPE."""
    if len(data) > max_bytes:
        raise IngestError(f"the message is {len(data)} bytes; at most {max_bytes} are accepted",
                          element="(message)")
    if not data.strip():
        raise IngestError("the message is empty", element="(message)")
    _refuse_doctype(data)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise IngestError(f"malformed XML: {exc.msg} (line {exc.lineno})", element="(document)") from None
    if root is None:
        raise IngestError("no root element", element="(document)")
    if root.getroottree().docinfo.doctype:
        raise IngestError("DOCTYPE declarations are not accepted (entities and external DTDs are refused)",
                          element="!DOCTYPE")
    return root


def _refuse_doctype(data: bytes) -> None:
    # Checked on the raw prolog too, so a usual DTD never reaches libxml2 (billion laughs, XXE);
    # the docinfo check after parsing catches one hidden behind a long prolog or another encoding.
    if b"<!doctype" in data[:4096].lower():
        raise IngestError("DOCTYPE declarations are not accepted (entities and external DTDs are refused)",
                          element="!DOCTYPE")


def local(el: etree._Element) -> str:
    """The element's name without namespace."""
    return etree.QName(el).localname


def namespace(el: etree._Element) -> str:
    return etree.QName(el).namespace or ""


def children(el: etree._Element, name: str) -> list[etree._Element]:
    """Direct children named ``name`` in any namespace."""
    return [c for c in el if isinstance(c.tag, str) and local(c) == name]


def child(el: etree._Element, name: str) -> etree._Element | None:
    found = children(el, name)
    return found[0] if found else None


def text(el: etree._Element | None, name: str | None = None, default: str = "") -> str:
    """Stripped text of ``el`` (or of its first child ``name``)."""
    target = el if name is None or el is None else child(el, name)
    if target is None or target.text is None:
        return default
    return target.text.strip()


def descendants(el: etree._Element, name: str) -> list[etree._Element]:
    return [d for d in el.iter() if isinstance(d.tag, str) and local(d) == name]


def path_of(el: etree._Element) -> str:
    """``alert/info[2]/area`` style path for error messages."""
    parts = []
    node: etree._Element | None = el
    while node is not None:
        parent = node.getparent()
        name = local(node)
        if parent is not None:
            same = [c for c in parent if isinstance(c.tag, str) and local(c) == name]
            if len(same) > 1:
                name += f"[{same.index(node) + 1}]"
        parts.append(name)
        node = parent
    return "/".join(reversed(parts))
