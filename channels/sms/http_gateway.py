"""SMS through a Twilio-compatible Messages API; delivery arrives later as a signed status callback."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import aiohttp

from channels.addresses import phone_problem
from channels.base import Channel, Message, Result
from channels.httpcommon import HttpChannel, TwilioConfig, post_form
from notifier.dispatch.receipts import ReceiptStatus

if TYPE_CHECKING:
    from notifier.config import Settings
    from notifier.storage.db import Database

# MessageStatus of a status callback → receipt status; the interim ones (queued, sent…) are ignored.
RECEIPTS: dict[str, ReceiptStatus] = {"delivered": "delivered", "undelivered": "permanent", "failed": "permanent"}


class TwilioSmsChannel(HttpChannel):
    name: ClassVar[str] = "twilio-sms"
    family: ClassVar[str] = "sms"
    url_schemes: ClassVar[tuple[str, ...]] = ("http", "https")
    max_body_chars: ClassVar[int | None] = 1600  # the Messages API's own limit (10 concatenated parts)

    def __init__(self, *, config: TwilioConfig, base_url: str) -> None:
        self.config = config
        self.timeout = config.timeout
        self.callback_url = f"{base_url.rstrip('/')}/callbacks/sms/{config.provider}"

    @classmethod
    def from_settings(cls, settings: Settings, *, db: Database) -> Channel:
        return cls(config=TwilioConfig.from_url(settings.sms_url, default_sender=settings.city_name),
                   base_url=settings.base_url)

    def _check_recipient(self, recipient: str) -> str | None:
        return phone_problem(recipient)

    async def _post(self, message: Message, session: aiohttp.ClientSession) -> Result:
        body = await post_form(session, self.config, "Messages", {
            "To": message.recipient, "From": self.config.sender, "Body": message.text,
            "StatusCallback": self.callback_url}, idempotency_key=message.idempotency_key)
        return Result(message, "accepted", provider_ref=str(body["sid"]))
