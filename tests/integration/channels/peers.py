"""Real peers for the channel tests: an aiosmtpd server, the smpp34 SMSC, and local aiohttp apps for the
Twilio-compatible, LINE and webhook APIs. Each takes a ``mode`` that the test switches:

- ``ok``: accept;
- ``reject``: the protocol's permanent refusal (SMTP 5xx, HTTP 4xx, SMPP ESME_RINVDSTADR);
- ``fail``: the protocol's "try later" (SMTP 4xx, HTTP 5xx, SMPP ESME_RTHROTTLED);
- ``slow``: answer after the client's timeout;
- ``drop``: close the connection mid-transaction (SMTP).
"""

from __future__ import annotations

import asyncio
import base64
import email
import hashlib
import hmac
import socket
from dataclasses import dataclass, field
from typing import Any

import smpp34
from aiohttp import web
from aiosmtpd.smtp import SMTP, Envelope, Session

from channels.webhook.http import signing_key

SLOW_SECONDS = 1.5  # longer than the 0.5 s timeout the channels are given in tests
SID, TOKEN = "AC0123456789abcdef", "auth-token-for-tests"
LINE_TOKEN = "line-channel-access-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class SmtpSink:
    """aiosmtpd handler: records each message and each connection (by peer address)."""

    mode: str = "ok"
    messages: list[email.message.Message] = field(default_factory=list)
    raw: list[bytes] = field(default_factory=list)  # each message's bytes as received
    peers: set[tuple[str, int]] = field(default_factory=set)
    auth_logins: list[str] = field(default_factory=list)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.peers.add(session.peer)
        if self.mode == "reject":
            return "550 5.1.1 mailbox unavailable"
        if self.mode == "fail":
            return "451 4.3.0 try again later"
        if self.mode == "slow":  # the client has given up by the time this answers
            await asyncio.sleep(SLOW_SECONDS)
            return "451 4.4.2 too slow"
        if self.mode == "drop":
            server.transport.abort()  # type: ignore[union-attr]
            return "250 OK"
        self.raw.append(envelope.original_content or b"")
        self.messages.append(email.message_from_bytes(envelope.content or b""))  # type: ignore[arg-type]
        return "250 OK queued"

    def authenticate(self, server: SMTP, session: Session, envelope: Envelope, mechanism: str,
                     data: Any) -> Any:
        from aiosmtpd.smtp import AuthResult

        ok = data.login == b"todoke" and data.password == b"s3cret-pass"
        if ok:
            self.auth_logins.append(data.login.decode())
        return AuthResult(success=ok, handled=False)

    def seen_keys(self) -> list[str]:
        return [str(m["Message-ID"]).strip("<>").split("@")[0] for m in self.messages]


