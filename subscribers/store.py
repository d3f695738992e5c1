"""All SQL about subscribers: create, read, change, unsubscribe, export and erase.

Contact points are found by their keyed hash (``notifier.privacy.keyed_hash``), never by
address, so the unique index and lookups work without comparing personal data.
Every function runs inside the caller's transaction: one user action, one transaction.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from notifier import audit, crypto
from notifier.privacy import keyed_hash
from notifier.storage import schema
from notifier.storage.db import utcnow
from subscribers.validation import Contact, SubscriptionInput

S = schema.subscribers
CP = schema.contact_points


@dataclass(frozen=True)
class ContactPoint:
    id: int
    subscriber_id: int
    kind: str
    address: str
    verified_at: datetime | None

    @property
    def verified(self) -> bool:
        return self.verified_at is not None


PUBLIC_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")


def new_public_id() -> str:
    return secrets.token_urlsafe(12)


def contact_hash(secret: str, contact: Contact) -> str:
    return keyed_hash(secret, contact.kind, contact.address)


def preference_values(sub: SubscriptionInput) -> dict[str, Any]:
    return {
        "variant": sub.variant, "fallback": sub.fallback, "furigana": sub.furigana,
        "large_text": sub.large_text, "channel_order": sub.channel_order, "quiet_start": sub.quiet_start,
        "quiet_end": sub.quiet_end, "digest_time": sub.digest_time,
    }


def _contact_point(secret: str, row: Any) -> ContactPoint:
    return ContactPoint(row.id, row.subscriber_id, row.kind, crypto.decrypt(secret, row.address), row.verified_at)


async def find_contacts(conn: AsyncConnection, secret: str, contacts: list[Contact]) -> list[ContactPoint]:
    """Existing contact points for any of these contacts."""
    if not contacts:
        return []
    hashes = [contact_hash(secret, c) for c in contacts]
    rows = await conn.execute(sa.select(CP).where(CP.c.address_hash.in_(hashes)))
    wanted = {(c.kind, contact_hash(secret, c)) for c in contacts}
    return [_contact_point(secret, r) for r in rows if (r.kind, r.address_hash) in wanted]


async def contact_point(conn: AsyncConnection, secret: str, contact_id: int) -> ContactPoint | None:
    row = (await conn.execute(sa.select(CP).where(CP.c.id == contact_id))).first()
    return _contact_point(secret, row) if row else None


async def contact_points(conn: AsyncConnection, secret: str, subscriber_id: int) -> list[ContactPoint]:
    rows = await conn.execute(sa.select(CP).where(CP.c.subscriber_id == subscriber_id).order_by(CP.c.id))
    return [_contact_point(secret, r) for r in rows]


async def create(conn: AsyncConnection, secret: str, sub: SubscriptionInput, *, source: str) -> tuple[int, str]:
    """A new subscriber with unverified contact points; returns (id, public_id)."""
    now = utcnow()
    public_id = new_public_id()
    subscriber_id = (await conn.execute(S.insert().values(
        public_id=public_id, source=source, created_at=now, updated_at=now, **preference_values(sub),
    ).returning(S.c.id))).scalar_one()
    await add_contacts(conn, secret, subscriber_id, sub.contacts)
    await _replace_lists(conn, subscriber_id, sub)
    await audit.record(conn, f"citizen:{public_id}", "subscriber.created", public_id,
                       {"source": source, "channels": sub.channel_order})
    return subscriber_id, public_id


async def add_contacts(conn: AsyncConnection, secret: str, subscriber_id: int, contacts: list[Contact]) -> None:
    if not contacts:
        return
    now = utcnow()
    await conn.execute(CP.insert(), [
        {"subscriber_id": subscriber_id, "kind": c.kind, "address": crypto.encrypt(secret, c.address),
         "address_hash": contact_hash(secret, c), "created_at": now} for c in contacts
    ])


async def _replace_lists(conn: AsyncConnection, subscriber_id: int, sub: SubscriptionInput) -> None:
    for table in (schema.subscriber_topics, schema.subscriber_areas):
        await conn.execute(table.delete().where(table.c.subscriber_id == subscriber_id))
    await conn.execute(schema.subscriber_topics.insert(),
                       [{"subscriber_id": subscriber_id, "topic_key": t} for t in sub.topics])
    await conn.execute(schema.subscriber_areas.insert(),
                       [{"subscriber_id": subscriber_id, "area_code": a} for a in sub.areas])
    await _replace_needs(conn, subscriber_id, sub.needs)


async def _replace_needs(conn: AsyncConnection, subscriber_id: int, needs: list[str]) -> None:
    """Keep the consent time of needs already declared; a removed need is deleted for real."""
    table = schema.subscriber_needs
    current = set((await conn.execute(sa.select(table.c.need).where(table.c.subscriber_id == subscriber_id)))
                  .scalars())
    removed = current - set(needs)
    if removed:
        await conn.execute(table.delete().where(table.c.subscriber_id == subscriber_id, table.c.need.in_(removed)))
    added = [n for n in needs if n not in current]
    if added:
        now = utcnow()
        await conn.execute(table.insert(), [{"subscriber_id": subscriber_id, "need": n, "consented_at": now}
                                            for n in added])


async def update(conn: AsyncConnection, secret: str, subscriber_id: int, sub: SubscriptionInput,
                 *, reactivate: bool = True) -> list[ContactPoint]:
    """Change everything; contact points not given are removed. Returns the new (unverified) ones."""
    values: dict[str, Any] = {**preference_values(sub), "updated_at": utcnow()}
    if reactivate:
        values.update(status="active", unsubscribed_at=None)
    await conn.execute(S.update().where(S.c.id == subscriber_id).values(**values))
    existing = {(cp.kind, cp.address): cp for cp in await contact_points(conn, secret, subscriber_id)}
    wanted = {(c.kind, c.address) for c in sub.contacts}
    gone = [cp.id for key, cp in existing.items() if key not in wanted]
    if gone:
        await conn.execute(CP.delete().where(CP.c.id.in_(gone)))
    await add_contacts(conn, secret, subscriber_id, [c for c in sub.contacts if (c.kind, c.address) not in existing])
    await _replace_lists(conn, subscriber_id, sub)
    return [cp for cp in await contact_points(conn, secret, subscriber_id) if (cp.kind, cp.address) not in existing]


# Built once (the manage-token lookup runs on every self-service request): see _lists_query.
_BY_PUBLIC_ID = sa.select(S).where(S.c.public_id == sa.bindparam("public_id"))


async def by_public_id(conn: AsyncConnection, public_id: str) -> Any:
    if not PUBLIC_ID.fullmatch(public_id):  # not ours (and never sent to the database: NUL, surrogates)
        return None
    return (await conn.execute(_BY_PUBLIC_ID, {"public_id": public_id})).first()


async def by_id(conn: AsyncConnection, subscriber_id: int) -> Any:
    return (await conn.execute(sa.select(S).where(S.c.id == subscriber_id))).first()


async def unsubscribe(conn: AsyncConnection, subscriber_id: int, public_id: str, *, via: str) -> None:
    """Takes effect at once: the delivery engine only picks active subscribers."""
    now = utcnow()
    await conn.execute(S.update().where(S.c.id == subscriber_id).values(
        status="unsubscribed", unsubscribed_at=now, updated_at=now))
    await audit.record(conn, f"citizen:{public_id}", "subscriber.unsubscribed", public_id, {"via": via})


async def document(conn: AsyncConnection, secret: str, row: Any) -> dict[str, Any]:
    """Everything about one subscriber as JSON (the API's view, and the APPI export's core)."""
    topics, areas, needs, contacts = await _lists(conn, secret, row.id)
    return {
        "id": row.public_id, "status": row.status, "language": row.variant, "fallback": list(row.fallback),
        "furigana": row.furigana, "large_text": row.large_text, "channels": list(row.channel_order),
        "quiet_hours": {"start": row.quiet_start, "end": row.quiet_end} if row.quiet_start else None,
        "digest_time": row.digest_time, "topics": sorted(topics), "areas": sorted(areas),
        "needs": sorted(needs), "needs_consented_at": {need: _iso(at) for need, at in needs.items()},
        "contacts": [{"kind": cp.kind, "address": cp.address, "verified": cp.verified,
                      "verified_at": _iso(cp.verified_at)} for cp in contacts],
        "source": row.source, "created_at": _iso(row.created_at), "updated_at": _iso(row.updated_at),
        "unsubscribed_at": _iso(row.unsubscribed_at),
    }


def _lists_query() -> sa.CompoundSelect:
    """Topics, areas, needs (with consent time) and contact points as ONE statement, not four.

    The subscription read is the busiest API call; on SQLite every statement is a round trip to
    aiosqlite's thread, so the lists come back as one UNION ALL tagged by ``part``. Built once:
    SQLAlchemy then finds its compiled form by a memoised cache key instead of walking a new tree.
    The contact-point select goes first: it gives the union its column types (the timestamp).
    """
    tag, sid = sa.literal_column, sa.bindparam("sid", type_=CP.c.subscriber_id.type)
    topics, areas, needs = schema.subscriber_topics, schema.subscriber_areas, schema.subscriber_needs
    return sa.union_all(
        sa.select(tag("'c'").label("part"), CP.c.id, CP.c.kind.label("value"), CP.c.address,
                  CP.c.verified_at.label("at")).where(CP.c.subscriber_id == sid),
        sa.select(tag("'n'"), sa.null(), needs.c.need, sa.null(), needs.c.consented_at)
        .where(needs.c.subscriber_id == sid),
        sa.select(tag("'t'"), sa.null(), topics.c.topic_key, sa.null(), sa.null()).where(topics.c.subscriber_id == sid),
        sa.select(tag("'a'"), sa.null(), areas.c.area_code, sa.null(), sa.null()).where(areas.c.subscriber_id == sid),
    )


_LISTS = _lists_query()


async def _lists(conn: AsyncConnection, secret: str, sid: int) -> tuple[
        list[str], list[str], dict[str, datetime], list[ContactPoint]]:
    found: dict[str, list[Any]] = {"c": [], "n": [], "t": [], "a": []}
    for r in await conn.execute(_LISTS, {"sid": sid}):
        found[r.part].append(r)
    contacts = sorted((ContactPoint(r.id, sid, r.value, crypto.decrypt(secret, r.address), r.at) for r in found["c"]),
                      key=lambda cp: cp.id)
    return ([r.value for r in found["t"]], [r.value for r in found["a"]], {r.value: r.at for r in found["n"]},
            contacts)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


async def export(conn: AsyncConnection, secret: str, row: Any) -> dict[str, Any]:
    """The APPI disclosure: the subscription, caregiver links, deliveries and audit entries."""
    data = await document(conn, secret, row)
    data["caregiver_links"] = await links_of(conn, row.id)
    deliveries = await conn.execute(sa.select(
        schema.deliveries.c.channel, schema.deliveries.c.status, schema.deliveries.c.created_at,
        schema.notices.c.public_id.label("notice"),
    ).join(schema.notices, schema.notices.c.id == schema.deliveries.c.notice_id)
        .where(schema.deliveries.c.subscriber_id == row.id).order_by(schema.deliveries.c.id))
    data["deliveries"] = [{"notice": d.notice, "channel": d.channel, "status": d.status,
                           "at": _iso(d.created_at)} for d in deliveries]
    log = await conn.execute(sa.select(schema.audit_log).where(schema.audit_log.c.target == row.public_id)
                             .order_by(schema.audit_log.c.id))
    data["audit"] = [{"at": _iso(e.at), "actor": e.actor, "action": e.action} for e in log]
    return data


async def erase(conn: AsyncConnection, secret: str, row: Any, *, actor: str) -> None:
    """APPI deletion, for real: rows gone (contact points, lists, needs, links cascade).

    Deliveries keep their counts for statistics but lose the link to the person; the audit
    log only ever held the public id, so nothing there identifies them any more.
    """
    addresses = [crypto.decrypt(secret, a) for a in (await conn.execute(
        sa.select(CP.c.address).where(CP.c.subscriber_id == row.id))).scalars()]
    await conn.execute(schema.caregiver_links.delete().where(sa.or_(
        schema.caregiver_links.c.resident_id == row.id, schema.caregiver_links.c.caregiver_id == row.id)))
    await conn.execute(S.delete().where(S.c.id == row.id))
    if addresses:  # the dev outbox is a copy of what was sent: it goes too
        await conn.execute(schema.dev_outbox.delete().where(schema.dev_outbox.c.recipient.in_(addresses)))
    await audit.record(conn, actor, "subscriber.erased", row.public_id)


async def links_of(conn: AsyncConnection, subscriber_id: int) -> list[dict[str, Any]]:
    """Caregiver links where this subscriber is the resident or the caregiver (no contact details)."""
    links = schema.caregiver_links
    rows = await conn.execute(sa.select(links).where(sa.or_(
        links.c.resident_id == subscriber_id, links.c.caregiver_id == subscriber_id)).order_by(links.c.id))
    return [{"id": r.id, "role": "resident" if r.resident_id == subscriber_id else "caregiver",
             "relation": r.relation, "status": r.status, "consented_at": _iso(r.consented_at)} for r in rows]
