"""Rigs: each channel built from its URL, opened, and pointed at its real peer."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from channels.base import Channel
from channels.email.smtp import SmtpChannel, SmtpConfig
from channels.httpcommon import TwilioConfig
from channels.line.messaging import LineChannel, LineConfig, retry_key
from channels.sms.http_gateway import TwilioSmsChannel
from channels.sms.smpp import SmppChannel, SmppConfig
from channels.voice.calls import TwilioVoiceChannel
from channels.webhook.http import WebhookChannel
from tests.conftest import TEST_SECRET
from tests.integration.channels.peers import LINE_TOKEN, SID, TOKEN, HttpPeer, Smsc, SmtpSink, free_port

TIMEOUT = 0.5
RIGS = ("smtp", "smpp", "twilio-sms", "twilio-voice", "line", "webhook")


@dataclass
class Rig:
    channel: Channel
    recipient: str
    bad_recipient: str
    peer: Any  # SmtpSink | Smsc | HttpPeer: has .mode and .seen_keys()
    key_seen: Callable[[str], str] = lambda key: key  # the form the key takes at the peer

    def set_mode(self, mode: str) -> None:
        self.peer.mode = mode


@contextlib.asynccontextmanager
async def smtp_server(**kwargs: Any) -> AsyncIterator[tuple[SmtpSink, int]]:
    """aiosmtpd on a free port (its own thread and loop); ``kwargs`` go to the SMTP server (TLS, AUTH)."""
    sink = SmtpSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port, **kwargs)
    await asyncio.to_thread(controller.start)
    try:
        yield sink, port
    finally:
        await asyncio.to_thread(controller.stop)


@contextlib.asynccontextmanager
async def smpp_server() -> AsyncIterator[Smsc]:
    server = Smsc(free_port())
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


async def _http_rig(name: str, aiohttp_server: Any) -> tuple[Channel, HttpPeer, str]:
    peer = HttpPeer()
    if name == "webhook":
        server = await aiohttp_server(peer.webhook_app(TEST_SECRET))
        return WebhookChannel(secret_key=TEST_SECRET, timeout=TIMEOUT), peer, f"http://127.0.0.1:{server.port}/hook"
    if name == "line":
        server = await aiohttp_server(peer.line_app())
        url = f"http://:{LINE_TOKEN}@127.0.0.1:{server.port}?timeout={TIMEOUT}"
        return LineChannel(config=LineConfig.from_url(url)), peer, ""
    server = await aiohttp_server(peer.twilio_app())
    config = TwilioConfig.from_url(f"http://{SID}:{TOKEN}@127.0.0.1:{server.port}?from=%2B815012345678"
                                   f"&timeout={TIMEOUT}")
    cls = TwilioSmsChannel if name == "twilio-sms" else TwilioVoiceChannel
    return cls(config=config, base_url="http://todoke.test"), peer, ""


@pytest.fixture(params=RIGS)
async def rig(request: pytest.FixtureRequest, aiohttp_server: Any) -> AsyncIterator[Rig]:
    name = request.param
    phone, bad_phone = "+819012345678", "+81123"
    stack = contextlib.AsyncExitStack()
    if name == "smtp":
        sink, port = await stack.enter_async_context(smtp_server())
        channel: Channel = SmtpChannel(config=SmtpConfig.from_url(f"smtp://127.0.0.1:{port}?pool=2&timeout={TIMEOUT}"),
                                       sender="todoke@example.city.lg.jp")
        built = Rig(channel, "taro@example.jp", "not-an-address", sink)
    elif name == "smpp":
        server = await stack.enter_async_context(smpp_server())
        channel = SmppChannel(config=SmppConfig.from_url(f"smpp://todoke:pw@127.0.0.1:{server.port}?timeout={TIMEOUT}"),
                              db=None)
        built = Rig(channel, phone, bad_phone, server)
    else:
        channel, peer, url = await _http_rig(name, aiohttp_server)
        recipients = {"webhook": (url, "ftp://example.jp/hook"), "line": ("U" + "0123456789abcdef" * 2, "taro")}
        good, bad = recipients.get(name, (phone, bad_phone))
        built = Rig(channel, good, bad, peer, retry_key if name == "line" else (lambda key: key))
    async with stack:
        await built.channel.open()
        yield built
        await built.channel.close()
