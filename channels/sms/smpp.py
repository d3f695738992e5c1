"""SMS over SMPP 3.4 (smpp34): one transceiver bind, submit_sm per part, delivery receipts by deliver_sm.

The gateway answers ``submit_sm`` with a message id (the delivery's provider reference); later a
``deliver_sm`` receipt (``id:… stat:DELIVRD``) confirms or fails the delivery through
``notifier.dispatch.receipts``. A receipt can overtake the worker recording the message id, so
unmatched receipts are tried again for a short while.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import parse_qs, unquote, urlsplit

import smpp34
from smpp34 import _smpp34 as codes  # the status and TLV constants

from channels.addresses import phone_problem
from channels.base import Channel, Message, PermanentDeliveryError, Result, TemporaryDeliveryError
from channels.sms import smpp_codec
from notifier.dispatch.receipts import ReceiptStatus, apply_receipt

if TYPE_CHECKING:
    from notifier.config import Settings
    from notifier.storage.db import Database

log = logging.getLogger(__name__)

# submit_sm_resp command_status → temporary (try again later); anything else is permanent.
TEMPORARY_STATUS = {
    codes.ESME_RTHROTTLED: "ESME_RTHROTTLED", codes.ESME_RMSGQFUL: "ESME_RMSGQFUL",
    codes.ESME_RSYSERR: "ESME_RSYSERR", codes.ESME_RUNKNOWNERR: "ESME_RUNKNOWNERR",
    0x64: "ESME_RX_T_APPN", 0x66: "ESME_RX_R_APPN",
}
PERMANENT_STATUS = {
    codes.ESME_RINVDSTADR: "ESME_RINVDSTADR", codes.ESME_RINVSRCADR: "ESME_RINVSRCADR",
    codes.ESME_RINVMSGLEN: "ESME_RINVMSGLEN", 0x43: "ESME_RINVESMCLASS", 0x45: "ESME_RSUBMITFAIL",
    0x65: "ESME_RX_P_APPN", 0x104: "ESME_RINVDCS",
}
# Receipt stat → receipt status; ENROUTE, ACCEPTD and UNKNOWN are not final and are ignored.
RECEIPT_STATES: dict[str, ReceiptStatus] = {"DELIVRD": "delivered", "UNDELIV": "permanent", "EXPIRED": "permanent",
                  "REJECTD": "permanent", "DELETED": "permanent"}
TLV_CLIENT_REFERENCE = 0x1501  # vendor range: our whole idempotency key, for the gateway's logs
_RECEIPT = re.compile(r"id:(?P<id>\S+).*?stat:(?P<stat>[A-Z]+)(?:.*?err:(?P<err>\S+))?", re.S)
_RECEIPT_RETRIES = (0.2, 0.5, 1.0, 2.0, 5.0)


@dataclass(frozen=True, kw_only=True)
class SmppConfig:
    """``smpp://system_id:password@host:port?source=SaitamaCity&timeout=10&max_parts=10``."""

    host: str
    port: int
    system_id: str
    password: str
    source: str = "Todoke"
    system_type: str = ""
    timeout: float = 10.0
    max_parts: int = 10

    @classmethod
    def from_url(cls, url: str) -> SmppConfig:
        parts = urlsplit(url)
        if parts.scheme != "smpp" or not parts.hostname or not parts.username:
            raise ValueError("an SMPP URL is smpp://system_id:password@host:port")
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        return cls(host=parts.hostname, port=parts.port or 2775, system_id=unquote(parts.username),
                   password=unquote(parts.password or ""), source=query.get("source", "Todoke"),
                   system_type=query.get("system_type", ""), timeout=float(query.get("timeout", "10")),
                   max_parts=int(query.get("max_parts", "10")))


def parse_receipt(text: str) -> tuple[str, str, str | None] | None:
    """``(message id, stat, err)`` of a receipt's short message, or None if it is not one."""
    match = _RECEIPT.search(text)
    return (match["id"], match["stat"], match["err"]) if match else None


def _reference(key: str) -> int:
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:2], "big")


