"""SMTP specifics against aiosmtpd: connection reuse, dropped connections, STARTTLS, SMTPS and AUTH, the message."""

from __future__ import annotations

import ssl
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import trustme

from channels.base import Message
from channels.email.smtp import SmtpChannel, SmtpConfig
from tests.integration.channels.conftest import smtp_server

SENDER = "todoke@example.city.lg.jp"


def _messages(n: int, prefix: str = "m") -> list[Message]:
    return [Message(recipient=f"user{i}@example.jp", text=f"本文 {i}", idempotency_key=f"{prefix}{i}",
                    subject="お知らせ") for i in range(n)]


async def test_pool_reuses_its_connections() -> None:
    async with smtp_server() as (sink, port):
        channel = SmtpChannel(config=SmtpConfig.from_url(f"smtp://127.0.0.1:{port}?pool=3"), sender=SENDER)
        try:
            first = await channel.send(_messages(30, "a"))
            second = await channel.send(_messages(30, "b"))
        finally:
            await channel.close()
    assert {r.status for r in first + second} == {"delivered"}
    assert len(sink.messages) == 60
    assert 1 <= len(sink.peers) <= 3  # 60 messages over at most pool-size connections


async def test_dropped_connection_is_temporary_and_replaced() -> None:
    async with smtp_server() as (sink, port):
        channel = SmtpChannel(config=SmtpConfig.from_url(f"smtp://127.0.0.1:{port}?pool=1&timeout=2"), sender=SENDER)
        try:
            sink.mode = "drop"
            [dropped] = await channel.send(_messages(1, "d"))
            sink.mode = "ok"
            [after] = await channel.send(_messages(1, "e"))
        finally:
            await channel.close()
    assert (dropped.status, after.status) == ("temporary", "delivered")
    assert sink.seen_keys() == ["e0"]


async def test_message_id_multipart_and_extra_headers() -> None:
    async with smtp_server() as (sink, port):
        channel = SmtpChannel(config=SmtpConfig.from_url(f"smtp://127.0.0.1:{port}"), sender=SENDER)
        message = Message(recipient="hanako@example.jp", text="テキスト", html="<p>HTML</p>", subject="避難情報",
                          idempotency_key="abc123", headers={"List-Unsubscribe": "<https://todoke.test/u/x>"})
        try:
            [result] = await channel.send([message])
        finally:
            await channel.close()
    [got] = sink.messages
    assert result.provider_ref == got["Message-ID"] == "<abc123@example.city.lg.jp>"
    assert (got["From"], got["To"], got["List-Unsubscribe"]) == (SENDER, "hanako@example.jp",
                                                                  "<https://todoke.test/u/x>")
    assert str(got["Subject"]) != "" and got.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in got.get_payload()] == ["text/plain", "text/html"]  # type: ignore[union-attr]


async def _sent(sender: str, message: Message) -> EmailMessage:
    """The message as a receiving client reads it (headers decoded, parts as text)."""
    async with smtp_server() as (sink, port):
        channel = SmtpChannel(config=SmtpConfig.from_url(f"smtp://127.0.0.1:{port}"), sender=sender)
        try:
            [result] = await channel.send([message])
        finally:
            await channel.close()
    assert result.status == "delivered", result
    [raw] = sink.raw
    assert all(len(line) <= 998 for line in raw.split(b"\r\n")) and raw.isascii()
    parsed = message_from_bytes(raw, policy=policy.default)
    assert isinstance(parsed, EmailMessage) and result.provider_ref == parsed["Message-ID"]
    return parsed


