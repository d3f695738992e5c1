"""The channel contract: what a provider declares, what it is given, and what it returns.

A provider subclasses ``Channel``, declares its capabilities as class attributes and
implements ``_send(message)``; it raises ``TemporaryDeliveryError`` (retry later) or
``PermanentDeliveryError`` (fall back to the subscriber's next channel). ``send(batch)``
times, logs and classifies, and always returns one ``Result`` per message.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from notifier.privacy import mask_address

if TYPE_CHECKING:
    from notifier.config import Settings
    from notifier.storage.db import Database

log = logging.getLogger(__name__)

Status = Literal["delivered", "accepted", "temporary", "permanent"]
FAMILIES = ("email", "sms", "voice", "line", "webhook")


class DeliveryError(Exception):
    """Root of delivery failures; ``code`` is the provider's own code when there is one."""

    def __init__(self, reason: str, *, code: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


class TemporaryDeliveryError(DeliveryError):
    """Try again later (4xx SMTP, 5xx HTTP, timeouts, throttling)."""

    def __init__(self, reason: str, *, code: str | None = None, retry_after: float | None = None) -> None:
        super().__init__(reason, code=code)
        self.retry_after = retry_after


class PermanentDeliveryError(DeliveryError):
    """Will never succeed at this address: fall back to the next channel."""


@dataclass(frozen=True, slots=True)
class Message:
    recipient: str  # email address, E.164 number, LINE user id, or webhook URL
    text: str
    idempotency_key: str  # stable across retries: Message-ID, client reference
    subject: str | None = None
    html: str | None = None
    delivery_id: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    meta: Mapping[str, Any] = field(default_factory=dict)  # ssml, audio_url, encoding, language, …


@dataclass(frozen=True, slots=True)
class Result:
    message: Message
    status: Status  # delivered; accepted (a receipt will follow); temporary; permanent
    provider_ref: str | None = None
    error: str | None = None
    retry_after: float | None = None

    @property
    def ok(self) -> bool:
        return self.status in ("delivered", "accepted")


class Channel:
    """Base class of every provider. Construct with keyword arguments only."""

    name: ClassVar[str] = ""  # provider name, unique across entry points: "smtp", "smpp", …
    family: ClassVar[str] = ""  # one of FAMILIES
    url_schemes: ClassVar[tuple[str, ...]] = ()  # URL schemes of the setting that selects it
    max_body_chars: ClassVar[int | None] = None
    supports_html: ClassVar[bool] = False
    rate_per_second: ClassVar[float | None] = None
    concurrency: ClassVar[int] = 10  # messages of one batch in flight at once (see ``in_flight``)

    @classmethod
    def from_settings(cls, settings: Settings, *, db: Database) -> Channel:
        """Build from the family's URL setting (``TODOKE_<FAMILY>_URL``)."""
        raise NotImplementedError(f"{cls.__name__} cannot be built from settings")

    async def open(self) -> None:
        """Open connections (pools, sessions). Called once before the first ``send``."""

    async def close(self) -> None:
        """Release what ``open`` took."""

    async def send(self, batch: Sequence[Message]) -> list[Result]:
        """Send a batch; one ``Result`` per message, in order. Never raises for a message."""
        semaphore = asyncio.Semaphore(self.in_flight())

        async def one(message: Message) -> Result:
            async with semaphore:
                return await self._send_classified(message)

        return list(await asyncio.gather(*(one(m) for m in batch)))

    def in_flight(self) -> int:
        """How many messages of a batch go at once; a pooled provider answers with its pool size."""
        return self.concurrency

    async def _send_classified(self, message: Message) -> Result:
        started = time.perf_counter()
        refused = self._check_length(message) or self._check_recipient(message.recipient)
        if refused:  # refused before sending: no gateway call for what can never succeed
            result = Result(message, "permanent", error=refused)
        else:
            try:
                result = await self._send(message)
            except TemporaryDeliveryError as exc:
                result = Result(message, "temporary", error=exc.reason, retry_after=exc.retry_after)
            except PermanentDeliveryError as exc:
                result = Result(message, "permanent", error=exc.reason)
            except (TimeoutError, ConnectionError, OSError) as exc:
                result = Result(message, "temporary", error=f"{type(exc).__name__}: {exc}")
            except Exception as exc:  # a bug in a channel or its library: retried (bounded), never raised
                log.exception("%s failed unexpectedly on delivery %s", self.name, message.delivery_id)
                result = Result(message, "temporary", error=f"unexpected {type(exc).__name__}: {exc}")
        log.info(
            "%s %s to %s in %.0f ms%s", self.name, result.status,
            mask_address(self.family, message.recipient), (time.perf_counter() - started) * 1000,
            f": {result.error}" if result.error else "",
            extra={"channel": self.name, "delivery_id": message.delivery_id, "status": result.status},
        )
        return result

    def _check_length(self, message: Message) -> str | None:
        if self.max_body_chars is not None and len(message.text) > self.max_body_chars:
            return f"body is {len(message.text)} characters; {self.name} takes at most {self.max_body_chars}"
        return None

    def _check_recipient(self, recipient: str) -> str | None:
        """Why ``recipient`` can never be reached by this provider, or None."""
        return None

    async def _send(self, message: Message) -> Result:
        raise NotImplementedError
