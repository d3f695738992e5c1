"""Turning claimed outbox rows into channel ``Message``s: the pre-rendered body, personalised.

Renderings are loaded once per notice and kept (they never change once made); the per-recipient
work is a string substitution of the manage and unsubscribe links.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from channels.base import Message
from notifier import crypto
from notifier.config import Settings
from notifier.dispatch.keys import rendering_format
from notifier.rendering import render
from notifier.rendering.render import Rendering
from notifier.rendering.store import load_renderings
from notifier.storage import schema
from notifier.storage.db import Database
from subscribers.tokens import manage_url, unsubscribe_url


class Links:
    """Each subscriber's manage and one-click unsubscribe URLs (signed tokens, subscribers.tokens)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def urls(self, public_id: str) -> tuple[str, str]:
        return manage_url(self.settings, public_id), unsubscribe_url(self.settings, public_id)


def personalise(rendering: Rendering, manage_url: str, unsubscribe_url: str) -> Rendering:
    """The pre-rendered body with this subscriber's links in place (text, html, headers)."""
    return render.personalise(rendering, manage_url=manage_url, unsubscribe_url=unsubscribe_url)


async def _load_renderings(conn: AsyncConnection, notice_id: int) -> dict[tuple[str, str], Rendering]:
    return dict(await load_renderings(conn, notice_id))


class MessageBuilder:
    def __init__(self, db: Database, settings: Settings, *, cache_notices: int = 32) -> None:
        self.db = db
        self.secret = settings.secret_key  # contact points are stored encrypted (notifier.crypto)
        self.links = Links(settings)
        self.cache: OrderedDict[int, tuple[dict[str, Any], dict[tuple[str, str], Any]]] = OrderedDict()
        self.cache_notices = cache_notices

    async def notice(self, conn: AsyncConnection, notice_id: int) -> tuple[dict[str, Any], dict[tuple[str, str], Any]]:
        if notice_id in self.cache:
            self.cache.move_to_end(notice_id)
            return self.cache[notice_id]
        n = schema.notices
        row = (await conn.execute(sa.select(n.c.id, n.c.public_id, n.c.sent_at, n.c.urgency)
                                  .where(n.c.id == notice_id))).mappings().one()
        entry = (dict(row), await _load_renderings(conn, notice_id))
        self.cache[notice_id] = entry
        if len(self.cache) > self.cache_notices:
            self.cache.popitem(last=False)
        return entry

    async def by_public_id(self, notice_ids: Iterable[int]) -> dict[str, tuple[dict[str, Any], dict[Any, Any]]]:
        """(row, renderings) of each notice by public id, loading again any the small cache has dropped
        (a digest may carry more notices than the cache holds)."""
        async with self.db.connect() as conn:
            entries = [await self.notice(conn, nid) for nid in sorted(set(notice_ids))]
        return {entry[0]["public_id"]: entry for entry in entries}

    async def build(self, rows: Sequence[Mapping[str, Any]]) -> list[Message | str]:
        """One ``Message`` per row, or the reason it cannot be sent (a permanent failure)."""
        cp, s = schema.contact_points, schema.subscribers
        async with self.db.connect() as conn:
            addresses = {i: crypto.decrypt(self.secret, a) for i, a in await conn.execute(
                sa.select(cp.c.id, cp.c.address).where(
                    cp.c.id.in_({r["contact_point_id"] for r in rows if r["contact_point_id"]})))}
            public_ids = dict((await conn.execute(sa.select(s.c.id, s.c.public_id).where(
                s.c.id.in_({r["subscriber_id"] for r in rows if r["subscriber_id"]})))).all())
            notices = {nid: await self.notice(conn, nid) for nid in {r["notice_id"] for r in rows}}
        return [self._one(r, addresses, public_ids, notices[r["notice_id"]]) for r in rows]

    def _one(self, row: Mapping[str, Any], addresses: Mapping[int, str], public_ids: Mapping[int, str],
             notice: tuple[dict[str, Any], dict[tuple[str, str], Any]]) -> Message | str:
        address = addresses.get(row["contact_point_id"])
        public_id = public_ids.get(row["subscriber_id"])
        if address is None or public_id is None:
            return "the contact point or subscriber was deleted"
        fmt = rendering_format(row["channel"], row["priority"])
        renderings = notice[1]
        rendering = next((renderings[(v, fmt)] for v in (row["variant"], "ja-easy", "ja") if (v, fmt) in renderings),
                         None)
        if rendering is None:
            return f"no {fmt} rendering for variant {row['variant']}"
        done = personalise(rendering, *self.links.urls(public_id))
        extra = dict(done.extra or {})
        headers = extra.pop("headers", None) or {}
        meta = {**extra, "notice": notice[0]["public_id"], "variant": done.variant, "format": fmt,
                "channel": row["channel"], "priority": row["priority"]}
        return Message(recipient=address, text=done.text, idempotency_key=row["idempotency_key"],
                       subject=done.subject, html=done.html, delivery_id=row["id"], headers=headers, meta=meta)
