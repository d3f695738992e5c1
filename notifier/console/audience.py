"""Who a notice would reach, counted before sending: by channel and by variant.

The same selection as the fan-out (``dispatch.fanout_sql``): active subscribers with one of the
topics, in one of the wards (or all), with every listed need; each one's first verified channel in
their own order (never a call for a hearing-impaired subscriber); active caregivers of each get a
copy. Counting walks subscriber ids in chunks, like the fan-out, never holding everyone at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from notifier.dispatch.failover import next_step
from notifier.dispatch.fanout import resolve_variant
from notifier.storage import schema

s, cp, st, sa_, sn = (schema.subscribers, schema.contact_points, schema.subscriber_topics,
                      schema.subscriber_areas, schema.subscriber_needs)
links = schema.caregiver_links
CHUNK = 5000


@dataclass
class Audience:
    total: int = 0
    unreachable: int = 0  # selected, but no verified contact point in their channel order
    by_channel: Counter[str] = field(default_factory=Counter)
    by_variant: Counter[str] = field(default_factory=Counter)


def _targets(notice: Mapping[str, Any]) -> sa.Select[Any]:
    topics, areas, needs = list(notice["topics"] or []), list(notice["areas"] or []), list(notice["needs"] or [])
    query = sa.select(s.c.id).where(s.c.status == "active", sa.exists().where(
        st.c.subscriber_id == s.c.id, st.c.topic_key.in_(topics)))
    if areas and areas != ["all"]:
        query = query.where(sa.exists().where(sa_.c.subscriber_id == s.c.id, sa_.c.area_code.in_(areas)))
    if needs:
        query = query.where(sa.exists().where(sn.c.subscriber_id == s.c.id, sn.c.need.in_(needs)))
    return query


async def _profiles(conn: AsyncConnection, ids: list[int]) -> dict[int, dict[str, Any]]:
    profiles = {row.id: {"order": row.channel_order or [], "contacts": {}, "hearing": False,
                         "variant": row.variant, "fallback": row.fallback or []}
                for row in await conn.execute(sa.select(s.c.id, s.c.channel_order, s.c.variant, s.c.fallback)
                                              .where(s.c.id.in_(ids), s.c.status == "active"))}
    for sid, kind, cp_id in await conn.execute(sa.select(cp.c.subscriber_id, cp.c.kind, cp.c.id).where(
            cp.c.subscriber_id.in_(ids), cp.c.verified_at.is_not(None)).order_by(cp.c.id)):
        profiles[sid]["contacts"].setdefault(kind, cp_id)
    for (sid,) in await conn.execute(sa.select(sn.c.subscriber_id).where(sn.c.subscriber_id.in_(ids),
                                                                          sn.c.need == "hearing")):
        profiles[sid]["hearing"] = True
    return profiles


async def _caregivers(conn: AsyncConnection, ids: list[int]) -> list[int]:
    c = s.alias("c")
    rows = await conn.execute(sa.select(links.c.caregiver_id).join(c, c.c.id == links.c.caregiver_id).where(
        links.c.resident_id.in_(ids), links.c.status == "active", c.c.status == "active"))
    return [cid for (cid,) in rows]


def _count(result: Audience, profile: Mapping[str, Any] | None, available: set[str]) -> None:
    found = next_step(profile, -1) if profile else None
    if found is None:
        result.unreachable += 1
        return
    result.total += 1
    result.by_channel[found[1]] += 1
    assert profile is not None
    result.by_variant[resolve_variant(profile["variant"], profile["fallback"], available or {profile["variant"]})] += 1


async def count(conn: AsyncConnection, notice: Mapping[str, Any], available: set[str]) -> Audience:
    """``available``: the variants the notice is rendered in (others fall back as in the fan-out)."""
    result = Audience()
    if not notice["topics"]:
        return result
    last = 0
    while True:
        ids = [i for (i,) in await conn.execute(
            _targets(notice).where(s.c.id > last).order_by(s.c.id).limit(CHUNK))]
        if not ids:
            return result
        last = ids[-1]
        carers = await _caregivers(conn, ids)
        profiles = await _profiles(conn, list({*ids, *carers}))
        for sid in [*ids, *carers]:
            _count(result, profiles.get(sid), available)
