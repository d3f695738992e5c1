"""The client's address, scheme and host behind trusted reverse proxies: their headers count only from them."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import make_mocked_request
from multidict import CIMultiDict

from notifier.config import ConfigError, Settings
from notifier.web import forwarded
from notifier.web.proxies import Origin, middleware, origin, parse_networks

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
    headers = CIMultiDict(("X-Forwarded-For", value) for value in forwarded)
    assert origin(peer, headers, PROXIES).remote == client


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


@pytest.mark.parametrize(("header", "parsed"), [
    ("for=192.0.2.60;proto=http;by=203.0.113.43", [{"for": "192.0.2.60", "proto": "http", "by": "203.0.113.43"}]),
    ('For="[2001:db8:cafe::17]:4711"', [{"for": "[2001:db8:cafe::17]:4711"}]),  # names are case-insensitive
    ("for=192.0.2.43, for=198.51.100.17", [{"for": "192.0.2.43"}, {"for": "198.51.100.17"}]),
    ('for="a,b;c=d"', [{"for": "a,b;c=d"}]),  # separators inside a quoted value are data
    (r'host="a\"b"', [{"host": 'a"b'}]),  # a quoted-pair is unescaped
    (", for=192.0.2.1;;proto=https ,", [{"for": "192.0.2.1", "proto": "https"}]),  # empty list items skipped
    ("for=192.0.2.1;host=a b", [None]),  # not a truncated host "a": the whole element is out
    ("for=192.0.2.1;for=192.0.2.2", [None]),  # a parameter twice
    ('junk for="x,y", for=192.0.2.1', [None, {"for": "192.0.2.1"}]),  # skipping a bad one respects quotes
    ('for="192.0.2.1, for=198.51.100.1', [None]),  # an unterminated quote swallows the rest
    ("proto", [None]),
])
def test_forwarded_elements_are_parsed_all_or_nothing(header: str, parsed: list[dict[str, str] | None]) -> None:
    assert forwarded.elements([header]) == parsed


@pytest.mark.parametrize(("node", "address"), [
    ("192.0.2.1", "192.0.2.1"), ("192.0.2.1:8080", "192.0.2.1"), ("[2001:db8::1]:1234", "2001:db8::1"),
    ("[::1]", "::1"), ("[::1]:_port", "::1"), ("2001:db8::1", "2001:db8::1"),
    ("unknown", None), ("_hidden", None), ("[192.0.2.1]", None), ("192.0.2.1:", None), ("192.0.2.1:99999", None),
    ("[::1", None), ("[::1]junk", None), ("", None),
])
def test_forwarded_nodes(node: str, address: str | None) -> None:
    found = forwarded.node_address(node)
    assert (str(found) if found else None) == address


@pytest.mark.parametrize(("value", "host"), [
    ("city.example.jp", "city.example.jp"), ("city.example.jp:8443", "city.example.jp:8443"),
    ("[2001:db8::1]:8443", "[2001:db8::1]:8443"), ("a b", None), ("evil.example/path", None),
    ("x:99999", None), ("x:", None), ("[nonsense]", None), ("", None), (None, None),
])
def test_forwarded_hosts_are_validated(value: str | None, host: str | None) -> None:
    assert forwarded.host(value) == host


@pytest.mark.parametrize(("headers", "expected"), [
    ({"X-Forwarded-For": "198.51.100.1", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "city.example.jp"},
     Origin("198.51.100.1", "https", "city.example.jp")),
    ({"X-Forwarded-Proto": "HTTPS"}, Origin("127.0.0.1", "https")),
    ({"X-Forwarded-Proto": "https, http"}, Origin("127.0.0.1", "http")),  # the last value is the peer's own
    ({"X-Forwarded-Proto": "ftp", "X-Forwarded-Host": "a b"}, Origin("127.0.0.1")),  # malformed: ignored
    ({"Forwarded": 'for="[2001:db8::1]:4711";proto=https;host=city.example.jp'},
     Origin("2001:db8::1", "https", "city.example.jp")),
    # Both styles: Forwarded wins, X-Forwarded-* is not looked at.
    ({"Forwarded": "for=198.51.100.1;proto=http", "X-Forwarded-For": "192.0.2.9", "X-Forwarded-Proto": "https"},
     Origin("198.51.100.1", "http")),
    # Through two of our proxies: scheme and host are what the outer one (which met the client) said.
    ({"Forwarded": "for=198.51.100.1;proto=https;host=city.example.jp, for=10.0.0.5;proto=http;host=app"},
     Origin("198.51.100.1", "https", "city.example.jp")),
    # What the client wrote itself, left of the entry our proxy added, counts for nothing.
    ({"Forwarded": "for=192.0.2.66;proto=https, for=198.51.100.1;proto=http"}, Origin("198.51.100.1", "http")),
    ({"Forwarded": "for=unknown;proto=https"}, Origin("127.0.0.1", "https")),  # our proxy, no client address
    ({"Forwarded": "for=198.51.100.1;proto=https;host=a b"}, Origin("127.0.0.1")),  # malformed: ignored whole
    ({"Forwarded": "for=198.51.100.1;proto=gopher"}, Origin("198.51.100.1")),
])
def test_a_trusted_proxy_names_address_scheme_and_host(headers: dict[str, str], expected: Origin) -> None:
    assert origin("127.0.0.1", CIMultiDict(headers), PROXIES) == expected


def test_an_untrusted_peer_names_nothing() -> None:
    headers = CIMultiDict({"Forwarded": "for=198.51.100.1;proto=https;host=evil.example", "X-Forwarded-Proto": "https"})
    assert origin("203.0.113.9", headers, PROXIES) == Origin("203.0.113.9")


def _echo_app(networks: str) -> web.Application:
    async def echo(request: web.Request) -> web.Response:
        return web.json_response({"remote": request.remote, "url": str(request.url), "secure": request.secure})

    app = web.Application(middlewares=[middleware(parse_networks(networks))])
    app.router.add_get("/echo", echo)
    return app


@pytest.mark.parametrize(("networks", "seen"), [
    ("127.0.0.0/8", {"remote": "198.51.100.1", "url": "https://city.example.jp/echo", "secure": True}),
    ("10.0.0.0/8", {"remote": "127.0.0.1", "secure": False}),  # the test client is not a proxy of ours
])
async def test_downstream_sees_what_a_trusted_proxy_said(aiohttp_client: Any, networks: str,
                                                         seen: dict[str, Any]) -> None:
    client = await aiohttp_client(_echo_app(networks))
    for headers in ({"Forwarded": 'for=198.51.100.1;proto=https;host="city.example.jp"'},
                    {"X-Forwarded-For": "198.51.100.1", "X-Forwarded-Proto": "https",
                     "X-Forwarded-Host": "city.example.jp"}):
        got = await (await client.get("/echo", headers=headers)).json()
        assert got.items() >= seen.items()
        assert got["url"].startswith("https://city.example.jp/") == seen["secure"]


async def test_malformed_headers_from_a_trusted_proxy_are_not_an_error(aiohttp_client: Any) -> None:
    client = await aiohttp_client(_echo_app("127.0.0.0/8"))
    for headers in ({"Forwarded": 'for="[::1'}, {"Forwarded": "proto=https;host=[x]:1"},
                    {"X-Forwarded-Host": "a/b", "X-Forwarded-Proto": "javascript"}, {"Forwarded": ";;,,"}):
        resp = await client.get("/echo", headers=headers)
        assert resp.status == 200
        got = await resp.json()
        assert got["remote"] == "127.0.0.1" and not got["url"].startswith(("https:", "javascript:"))


async def test_an_absolute_form_target_keeps_its_host_rather_than_failing() -> None:
    request = make_mocked_request("GET", "http://app.internal/echo", headers={
        "X-Forwarded-Proto": "https", "X-Forwarded-Host": "city.example.jp:8443"}).clone(remote="127.0.0.1")
    seen: list[web.Request] = []

    async def handler(request: web.Request) -> web.Response:
        seen.append(request)
        return web.Response()

    await middleware(PROXIES)(request, handler)
    assert seen[0].scheme == "https"
