"""The client's address behind trusted reverse proxies: X-Forwarded-For counts only from them."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp import web

from notifier.config import ConfigError, Settings
from notifier.web.proxies import client_address, middleware, parse_networks

PROXIES = parse_networks("127.0.0.1/32, 10.0.0.0/8 fd00::/8")


def test_networks_are_parsed_and_a_bad_one_is_named() -> None:
    assert [str(n) for n in PROXIES] == ["127.0.0.1/32", "10.0.0.0/8", "fd00::/8"]
    assert Settings.from_mapping({"TODOKE_TRUSTED_PROXIES": "10.1.2.3, ::1"}).trusted_proxies == "10.1.2.3/32 ::1/128"
    assert Settings().trusted_proxies == ""  # none by default
    with pytest.raises(ConfigError, match=r"TODOKE_TRUSTED_PROXIES: .*'10\.0\.0\.0/33'"):
        Settings.from_mapping({"TODOKE_TRUSTED_PROXIES": "127.0.0.1 10.0.0.0/33"})


@pytest.mark.parametrize(("peer", "forwarded", "client"), [
    ("203.0.113.9", ["198.51.100.1"], "203.0.113.9"),  # not a proxy of ours: its header is a lie
    ("127.0.0.1", [], "127.0.0.1"),  # our proxy, no header: the proxy itself
    ("127.0.0.1", ["198.51.100.1"], "198.51.100.1"),
    ("127.0.0.1", ["192.0.2.66, 198.51.100.1"], "198.51.100.1"),  # the client wrote 192.0.2.66 itself
    ("127.0.0.1", ["192.0.2.66, 198.51.100.1, 10.0.0.5"], "198.51.100.1"),  # through two of our proxies
    ("127.0.0.1", ["192.0.2.66", "198.51.100.1,10.0.0.5"], "198.51.100.1"),  # the header sent twice
    ("127.0.0.1", ["10.0.0.7, 10.0.0.5"], "10.0.0.7"),  # only proxies: the farthest one
    ("127.0.0.1", ["198.51.100.1, bogus"], "127.0.0.1"),  # garbage from our proxy's side: stop there
    ("127.0.0.1", ["2001:db8::1"], "2001:db8::1"),
    ("fd00::2", [" 198.51.100.1 "], "198.51.100.1"),
    ("::ffff:127.0.0.1", ["198.51.100.1"], "198.51.100.1"),  # an IPv4 peer on a dual-stack socket
    (None, ["198.51.100.1"], None),
])
def test_the_client_is_the_rightmost_address_that_is_not_a_trusted_proxy(
        peer: str | None, forwarded: list[str], client: str | None) -> None:
    assert client_address(peer, forwarded, PROXIES) == client


def _app(networks: str) -> web.Application:
    async def whoami(request: web.Request) -> web.Response:
        return web.json_response({"remote": request.remote})

    parsed = parse_networks(networks)
    app = web.Application(middlewares=[middleware(parsed)] if parsed else [])
    app.router.add_get("/whoami", whoami)
    return app


async def _remote(aiohttp_client: Any, networks: str, forwarded: str) -> str:
    client = await aiohttp_client(_app(networks))
    resp = await client.get("/whoami", headers={"X-Forwarded-For": forwarded})
    return str((await resp.json())["remote"])


async def test_a_spoofed_header_from_an_untrusted_peer_is_ignored(aiohttp_client: Any) -> None:
    # The test client connects from 127.0.0.1, which is not in 10.0.0.0/8.
    assert await _remote(aiohttp_client, "10.0.0.0/8", "198.51.100.1") == "127.0.0.1"


async def test_the_header_is_ignored_without_the_setting(aiohttp_client: Any) -> None:
    assert await _remote(aiohttp_client, "", "198.51.100.1") == "127.0.0.1"


async def test_a_trusted_proxys_header_becomes_request_remote(aiohttp_client: Any) -> None:
    assert await _remote(aiohttp_client, "127.0.0.0/8", "192.0.2.66, 198.51.100.1") == "198.51.100.1"