async def test_japanese_subject_sender_and_bodies_arrive_as_written() -> None:
    subject = "【さいたま市】断水のお知らせ：浦和区の一部で12月3日（水）午前9時から午後5時まで水道が止まります"
    unsubscribe = "<https://todoke.test/u/" + "x" * 150 + ">, <mailto:unsubscribe@example.city.lg.jp>"
    text, html = "断水のお知らせです。\n給水所：浦和区役所\n" * 20, "<p><ruby>断水<rt>だんすい</rt></ruby></p>"
    got = await _sent("さいたま市 お知らせ <todoke@example.city.lg.jp>", Message(
        recipient="hanako@example.jp", text=text, html=html, subject=subject, idempotency_key="jp1",
        headers={"List-Unsubscribe": unsubscribe, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}))
    assert got["Subject"] == subject and got["From"] == "さいたま市 お知らせ <todoke@example.city.lg.jp>"
    assert got["Message-ID"] == "<jp1@example.city.lg.jp>"  # the domain of the address, not of "…lg.jp>"
    assert got["List-Unsubscribe"] == unsubscribe  # one line: mail clients ignore an encoded or broken URL
    assert got.get_body(("plain",)).get_content() == text  # type: ignore[union-attr]
    assert got.get_body(("html",)).get_content().strip() == html  # type: ignore[union-attr]


async def test_a_non_ascii_extra_header_is_sent_through_the_full_api() -> None:
    got = await _sent(SENDER, Message(recipient="hanako@example.jp", text="本文", subject="お知らせ",
                                      idempotency_key="u1", headers={"X-Todoke-Area": "浦和区"}))
    assert got["To"] == "hanako@example.jp" and got["X-Todoke-Area"] == "浦和区" and got["Subject"] == "お知らせ"
    assert got.get_content().strip() == "本文"


async def test_an_internationalized_address_fails_alone_and_the_connection_stays_usable() -> None:
    """aiosmtplib cannot send RCPT TO for はなこ@… without SMTPUTF8: a permanent failure with its reason (the
    dispatcher fails over to the next channel), not an exception out of send() for the whole batch."""
    async with smtp_server() as (sink, port):
        channel = SmtpChannel(config=SmtpConfig.from_url(f"smtp://127.0.0.1:{port}?pool=1"), sender=SENDER)
        batch = [Message(recipient="はなこ@example.jp", text="本文", subject="お知らせ", idempotency_key="i0"),
                 *_messages(2, prefix="after")]
        try:
            results = await channel.send(batch)
        finally:
            await channel.close()
    assert [r.status for r in results] == ["permanent", "delivered", "delivered"]
    assert "SMTPUTF8" in (results[0].error or "") and sink.seen_keys() == ["after0", "after1"]


def _tls(tmp_path: Path) -> tuple[ssl.SSLContext, str]:
    ca = trustme.CA()
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server)
    cafile = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(cafile))
    return server, str(cafile)


async def test_starttls_with_auth(tmp_path: Path) -> None:
    server_ctx, cafile = _tls(tmp_path)
    sink_ref: list[object] = []

    def authenticator(*args: object) -> object:
        return sink_ref[0].authenticate(*args)  # type: ignore[attr-defined]

    async with smtp_server(tls_context=server_ctx, require_starttls=True, auth_required=True,
                           authenticator=authenticator) as (sink, port):
        sink_ref.append(sink)
        good = SmtpChannel(config=SmtpConfig.from_url(
            f"smtp+starttls://todoke:s3cret-pass@127.0.0.1:{port}?cafile={cafile}"), sender=SENDER)
        bad = SmtpChannel(config=SmtpConfig.from_url(
            f"smtp+starttls://todoke:wrong@127.0.0.1:{port}?cafile={cafile}"), sender=SENDER)
        plain = SmtpChannel(config=SmtpConfig.from_url(f"smtp://127.0.0.1:{port}"), sender=SENDER)
        try:
            results = [(await ch.send(_messages(1, name)))[0] for name, ch in
                       (("good", good), ("bad", bad), ("plain", plain))]
        finally:
            for ch in (good, bad, plain):
                await ch.close()
    assert [r.status for r in results] == ["delivered", "permanent", "permanent"]
    assert sink.seen_keys() == ["good0"] and sink.auth_logins == ["todoke"]


async def test_smtps(tmp_path: Path) -> None:
    server_ctx, cafile = _tls(tmp_path)
    async with smtp_server(ssl_context=server_ctx) as (sink, port):
        channel = SmtpChannel(config=SmtpConfig.from_url(f"smtps://127.0.0.1:{port}?cafile={cafile}"), sender=SENDER)
        try:
            [result] = await channel.send(_messages(1, "tls"))
        finally:
            await channel.close()
    assert result.status == "delivered" and sink.seen_keys() == ["tls0"]
