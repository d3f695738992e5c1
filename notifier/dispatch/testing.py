"""Fakes and factories for tests and benchmarks of the delivery engine (shipped, and tested)."""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from channels.base import Channel, Message, Result, Status
from notifier import crypto
from notifier.storage import schema
from notifier.storage.db import utcnow

_counter = itertools.count(1)
# The tests' TODOKE_SECRET_KEY (tests/conftest.py): contact points are stored encrypted with it.
TEST_SECRET = "test-secret-key-0123456789abcdef"  # noqa: S105 (a test fixture, not a secret)


class MemoryChannel(Channel):
    """Records what it is given in ``.sent``; ``plan`` scripts outcomes per recipient.

    ``plan[recipient]`` is a list of statuses used one per attempt (the last one repeats);
    ``on_send`` runs before each batch (tests use it to inject work mid-broadcast).
    """

    name: ClassVar[str] = "memory"
    family: ClassVar[str] = ""
    concurrency: ClassVar[int] = 100

    def __init__(self, *, family: str = "email", name: str = "memory",
                 plan: dict[str, list[Status]] | None = None,
                 on_send: Callable[[Sequence[Message]], Awaitable[None]] | None = None) -> None:
        self.family_name = family
        self.gateway_name = name
        self.plan = plan or {}
        self.on_send = on_send
        self.sent: list[Message] = []
        self.batches: list[int] = []

    def reset(self) -> None:
        self.sent.clear()
        self.batches.clear()

    async def send(self, batch: Sequence[Message]) -> list[Result]:
        if self.on_send is not None:
            await self.on_send(batch)
        self.batches.append(len(batch))
        return [self._one(m) for m in batch]

    def _one(self, message: Message) -> Result:
        self.sent.append(message)
        outcomes = self.plan.get(message.recipient, ["delivered"])
        tries = sum(1 for m in self.sent if m.recipient == message.recipient)
        status = outcomes[min(tries, len(outcomes)) - 1]
        error = None if status in ("delivered", "accepted") else f"scripted {status}"
        return Result(message, status, provider_ref=f"mem-{next(_counter)}", error=error)


async def make_subscriber(conn: AsyncConnection, *, variant: str = "ja", fallback: Sequence[str] = (),
                          channels: Sequence[str] = ("email",), contacts: dict[str, str] | None = None,
                          unverified: Sequence[str] = (), topics: Sequence[str] = ("disaster",),
                          areas: Sequence[str] = ("11101",), needs: Sequence[str] = (),
                          status: str = "active", quiet: tuple[str, str] | None = None,
                          digest_time: str | None = None, secret: str = TEST_SECRET) -> int:
    """Insert one subscriber with contact points; ``contacts`` maps kind → address."""
    now = utcnow()
    n = next(_counter)
    contacts = {"email": f"user{n}@example.jp"} if contacts is None else contacts
    sid = (await conn.execute(schema.subscribers.insert().values(
        public_id=f"sub{n:08d}", status=status, variant=variant, fallback=list(fallback),
        channel_order=list(channels), quiet_start=quiet[0] if quiet else None, quiet_end=quiet[1] if quiet else None,
        digest_time=digest_time, created_at=now, updated_at=now,
    ).returning(schema.subscribers.c.id))).scalar_one()
    for kind, address in contacts.items():
        await conn.execute(schema.contact_points.insert().values(
            subscriber_id=sid, kind=kind, address=crypto.encrypt(secret, address),
            address_hash=f"{kind}-{n}-{address}".encode(),  # unique, not a keyed hash: tests set one to look up
            verified_at=None if kind in unverified else now, created_at=now))
    await _links(conn, sid, topics, areas, needs, now)
    return int(sid)


async def _links(conn: AsyncConnection, sid: int, topics: Sequence[str], areas: Sequence[str],
                 needs: Sequence[str], now: Any) -> None:
    if topics:
        await conn.execute(schema.subscriber_topics.insert(), [{"subscriber_id": sid, "topic_key": t} for t in topics])
    if areas:
        await conn.execute(schema.subscriber_areas.insert(), [{"subscriber_id": sid, "area_code": a} for a in areas])
    if needs:
        await conn.execute(schema.subscriber_needs.insert(),
                           [{"subscriber_id": sid, "need": x, "consented_at": now} for x in needs])


async def link_caregiver(conn: AsyncConnection, resident: int, caregiver: int, *, status: str = "active") -> None:
    await conn.execute(schema.caregiver_links.insert().values(
        resident_id=resident, caregiver_id=caregiver, relation="family", status=status, created_at=utcnow()))


async def add_renderings(conn: AsyncConnection, notice_id: int, variants: Sequence[str]) -> None:
    """Plain renderings of every format (stand-ins for the renderer's), with the link placeholders."""
    now = utcnow()
    formats = ("email", "sms", "sms-short", "voice", "line", "webhook")
    await conn.execute(schema.renderings.insert(), [
        {"notice_id": notice_id, "variant": v, "format": f, "subject": f"[{v}] お知らせ{notice_id}",
         "text": f"{v}/{f}: 本文 [[UNSUBSCRIBE_URL]]", "html": None, "extra": {}, "created_at": now}
        for v in variants for f in formats])


async def make_notice(conn: AsyncConnection, *, urgency: str = "normal", topics: Sequence[str] = ("disaster",),
                      areas: Sequence[str] = ("all",), needs: Sequence[str] = (), status: str = "sending",
                      variants: Sequence[str] = ("ja", "ja-easy"), **extra: Any) -> dict[str, Any]:
    """A notice row with plain renderings for ``variants`` in every format."""
    now = utcnow()
    n = next(_counter)
    values = {"public_id": f"notice{n}", "title": f"お知らせ{n}", "body": "本文", "urgency": urgency,
              "topics": list(topics), "areas": list(areas), "needs": list(needs), "status": status,
              "created_at": now, "updated_at": now, "sent_at": now, **extra}
    nid = (await conn.execute(schema.notices.insert().values(**values).returning(schema.notices.c.id))).scalar_one()
    if variants:
        await add_renderings(conn, nid, variants)
    row = (await conn.execute(sa.select(schema.notices).where(schema.notices.c.id == nid))).mappings().one()
    return dict(row)


async def bulk_subscribers(conn: AsyncConnection, count: int, *, prefix: str = "bulk",
                           topics: Sequence[str] = ("disaster",), areas: Sequence[str] = ("11101",),
                           domain: str = "example.jp", secret: str = TEST_SECRET) -> None:
    """``count`` email subscribers inserted in a few statements (crash test, benchmarks)."""
    now = utcnow()
    rows = [{"public_id": f"{prefix}{i:08d}", "variant": "ja", "fallback": [], "channel_order": ["email"],
             "created_at": now, "updated_at": now} for i in range(count)]
    await conn.execute(schema.subscribers.insert(), rows)
    s = schema.subscribers
    ids = list(await conn.execute(sa.select(s.c.id, s.c.public_id).where(s.c.public_id.like(f"{prefix}%"))))
    await conn.execute(schema.contact_points.insert(), [
        {"subscriber_id": i, "kind": "email", "address": crypto.encrypt(secret, f"{p}@{domain}"),
         "address_hash": f"h-{p}".encode(),
         "verified_at": now, "created_at": now} for i, p in ids])
    await conn.execute(schema.subscriber_topics.insert(),
                       [{"subscriber_id": i, "topic_key": t} for i, _ in ids for t in topics])
    await conn.execute(schema.subscriber_areas.insert(),
                       [{"subscriber_id": i, "area_code": a} for i, _ in ids for a in areas])
