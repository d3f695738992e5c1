"""The client's address behind trusted reverse proxies (``TODOKE_TRUSTED_PROXIES``).

Login throttling and the sign-up limit count per client address. Behind a reverse proxy every
request comes from the proxy, so the address has to come from ``X-Forwarded-For`` — but only
when the peer is a proxy we trust: anyone else can write that header. Each proxy appends the
address it received the request from, so the client is the rightmost address that is not one
of our proxies; everything left of it was written by the client and is ignored.

With no trusted proxies (the default) the middleware is not installed and the header means
nothing. The address is handed on with aiohttp's own ``request.clone(remote=...)``, so
``request.remote`` is the client's everywhere downstream.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

from aiohttp import web
from aiohttp.typedefs import Middleware

from notifier.web.problems import Handler

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


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


def client_address(peer: str | None, forwarded_for: Iterable[str], networks: Sequence[Network]) -> str | None:
    """The client's address: the rightmost ``X-Forwarded-For`` entry that is not a trusted proxy.

    ``forwarded_for``: the header's values in order (it may be sent more than once). The header
    counts only when ``peer`` itself is trusted. An entry that is not an address stops the walk:
    nothing left of it can be trusted, so the last proxy that vouched for it is the answer.
    """
    if not _trusted(_address(peer or ""), networks):
        return peer
    hops = [hop for value in forwarded_for for hop in value.split(",") if hop.strip()]
    client = peer
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break
        client = str(address)
        if not _trusted(address, networks):
            break
    return client


def middleware(networks: Sequence[Network]) -> Middleware:
    """Installed first by the app factory when ``TODOKE_TRUSTED_PROXIES`` names any network."""

    @web.middleware
    async def trusted_proxies(request: web.Request, handler: Handler) -> web.StreamResponse:
        client = client_address(request.remote, request.headers.getall("X-Forwarded-For", ()), networks)
        if client is not None and client != request.remote:
            request = request.clone(remote=client)
        return await handler(request)

    return trusted_proxies
