"""The built-in dev outbox: stores what would have been sent, for every family with no transport."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from channels.base import Channel, Message, Result
from notifier.storage import schema
from notifier.storage.db import utcnow

if TYPE_CHECKING:
    from notifier.config import Settings
    from notifier.storage.db import Database


class DevOutboxChannel(Channel):
    name: ClassVar[str] = "dev"
    family: ClassVar[str] = ""  # serves whichever family it is built for
    concurrency: ClassVar[int] = 1

    def __init__(self, *, db: Database, family: str) -> None:
        self.db = db
        self.family_name = family

    @classmethod
    def from_settings(cls, settings: Settings, *, db: Database) -> Channel:
        return cls(db=db, family="")

    async def send(self, batch: Sequence[Message]) -> list[Result]:
        """One insert for the whole batch; the dev outbox never fails."""
        if not batch:
            return []
        now = utcnow()
        rows = [
            {
                "channel": self.family_name, "recipient": m.recipient, "subject": m.subject, "text": m.text,
                "html": m.html, "idempotency_key": m.idempotency_key, "created_at": now,
                "meta": {k: v for k, v in m.meta.items() if isinstance(v, str | int | float | bool | None)},
            }
            for m in batch
        ]
        async with self.db.begin() as conn:
            await conn.execute(schema.dev_outbox.insert(), rows)
        return [Result(m, "delivered", provider_ref=f"dev:{m.idempotency_key}") for m in batch]

    async def _send(self, message: Message) -> Result:
        return (await self.send([message]))[0]
