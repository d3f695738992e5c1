"""Signed JSON webhooks to an organisation's URL (a care facility relaying notices to its residents).

The body is signed with HMAC-SHA256 under a key derived from the service's secret key:
``X-Todoke-Signature: sha256=<hex>`` over the raw body, which also carries the timestamp so a
receiver can refuse old replays. Redirects are refused: the signature is for this URL only.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import urlsplit

import aiohttp

from channels.base import Channel, Message, Result
from channels.httpcommon import HttpChannel, raise_for_status

if TYPE_CHECKING:
    from notifier.config import Settings
    from notifier.storage.db import Database

SIGNATURE_HEADER = "X-Todoke-Signature"


def signing_key(secret_key: str) -> bytes:
    """The webhook key: derived, so the service's own secret never leaves it (receivers get this one)."""
    return hmac.new(secret_key.encode(), b"todoke webhook signing key v1", hashlib.sha256).digest()


def signature(key: bytes, body: bytes) -> str:
    return "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()


class WebhookChannel(HttpChannel):
    name: ClassVar[str] = "webhook"
    family: ClassVar[str] = "webhook"
    url_schemes: ClassVar[tuple[str, ...]] = ()  # no URL setting: the recipient is the URL
    max_body_chars: ClassVar[int | None] = 100_000

    def __init__(self, *, secret_key: str, timeout: float = 15.0) -> None:
        self.key = signing_key(secret_key)
        self.timeout = timeout

    @classmethod
    def from_settings(cls, settings: Settings, *, db: Database) -> Channel:
        return cls(secret_key=settings.secret_key)

    def _check_recipient(self, recipient: str) -> str | None:
        parts = urlsplit(recipient)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return "invalid recipient: a webhook needs an http(s) URL"
        return None

    def payload(self, message: Message, timestamp: int) -> bytes:
        document = {"idempotency_key": message.idempotency_key, "timestamp": timestamp,
                    "subject": message.subject, "text": message.text, "html": message.html,
                    "notice": message.meta.get("notice"), "variant": message.meta.get("variant"),
                    "priority": message.meta.get("priority")}
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()

    async def _post(self, message: Message, session: aiohttp.ClientSession) -> Result:
        timestamp = int(time.time())
        body = self.payload(message, timestamp)
        headers = {"Content-Type": "application/json; charset=utf-8", SIGNATURE_HEADER: signature(self.key, body),
                   "X-Todoke-Timestamp": str(timestamp),
                   "Idempotency-Key": message.idempotency_key}
        async with session.post(message.recipient, data=body, headers=headers, allow_redirects=False) as response:
            text = await response.text()
            raise_for_status(response.status, text, retry_after=response.headers.get("Retry-After"))
        return Result(message, "delivered", provider_ref=message.idempotency_key)
