"""The SMTP ceiling on this machine, and how close the SMTP channel gets to it. Figures printed, nothing asserted.

    .venv/bin/python bench/smtp_ceiling.py --messages 5000 --connections 10

An aiosmtpd sink runs in a separate process. First a bare aiosmtplib loop sends messages encoded
in advance (no composing) over N persistent connections (the ceiling); then
``channels.email.smtp.SmtpChannel`` with a pool of N sends the same number in batches, as the
dispatcher would. The ratio is channel / ceiling.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import multiprocessing
import socket
import sys
import time
from pathlib import Path

import aiosmtplib

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from channels.base import Message
from channels.email.smtp import SmtpChannel, SmtpConfig

SENDER = "todoke@example.city.lg.jp"


class _Sink:
    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        return "250 OK"


def _serve(port: int, ready: multiprocessing.synchronize.Event) -> None:
    from aiosmtpd.controller import Controller

    controller = Controller(_Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


_BODY = base64.encodebytes(("さいたま市からのお知らせです。" * 10).encode()).replace(b"\n", b"\r\n")
_SUBJECT = b"=?utf-8?b?" + base64.b64encode("お知らせ".encode()) + b"?="


def _email(i: int) -> bytes:
    """A complete message, already encoded: the ceiling measures SMTP, not composing (the channel's
    own composing is part of what is compared with it)."""
    return (b"From: " + SENDER.encode() + b"\r\nTo: user%d@example.jp\r\nSubject: " % i + _SUBJECT
            + b"\r\nMessage-ID: <bare%d@example.city.lg.jp>\r\nMIME-Version: 1.0\r\n" % i
            + b'Content-Type: text/plain; charset="utf-8"\r\nContent-Transfer-Encoding: base64\r\n\r\n' + _BODY)


async def bare(port: int, messages: int, connections: int) -> float:
    """messages/s of plain aiosmtplib over ``connections`` persistent connections."""
    async def worker(offset: int) -> None:
        client = aiosmtplib.SMTP(hostname="127.0.0.1", port=port, start_tls=False)
        await client.connect()
        for i in range(offset, messages, connections):
            await client.sendmail(SENDER, [f"user{i}@example.jp"], _email(i))
        await client.quit()

    started = time.perf_counter()
    await asyncio.gather(*(worker(k) for k in range(connections)))
    return messages / (time.perf_counter() - started)


async def channel(port: int, messages: int, connections: int, batch: int) -> float:
    """messages/s through the SMTP channel with a pool of ``connections``."""
    smtp = SmtpChannel(config=SmtpConfig.from_url(f"smtp://127.0.0.1:{port}?pool={connections}"), sender=SENDER)
    started = time.perf_counter()
    try:
        for start in range(0, messages, batch):
            numbers = range(start, min(start + batch, messages))
            results = await smtp.send([
                Message(recipient=f"user{i}@example.jp", text="さいたま市からのお知らせです。" * 10,
                        subject="お知らせ", idempotency_key=f"k{i}") for i in numbers])
            failed = [r for r in results if not r.ok]
            if failed:
                raise SystemExit(f"channel send failed: {failed[0].error}")
    finally:
        await smtp.close()
    return messages / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--batch", type=int, default=500, help="messages per channel.send call")
    args = parser.parse_args()
    port = _free_port()
    ready = multiprocessing.get_context("spawn").Event()
    sink = multiprocessing.get_context("spawn").Process(target=_serve, args=(port, ready), daemon=True)
    sink.start()
    try:
        if not ready.wait(30):
            raise SystemExit("the aiosmtpd sink did not start")
        ceiling = asyncio.run(bare(port, args.messages, args.connections))
        through = asyncio.run(channel(port, args.messages, args.connections, args.batch))
    finally:
        sink.terminate()
        sink.join(5)
    print(f"bare aiosmtplib, {args.connections} connections: {ceiling:8.0f} messages/s (ceiling)")
    print(f"SmtpChannel, pool of {args.connections}:        {through:8.0f} messages/s")
    print(f"ratio channel / ceiling: {through / ceiling:.2f}")


if __name__ == "__main__":
    main()
