"""The ``voice-relay`` provider: a call read out by a relay operator instead of a machine.

"Sending" puts the delivery in the operators' queue (``/console/relay``): the result is
``accepted`` with ``provider_ref = relay:queued``; the operator's outcome button settles it later.
No URL selects it: the registry builds it whenever it is installed (entry point ``relay``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from channels.base import Channel, Message, Result

if TYPE_CHECKING:
    from notifier.config import Settings
    from notifier.storage.db import Database

QUEUED = "relay:queued"


class RelayQueueChannel(Channel):
    """The ``voice-relay`` gateway: hands each call to the operators' queue."""

    name: ClassVar[str] = "relay"
    family: ClassVar[str] = "voice-relay"

    @classmethod
    def from_settings(cls, settings: Settings, *, db: Database) -> Channel:
        return cls()

    async def _send(self, message: Message) -> Result:
        return Result(message, "accepted", provider_ref=QUEUED)