class Smsc:
    """The smpp34 server as the gateway: accepts, refuses or ignores submit_sm; sends receipts."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.server = smpp34.Server("127.0.0.1", port, system_id="SMSC")
        self.mode = "ok"
        self.receipt_stat = "DELIVRD"
        self.submits: list[smpp34.SubmitSmEvent] = []
        self.held: list[smpp34.SubmitSmEvent] = []
        self.esmes: list[smpp34.Esme] = []
        self._task: asyncio.Task[None] | None = None
        self._receipts: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        await self.server.start()
        self._task = asyncio.create_task(self._serve())

    async def stop(self) -> None:
        for task in [*self._receipts, *([self._task] if self._task else [])]:
            task.cancel()
        await self.server.stop()

    async def _serve(self) -> None:
        count = 0
        while True:
            event = await self.server.next()
            if isinstance(event, smpp34.Esme):
                self.esmes.append(event)
            elif isinstance(event, smpp34.SubmitSmEvent):
                count += 1
                self._answer(event, f"msg{count:05d}")

    def _answer(self, event: smpp34.SubmitSmEvent, message_id: str) -> None:
        from smpp34 import _smpp34 as codes

        if self.mode == "reject":
            event.reject(codes.ESME_RINVDSTADR)
        elif self.mode == "fail":
            event.reject(codes.ESME_RTHROTTLED)
        elif self.mode == "slow":
            self.held.append(event)  # never answered: the client times out
        else:
            self.submits.append(event)
            event.accept(message_id)
            if event.registered_delivery:
                task = asyncio.create_task(self._receipt(message_id, event.destination_addr))
                self._receipts.add(task)

    async def _receipt(self, message_id: str, number: str) -> None:
        text = (f"id:{message_id} sub:001 dlvrd:001 submit date:2501010900 done date:2501010901 "
                f"stat:{self.receipt_stat} err:000 text:").encode()
        await self.esmes[-1].deliver_sm("Todoke", text, source_addr=number, esm_class=0x04)

    def seen_keys(self) -> list[str]:
        return [t.value.decode() for e in self.submits for t in e.tlvs if t.tag == 0x1501]


@dataclass
class HttpPeer:
    """One local aiohttp app standing in for the Twilio-compatible, LINE or webhook API."""

    mode: str = "ok"
    requests: list[dict[str, Any]] = field(default_factory=list)
    count: int = 0

    async def _fault(self) -> web.Response | None:
        if self.mode == "reject":
            return web.json_response({"code": 21211, "message": "The 'To' number is not valid"}, status=400)
        if self.mode == "fail":
            return web.json_response({"message": "service unavailable"}, status=503)
        if self.mode == "rate":
            return web.json_response({"message": "rate limited"}, status=429, headers={"Retry-After": "7"})
        if self.mode == "slow":  # the client has given up by the time this answers
            await asyncio.sleep(SLOW_SECONDS)
            return web.Response(status=504)
        return None

    def twilio_app(self) -> web.Application:
        async def create(request: web.Request) -> web.Response:
            expected = "Basic " + base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()
            if request.headers.get("Authorization") != expected or request.match_info["sid"] != SID:
                return web.json_response({"code": 20003, "message": "Authenticate"}, status=401)
            fault = await self._fault()
            if fault is not None:
                return fault
            form = dict(await request.post())
            self.count += 1
            prefix = "CA" if request.match_info["resource"] == "Calls" else "SM"
            sid = f"{prefix}{self.count:032d}"
            self.requests.append({**form, "sid": sid, "key": request.headers.get("I-Twilio-Idempotency-Token"),
                                  "resource": request.match_info["resource"]})
            return web.json_response({"sid": sid, "status": "queued"}, status=201)

        app = web.Application()
        app.router.add_post("/2010-04-01/Accounts/{sid}/{resource}.json", create)
        return app

    def line_app(self) -> web.Application:
        async def push(request: web.Request) -> web.Response:
            if request.headers.get("Authorization") != f"Bearer {LINE_TOKEN}":
                return web.json_response({"message": "Authentication failed"}, status=401)
            fault = await self._fault()
            if fault is not None:
                return fault
            body = await request.json()
            if len(body["messages"][0]["text"]) > 5000:
                return web.json_response({"message": "The request body has 1 error(s)"}, status=400)
            self.requests.append({**body, "key": request.headers.get("X-Line-Retry-Key")})
            return web.json_response({"sentMessages": [{"id": str(len(self.requests))}]},
                                     headers={"x-line-request-id": f"req-{len(self.requests)}"})

        app = web.Application()
        app.router.add_post("/v2/bot/message/push", push)
        return app

    def webhook_app(self, secret_key: str) -> web.Application:
        key = signing_key(secret_key)

        async def receive(request: web.Request) -> web.Response:
            raw = await request.read()
            expected = "sha256=" + hmac.new(key, raw, hashlib.sha256).hexdigest()
            if not hmac.compare_digest(request.headers.get("X-Todoke-Signature", ""), expected):
                return web.json_response({"message": "bad signature"}, status=401)
            fault = await self._fault()
            if fault is not None:
                return fault
            self.requests.append({"body": raw, "key": request.headers.get("Idempotency-Key"),
                                  "timestamp": request.headers.get("X-Todoke-Timestamp")})
            return web.Response(status=204)

        async def moved(request: web.Request) -> web.Response:
            raise web.HTTPFound("/hook")

        app = web.Application()
        app.router.add_post("/hook", receive)
        app.router.add_post("/moved", moved)
        return app

    def seen_keys(self) -> list[str]:
        return [str(r["key"]) for r in self.requests]