class SmppChannel(Channel):
    name: ClassVar[str] = "smpp"
    family: ClassVar[str] = "sms"
    url_schemes: ClassVar[tuple[str, ...]] = ("smpp",)
    max_body_chars: ClassVar[int | None] = 1530  # 10 GSM parts; UCS-2 text is held to max_parts in _send

    def __init__(self, *, config: SmppConfig, db: Database | None) -> None:
        self.config = config
        self.db = db
        self._client: smpp34.Client | None = None
        self._smsc: smpp34.Smsc | None = None
        self._reader: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()
        self._pending: set[asyncio.Task[None]] = set()

    @classmethod
    def from_settings(cls, settings: Settings, *, db: Database) -> Channel:
        return cls(config=SmppConfig.from_url(settings.sms_url), db=db)

    async def open(self) -> None:
        try:
            await self._session()
        except TemporaryDeliveryError as exc:  # the gateway may come up later; sends reconnect
            log.warning("SMPP gateway not reachable at start: %s", exc.reason)

    async def close(self) -> None:
        for task in [*self._pending, *([self._reader] if self._reader else [])]:
            task.cancel()
        with contextlib.suppress(smpp34.SmppError, OSError, TimeoutError):
            if self._smsc is not None:
                await asyncio.wait_for(self._smsc.unbind(), 2)
        if self._client is not None:
            await self._client.stop()
        self._client = self._smsc = self._reader = None

    async def _session(self) -> smpp34.Smsc:
        async with self._lock:
            if self._smsc is not None:
                return self._smsc
            c = self.config
            client = smpp34.Client(c.host, c.port, c.system_id, c.password, bind_type="TRX",
                                   system_type=c.system_type, connect_timeout_ms=int(c.timeout * 1000))
            try:
                smsc = await asyncio.wait_for(client.connect(), c.timeout)
            except (smpp34.SmppError, OSError, TimeoutError) as exc:
                await client.stop()
                raise TemporaryDeliveryError(f"cannot bind to the SMPP gateway: {exc}") from None
            self._client, self._smsc = client, smsc
            self._reader = asyncio.create_task(self._read(smsc))
            return smsc

    async def _drop(self, smsc: smpp34.Smsc) -> None:
        """Forget a broken session; the next send binds again."""
        async with self._lock:
            if self._smsc is smsc:
                client, self._client, self._smsc = self._client, None, None
                if client is not None:
                    await client.stop()

    def _check_recipient(self, recipient: str) -> str | None:
        return phone_problem(recipient)

    async def _send(self, message: Message) -> Result:
        encoded = smpp_codec.segments(message.text, _reference(message.idempotency_key))
        if len(encoded.parts) > self.config.max_parts:
            raise PermanentDeliveryError(f"text needs {len(encoded.parts)} parts; at most {self.config.max_parts}")
        smsc = await self._session()
        message_id = ""
        for i, part in enumerate(encoded.parts):
            # Only the last part asks for a receipt: its id is the one the delivery keeps.
            message_id = await self._submit(smsc, message, part, encoded, last=i == len(encoded.parts) - 1)
        return Result(message, "accepted", provider_ref=message_id)

    async def _submit(self, smsc: smpp34.Smsc, message: Message, part: bytes, encoded: smpp_codec.Encoded,
                      *, last: bool) -> str:
        key = message.idempotency_key
        tlvs = [smpp34.Tlv(codes.TLV_USER_MESSAGE_REFERENCE, _reference(key).to_bytes(2, "big")),
                smpp34.Tlv(TLV_CLIENT_REFERENCE, key.encode())]
        try:
            response = await asyncio.wait_for(smsc.submit_sm(
                message.recipient.lstrip("+"), part, source_addr=self.config.source, source_addr_ton=5,
                dest_addr_ton=1, dest_addr_npi=1, esm_class=encoded.esm_class, data_coding=encoded.data_coding,
                registered_delivery=1 if last else 0, tlvs=tlvs), self.config.timeout)
        except (smpp34.SmppError, OSError, TimeoutError) as exc:
            await self._drop(smsc)
            raise TemporaryDeliveryError(f"SMPP submit failed: {type(exc).__name__} {exc}") from None
        if response.is_success and response.message_id:
            return response.message_id
        status = response.command_status
        if status in TEMPORARY_STATUS:
            raise TemporaryDeliveryError(f"SMPP {TEMPORARY_STATUS[status]}", code=hex(status))
        raise PermanentDeliveryError(f"SMPP {PERMANENT_STATUS.get(status, 'error')} ({status:#x})", code=hex(status))

    async def _read(self, smsc: smpp34.Smsc) -> None:
        """Take deliver_sm PDUs (receipts) until the session ends."""
        while True:
            try:
                event = await smsc.next()
            except smpp34.SmppError as exc:
                log.warning("SMPP session error: %s", exc)
                break
            if isinstance(event, smpp34.Disconnected):
                break
            self._on_deliver(event)
        await self._drop(smsc)

    def _on_deliver(self, event: smpp34.DeliverSmEvent) -> None:
        if not event.esm_class & 0x04:  # a mobile-originated message, not a receipt: nothing to do
            return
        parsed = parse_receipt(event.short_message.decode("latin-1"))
        if parsed is None or parsed[1] not in RECEIPT_STATES:
            return
        task = asyncio.create_task(self._apply(*parsed))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _apply(self, message_id: str, stat: str, err: str | None) -> None:
        if self.db is None:
            return
        status = RECEIPT_STATES[stat]
        for wait in (0.0, *_RECEIPT_RETRIES):
            await asyncio.sleep(wait)
            if await apply_receipt(self.db, channel="sms", provider_ref=message_id, status=status,
                                   error=None if status == "delivered" else f"SMPP receipt {stat} err:{err}",
                                   meta={"smpp_stat": stat}):
                return
        log.warning("SMPP receipt for an unknown message id %s (%s)", message_id, stat)
