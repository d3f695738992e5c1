"""The headers reverse proxies add: RFC 7239 ``Forwarded``, and ``X-Forwarded-Proto`` / ``-Host`` values.

Parsing only; whether a header is believed at all is ``notifier.web.proxies``' decision. The
parser is strict where aiohttp's ``request.forwarded`` is lenient on purpose: aiohttp keeps the
pairs before a syntax error and drops the rest of the element, so ``host=a b`` reads as host
``a``. For a trust decision an element is all or nothing: a malformed one is ``None``.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Iterator

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Element = dict[str, str] | None  # lower-cased parameter names; None: malformed

_TCHARS = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_QUOTED = r'"(?:[\t !#-\[\]-~\x80-\xff]|\\[\t !-~\x80-\xff])*"'  # RFC 7230 quoted-string
_PAIR = re.compile(rf"[ \t]*({_TCHARS})=({_TCHARS}|{_QUOTED})[ \t]*")
_EMPTY_PAIR = re.compile(r"[ \t]*(?=[;,]|$)")
_ESCAPE = re.compile(r"\\(.)")
# After a syntax error: on to the next comma that is not inside a quoted string.
_REST = re.compile(r'(?:"(?:[^"\\]|\\.)*"|[^",])*')
_PORT = re.compile(r"\d{1,5}|_[A-Za-z0-9._-]+")  # RFC 7239 node-port, obfuscated ones included
_HOSTNAME = re.compile(r"(?:[A-Za-z0-9_-]+\.)*[A-Za-z0-9_-]+\.?")


def elements(values: Iterable[str]) -> list[Element]:
    """Every forwarded-element of the header's values (it may be sent more than once), in order.

    Empty list elements are skipped, as RFC 7230 asks; one with a syntax error or a repeated
    parameter is ``None``, so that a caller walking from the right knows where belief must stop.
    """
    return [element for value in values for element in _split(value)]


def _split(value: str) -> Iterator[Element]:
    pos = 0
    while pos <= len(value):
        element, end = _element(value, pos)
        if element != {}:
            yield element
        pos = end + 1  # past the comma


def _element(value: str, pos: int) -> tuple[Element, int]:
    pairs: dict[str, str] = {}
    while True:
        match = _PAIR.match(value, pos) or _EMPTY_PAIR.match(value, pos)
        name = match.group(1).lower() if match and match.lastindex else None
        if match is None or name in pairs:
            return None, _skip(value, pos)
        if name is not None:
            raw = match.group(2)
            pairs[name] = _ESCAPE.sub(r"\1", raw[1:-1]) if raw.startswith('"') else raw
        pos = match.end()
        if pos == len(value) or value[pos] == ",":
            return pairs, pos
        if value[pos] != ";":
            return None, _skip(value, pos)
        pos += 1


def _skip(value: str, pos: int) -> int:
    match = _REST.match(value, pos)
    end = match.end() if match else pos
    return end if end < len(value) and value[end] == "," else len(value)


def node_address(node: str) -> Address | None:
    """The address of a ``for=`` node: ``192.0.2.1``, ``192.0.2.1:80``, ``[2001:db8::1]:80``.

    None for ``unknown``, an obfuscated ``_name`` or anything else that is not an address.
    """
    node = node.strip()
    if node.startswith("["):
        inside, bracket, port = node[1:].partition("]")
        address = _ip(inside) if bracket and (not port or _port(port)) else None
        return address if isinstance(address, ipaddress.IPv6Address) else None
    address = _ip(node)  # a bare IPv6 address is not RFC 7239, but is unambiguous
    if address is not None:
        return address
    host, colon, port = node.partition(":")
    address = _ip(host) if colon and _port(colon + port) else None
    return address if isinstance(address, ipaddress.IPv4Address) else None


def scheme(value: str | None) -> str | None:
    """``http`` or ``https`` (any case); anything else is None."""
    lowered = (value or "").strip().lower()
    return lowered if lowered in ("http", "https") else None


def host(value: str | None) -> str | None:
    """A ``Host`` header value (name or address, optional port), or None if it is not one."""
    value = (value or "").strip()
    if value.startswith("["):
        inside, bracket, port = value[1:].partition("]")
        valid = bool(bracket) and isinstance(_ip(inside), ipaddress.IPv6Address) and _port(port, obfuscated=False)
        return value if valid else None
    name, colon, port = value.partition(":")
    valid = bool(_HOSTNAME.fullmatch(name)) and (not colon or _port(colon + port, obfuscated=False))
    return value if valid else None


def _port(text: str, *, obfuscated: bool = True) -> bool:
    """``text`` is empty or ``:`` and a port; RFC 7239 also allows obfuscated ports in nodes."""
    if not text:
        return True
    port = text[1:] if text.startswith(":") else None
    if port is None or not _PORT.fullmatch(port):
        return False
    return int(port) <= 65535 if port.isdigit() else obfuscated


def _ip(text: str) -> Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None
