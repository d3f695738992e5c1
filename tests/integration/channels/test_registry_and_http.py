"""The registry (entry points, clashes, choice by URL) and HTTP specifics (Retry-After, redirects, retry keys)."""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import EntryPoint
from typing import Any

import pytest

from channels import registry
from channels.base import Message
from channels.devoutbox import DevOutboxChannel
from channels.email.smtp import SmtpChannel
from channels.line.messaging import LineChannel, LineConfig, retry_key
from channels.sms.http_gateway import TwilioSmsChannel
from channels.sms.smpp import SmppChannel
from channels.voice.calls import TwilioVoiceChannel
from channels.webhook.http import WebhookChannel
from notifier.config import Settings
from tests.conftest import TEST_SECRET
from tests.integration.channels.peers import LINE_TOKEN, HttpPeer

BUILT_INS = {"dev", "smtp", "smpp", "twilio-sms", "twilio-voice", "line", "webhook"}


def test_built_ins_come_from_entry_points() -> None:
    found = registry.discover()
    assert set(found) >= BUILT_INS
    assert all(found[name].name == name for name in BUILT_INS)


def test_two_providers_claiming_one_name_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    points = [EntryPoint("smtp", "channels.email.smtp:SmtpChannel", registry.GROUP),
              EntryPoint("smtp", "channels.line.messaging:LineChannel", registry.GROUP)]
    monkeypatch.setattr(registry, "entry_points", lambda group: points)
    with pytest.raises(registry.ChannelConflict, match="smtp"):
        registry.discover()


def test_providers_chosen_by_url(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings(smtp_url="smtp://mail.example:25", sms_url="smpp://id:pw@smsc.example:2775",
                             voice_url="https://AC1:tok@api.example", line_url="https://:tok@api.line.example")
    channels = registry.Channels.from_settings(settings, db=None)  # type: ignore[arg-type]
    assert [type(channels[f]) for f in ("email", "sms", "voice", "line", "webhook")] == [
        SmtpChannel, SmppChannel, TwilioVoiceChannel, LineChannel, WebhookChannel]
    http_sms = registry.Channels.from_settings(make_settings(sms_url="https://AC1:tok@api.example"), db=None)  # type: ignore[arg-type]
    assert isinstance(http_sms["sms"], TwilioSmsChannel)


def test_unconfigured_families_use_the_dev_outbox(make_settings: Callable[..., Settings]) -> None:
    channels = registry.Channels.from_settings(make_settings(), db=None)  # type: ignore[arg-type]
    assert all(isinstance(channels[f], DevOutboxChannel) for f in ("email", "sms", "voice", "line"))
    assert isinstance(channels["webhook"], WebhookChannel)
    without = {k: v for k, v in registry.discover().items() if k != "webhook"}
    fallback = registry.Channels.from_settings(make_settings(), db=None, providers=without)  # type: ignore[arg-type]
    assert isinstance(fallback["webhook"], DevOutboxChannel)


async def test_line_429_is_temporary_with_retry_after(aiohttp_server: Any) -> None:
    peer = HttpPeer(mode="rate")
    server = await aiohttp_server(peer.line_app())
    channel = LineChannel(config=LineConfig.from_url(f"http://:{LINE_TOKEN}@127.0.0.1:{server.port}"))
    try:
        [limited] = await channel.send([Message(recipient="U" + "a" * 32, text="t", idempotency_key="l1")])
        peer.mode = "ok"
        [sent] = await channel.send([Message(recipient="U" + "a" * 32, text="t", idempotency_key="l1")])
    finally:
        await channel.close()
    assert (limited.status, limited.retry_after) == ("temporary", 7.0)
    assert sent.status == "delivered" and peer.requests[0]["key"] == retry_key("l1") != retry_key("l2")


async def test_webhook_refuses_redirects_and_signs(aiohttp_server: Any) -> None:
    peer = HttpPeer()
    server = await aiohttp_server(peer.webhook_app(TEST_SECRET))
    channel = WebhookChannel(secret_key=TEST_SECRET)
    other = WebhookChannel(secret_key="another-secret-key-0123456789")
    base = f"http://127.0.0.1:{server.port}"
    try:
        [moved] = await channel.send([Message(recipient=f"{base}/moved", text="t", idempotency_key="w1")])
        [forged] = await other.send([Message(recipient=f"{base}/hook", text="t", idempotency_key="w2")])
        [good] = await channel.send([Message(recipient=f"{base}/hook", text="t", idempotency_key="w3")])
    finally:
        await channel.close()
        await other.close()
    assert (moved.status, forged.status, good.status) == ("permanent", "permanent", "delivered")
    assert peer.seen_keys() == ["w3"] and peer.requests[0]["timestamp"].isdigit()
