"""Voice calls through a Twilio-compatible Calls API.

The call fetches its TwiML from ``/voice/twiml/{key}`` (channels.voice.twiml): the notice is
spoken or played, then "press 1 to hear it again, 2 to confirm". The call's status callback marks
the delivery delivered, or a temporary failure on no answer so the dispatcher calls again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar
from urllib.parse import parse_qs, urlsplit

import aiohttp

from channels.addresses import phone_problem
from channels.base import Channel, Message, Result
from channels.httpcommon import HttpChannel, TwilioConfig, post_form
from notifier.dispatch.receipts import ReceiptStatus

if TYPE_CHECKING:
    from notifier.config import Settings
    from notifier.storage.db import Database

# CallStatus of the final status callback → receipt status.
RECEIPTS: dict[str, ReceiptStatus] = {
    "completed": "delivered", "no-answer": "temporary", "busy": "temporary", "failed": "temporary",
    "canceled": "permanent",
}


class TwilioVoiceChannel(HttpChannel):
    name: ClassVar[str] = "twilio-voice"
    family: ClassVar[str] = "voice"
    url_schemes: ClassVar[tuple[str, ...]] = ("http", "https")
    max_body_chars: ClassVar[int | None] = 4000  # <Say> takes at most 4096 characters
    concurrency: ClassVar[int] = 4
    # Waits before the 2nd and 3rd call after no answer; the dispatcher owns the number of tries.
    retry_spacing_seconds: ClassVar[tuple[float, ...]] = (300, 900)

    def __init__(self, *, config: TwilioConfig, base_url: str,
                 retry_spacing: tuple[float, ...] | None = None) -> None:
        self.config = config
        self.timeout = config.timeout
        self.base_url = base_url.rstrip("/")
        self.spacing = retry_spacing or self.retry_spacing_seconds

    @classmethod
    def from_settings(cls, settings: Settings, *, db: Database) -> Channel:
        query = parse_qs(urlsplit(settings.voice_url).query)
        spacing = tuple(float(s) for s in query["spacing"][-1].split(",")) if "spacing" in query else None
        return cls(config=TwilioConfig.from_url(settings.voice_url, default_sender=settings.city_phone),
                   base_url=settings.base_url, retry_spacing=spacing)

    def retry_after(self, attempts: int) -> float:
        """The wait before calling again after ``attempts`` unanswered calls."""
        return float(self.spacing[min(max(attempts, 1), len(self.spacing)) - 1])

    def _check_recipient(self, recipient: str) -> str | None:
        return phone_problem(recipient)

    async def _post(self, message: Message, session: aiohttp.ClientSession) -> Result:
        key = message.idempotency_key
        body = await post_form(session, self.config, "Calls", {
            "To": message.recipient, "From": self.config.sender, "Url": f"{self.base_url}/voice/twiml/{key}",
            "Method": "POST", "StatusCallback": f"{self.base_url}/callbacks/voice/{self.config.provider}",
            "StatusCallbackMethod": "POST"}, idempotency_key=key)
        return Result(message, "accepted", provider_ref=str(body["sid"]))
