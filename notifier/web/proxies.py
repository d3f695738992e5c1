"""What the client sent, behind trusted reverse proxies (``TODOKE_TRUSTED_PROXIES``).

Login throttling and the sign-up limit count per client address, and whether cookies are
Secure follows the scheme the client used. Behind a reverse proxy every request comes from the
proxy, over whatever the proxy speaks, so address, scheme and host have to come from the
headers the proxy adds — but only when the peer is a proxy we trust: anyone else can write them.

Two styles: RFC 7239 ``Forwarded`` (``for=``, ``proto=``, ``host=``), preferred whenever it is
present, or ``X-Forwarded-For`` with ``X-Forwarded-Proto`` and ``X-Forwarded-Host``. Each proxy
appends an entry for the hop it received the request from, so the client is the rightmost
entry that is not one of our proxies; everything left of it was written by the client and is
ignored. In ``Forwarded`` the scheme and host come from that same entry (the one our outermost
proxy wrote); ``X-Forwarded-Proto``/``-Host`` carry no hop, so their last value counts: the
one the trusted peer itself sent. A malformed value changes nothing.

With no trusted proxies (the default) the middleware is not installed and the headers mean
nothing. The values are handed on with aiohttp's own ``request.clone(scheme=, host=, remote=)``,
so ``request.remote``, ``request.scheme``/``secure`` and ``request.host`` are the client's
everywhere downstream.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from aiohttp import web
from aiohttp.typedefs import Middleware

from notifier.web import forwarded
from notifier.web.forwarded import Address
from notifier.web.problems import Handler

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class Headers(Protocol):
    def getall(self, key: str, default: Iterable[str], /) -> Iterable[str]: ...


@dataclass(frozen=True)
class Hop:
    """One proxy's entry: the address it received the request from (None: not an address)."""

    address: Address | None
    scheme: str | None = None
    host: str | None = None


@dataclass(frozen=True)
class Origin:
    """The request as the client sent it; None where nothing trusted said otherwise."""

    remote: str | None
    scheme: str | None = None
    host: str | None = None


def parse_networks(value: str) -> tuple[Network, ...]:
    """CIDRs (or single addresses) separated by spaces or commas; ValueError names a bad one."""
    networks = []
    for item in value.replace(",", " ").split():
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(f"not an IP address or CIDR network: {item!r}") from None
    return tuple(networks)


def _address(text: str) -> Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address: Address | None, networks: Sequence[Network]) -> bool:
    if address is None:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:  # a dual-stack socket's IPv4 peer
        address = address.ipv4_mapped
    return any(address in network for network in networks)


def _walk(peer: str | None, hops: Sequence[Hop | None], networks: Sequence[Network]) -> tuple[str | None, Hop | None]:
    """The client's address and the hop that named it, walking from the right (the peer is trusted).

    A hop that is not an address stops the walk: nothing left of it can be trusted, so the last
    proxy that vouched for it is the answer. A malformed hop (None) stops it one step earlier.
    """
    client, said = peer, None
    for hop in reversed(hops):
        if hop is None:
            break
        said = hop
        if hop.address is None:
            break
        client = str(hop.address)
        if not _trusted(hop.address, networks):
            break
    return client, said


def _forwarded_for(values: Iterable[str]) -> list[Hop | None]:
    return [Hop(_address(hop)) for value in values for hop in value.split(",") if hop.strip()]


def _last(values: Iterable[str]) -> str | None:
    items = [item for value in values for item in value.split(",")]
    return items[-1] if items else None


def _hop(element: forwarded.Element) -> Hop | None:
    if element is None:
        return None
    return Hop(forwarded.node_address(element.get("for", "")), forwarded.scheme(element.get("proto")),
               forwarded.host(element.get("host")))


def origin(peer: str | None, headers: Headers, networks: Sequence[Network]) -> Origin:
    """Address, scheme and host of the client's request, from a trusted ``peer``'s headers only."""
    if not _trusted(_address(peer or ""), networks):
        return Origin(peer)
    rfc7239 = forwarded.elements(headers.getall("Forwarded", ()))
    if rfc7239:
        client, hop = _walk(peer, [_hop(element) for element in rfc7239], networks)
        return Origin(client, hop.scheme, hop.host) if hop else Origin(client)
    client, _ = _walk(peer, _forwarded_for(headers.getall("X-Forwarded-For", ())), networks)
    return Origin(client, forwarded.scheme(_last(headers.getall("X-Forwarded-Proto", ()))),
                  forwarded.host(_last(headers.getall("X-Forwarded-Host", ()))))


def middleware(networks: Sequence[Network]) -> Middleware:
    """Installed first by the app factory when ``TODOKE_TRUSTED_PROXIES`` names any network."""

    @web.middleware
    async def trusted_proxies(request: web.Request, handler: Handler) -> web.StreamResponse:
        said = origin(request.remote, request.headers, networks)
        changes: dict[str, Any] = {}
        if said.remote is not None and said.remote != request.remote:
            changes["remote"] = said.remote
        if said.scheme is not None and said.scheme != request.scheme:
            changes["scheme"] = said.scheme
        if said.host is not None:
            changes["host"] = said.host
        if changes:
            request = _clone(request, changes)
        return await handler(request)

    return trusted_proxies


def _clone(request: web.Request, changes: dict[str, Any]) -> web.Request:
    try:
        return request.clone(**changes)
    except ValueError:  # an absolute-form target ("GET http://…"): aiohttp cannot give it a host with a port
        changes.pop("host")
        return request.clone(**changes) if changes else request
