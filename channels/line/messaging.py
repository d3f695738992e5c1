"""LINE Messaging API push messages: one text message per notice, with a retry key so a re-sent push is not doubled."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import parse_qs, unquote, urlsplit, urlunsplit

import aiohttp

from channels.addresses import line_problem
from channels.base import Channel, Message, Result
from channels.httpcommon import HttpChannel, raise_for_status

if TYPE_CHECKING:
    from notifier.config import Settings
    from notifier.storage.db import Database

# Namespace of the retry keys: the same idempotency key always gives the same UUID.
_RETRY_NAMESPACE = uuid.UUID("5b0e6f1c-2d7a-4c43-9a52-6a9d3f4e8b10")


@dataclass(frozen=True, kw_only=True)
class LineConfig:
    """``https://:CHANNEL_ACCESS_TOKEN@api.line.me?timeout=15``."""

    base: str
    token: str
    timeout: float = 15.0

    @classmethod
    def from_url(cls, url: str) -> LineConfig:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("the LINE API needs an http(s) URL")
        if not parts.password:
            raise ValueError("the LINE URL needs the channel access token as its password (https://:TOKEN@host)")
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        return cls(base=urlunsplit((parts.scheme, host, parts.path.rstrip("/"), "", "")),
                   token=unquote(parts.password), timeout=float(query.get("timeout", "15")))


def retry_key(idempotency_key: str) -> str:
    return str(uuid.uuid5(_RETRY_NAMESPACE, idempotency_key))


class LineChannel(HttpChannel):
    name: ClassVar[str] = "line"
    family: ClassVar[str] = "line"
    url_schemes: ClassVar[tuple[str, ...]] = ("http", "https")
    max_body_chars: ClassVar[int | None] = 5000  # a LINE text message's limit

    def __init__(self, *, config: LineConfig) -> None:
        self.config = config
        self.timeout = config.timeout

    @classmethod
    def from_settings(cls, settings: Settings, *, db: Database) -> Channel:
        return cls(config=LineConfig.from_url(settings.line_url))

    def _check_recipient(self, recipient: str) -> str | None:
        return line_problem(recipient)

    async def _post(self, message: Message, session: aiohttp.ClientSession) -> Result:
        key = retry_key(message.idempotency_key)
        headers = {"Authorization": f"Bearer {self.config.token}", "X-Line-Retry-Key": key}
        body = {"to": message.recipient, "messages": [{"type": "text", "text": message.text}]}
        async with session.post(f"{self.config.base}/v2/bot/message/push", json=body, headers=headers,
                                allow_redirects=False) as response:
            text = await response.text()
            request_id = response.headers.get("x-line-request-id") or key
            # 409: a push with this retry key was already accepted, so this one is a duplicate, not a failure.
            if response.status == 409 and response.headers.get("x-line-accepted-request-id"):
                return Result(message, "delivered", provider_ref=response.headers["x-line-accepted-request-id"])
            raise_for_status(response.status, text, retry_after=response.headers.get("Retry-After"))
        return Result(message, "delivered", provider_ref=request_id)
