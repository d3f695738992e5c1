"""Failover: when a channel fails for good, the subscriber's next verified channel in their own order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from notifier.dispatch.keys import CONTACT_KIND, idempotency_key
from notifier.storage import schema
from notifier.storage.db import utcnow

s, cp, needs = schema.subscribers, schema.contact_points, schema.subscriber_needs


def insert_ignoring_conflicts(conn: AsyncConnection, table: sa.Table) -> Any:
    """``INSERT … ON CONFLICT DO NOTHING`` for whichever backend ``conn`` is on."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing()


async def _profiles(conn: AsyncConnection, subscriber_ids: set[int]) -> dict[int, dict[str, Any]]:
    """Channel order, verified contact point per kind, and hearing need of each active subscriber."""
    ids = list(subscriber_ids)
    profiles: dict[int, dict[str, Any]] = {
        sid: {"order": order or [], "contacts": {}, "hearing": False}
        for sid, order in await conn.execute(sa.select(s.c.id, s.c.channel_order)
                                             .where(s.c.id.in_(ids), s.c.status == "active"))
    }
    rows = await conn.execute(sa.select(cp.c.subscriber_id, cp.c.kind, cp.c.id)
                              .where(cp.c.subscriber_id.in_(ids), cp.c.verified_at.is_not(None)).order_by(cp.c.id))
    for sid, kind, cp_id in rows:
        if sid in profiles:
            profiles[sid]["contacts"].setdefault(kind, cp_id)
    for (sid,) in await conn.execute(sa.select(needs.c.subscriber_id)
                                     .where(needs.c.subscriber_id.in_(ids), needs.c.need == "hearing")):
        if sid in profiles:
            profiles[sid]["hearing"] = True
    return profiles


def next_step(profile: Mapping[str, Any], after: int) -> tuple[int, str, int] | None:
    """(step, channel, contact point id) of the first usable channel after step ``after``."""
    order = profile["order"]
    for step in range(after + 1, len(order)):
        channel = order[step]
        if profile["hearing"] and channel in ("voice", "voice-relay"):
            continue
        contact = profile["contacts"].get(CONTACT_KIND.get(channel, ""))
        if contact is not None:
            return step, channel, contact
    return None


async def fail_over(conn: AsyncConnection, failed: Sequence[Mapping[str, Any]], *,
                    now: datetime | None = None) -> int:
    """Create the next step's delivery for each failed delivery row; returns how many were created."""
    live = [row for row in failed if row.get("subscriber_id") is not None]
    if not live:
        return 0
    now = now or utcnow()
    profiles = await _profiles(conn, {int(row["subscriber_id"]) for row in live})
    new_rows = []
    for row in live:
        profile = profiles.get(int(row["subscriber_id"]))
        found = next_step(profile, int(row["step"])) if profile else None
        if found is None:
            continue
        step, channel, contact = found
        new_rows.append({
            "notice_id": row["notice_id"], "subscriber_id": row["subscriber_id"], "contact_point_id": contact,
            "channel": channel, "variant": row["variant"], "step": step, "priority": row["priority"],
            "status": "pending", "attempts": 0, "next_attempt_at": now, "caregiver_of": row["caregiver_of"],
            "idempotency_key": idempotency_key(row["notice_id"], row["subscriber_id"], step, row["caregiver_of"]),
            "digest": False, "created_at": now, "updated_at": now, "meta": {"failover_from": row["id"]},
        })
    if new_rows:
        await conn.execute(insert_ignoring_conflicts(conn, schema.deliveries), new_rows)
    return len(new_rows)
