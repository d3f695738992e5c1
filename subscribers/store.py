"""All SQL about subscribers: create, read, change, unsubscribe, export and erase.

Contact points are found by their keyed hash (``notifier.privacy.keyed_hash``), never by
address, so the unique index and lookups work without comparing personal data.
Every function runs inside the caller's transaction: one user action, one transaction.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from notifier import audit, crypto
from notifier.privacy import keyed_hash, lookup_hashes
from notifier.storage import schema
from notifier.storage.db import Database, utcnow
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


def contact_hash(secret: str, contact: Contact) -> bytes:
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
    # every key's hash: during a key rotation a contact point may still carry one under a retired key
    wanted = {(c.kind, h) for c in contacts for h in lookup_hashes(secret, c.kind, c.address)}
    rows = await conn.execute(sa.select(CP).where(CP.c.address_hash.in_(sorted({h for _, h in wanted}))))
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


# Built once (the manage-token lookup runs on every self-service request): see _document_query.
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
    doc = await read_document(conn, secret, row.public_id)
    if doc is None:  # the caller's transaction holds the row: only a bug gets here
        raise LookupError(f"subscriber {row.public_id} vanished inside its own transaction")
    return doc


async def read_document(conn: AsyncConnection, secret: str, public_id: str) -> dict[str, Any] | None:
    """The subscriber ``public_id`` as JSON, read on ``conn`` (inside the caller's transaction); None if absent."""
    if not PUBLIC_ID.fullmatch(public_id):
        return None
    return _assemble(secret, await conn.execute(_DOCUMENT, {"public_id": public_id}))


async def fresh_document(db: Database, secret: str, public_id: str) -> dict[str, Any] | None:
    """The subscriber ``public_id`` as JSON, read fresh in ONE statement (a consistent snapshot by
    itself, so no transaction around it: see ``Database.snapshot``); None if absent."""
    if not PUBLIC_ID.fullmatch(public_id):  # not ours (and never sent to the database: NUL, surrogates)
        return None
    return _assemble(secret, await db.snapshot(_DOCUMENT, {"public_id": public_id}))


def _assemble(secret: str, rows: Iterable[Any]) -> dict[str, Any] | None:
    found: dict[str, list[Any]] = {"s": [], "c": [], "n": [], "t": [], "a": []}
    for r in rows:
        found[r.part].append(r)
    if not found["s"]:
        return None
    row = found["s"][0]
    contacts = sorted((ContactPoint(r.id, row.id, r.value, crypto.decrypt(secret, r.address), r.at)
                       for r in found["c"]), key=lambda cp: cp.id)
    needs = {r.value: r.at for r in found["n"]}
    return {
        "id": row.value, "status": row.status, "language": row.variant, "fallback": list(row.fallback),
        "furigana": row.furigana, "large_text": row.large_text, "channels": list(row.channel_order),
        "quiet_hours": {"start": row.quiet_start, "end": row.quiet_end} if row.quiet_start else None,
        "digest_time": row.digest_time, "topics": sorted(r.value for r in found["t"]),
        "areas": sorted(r.value for r in found["a"]),
        "needs": sorted(needs), "needs_consented_at": {need: _iso(at) for need, at in needs.items()},
        "contacts": [{"kind": cp.kind, "address": cp.address, "verified": cp.verified,
                      "verified_at": _iso(cp.verified_at)} for cp in contacts],
        "source": row.source, "created_at": _iso(row.created_at), "updated_at": _iso(row.updated_at),
        "unsubscribed_at": _iso(row.unsubscribed_at),
    }


# The subscriber's own columns in the document; the list branches of the union pad them with NULL.
_OWN = (S.c.status, S.c.variant, S.c.fallback, S.c.furigana, S.c.large_text, S.c.channel_order, S.c.quiet_start,
        S.c.quiet_end, S.c.digest_time, S.c.source, S.c.created_at, S.c.updated_at, S.c.unsubscribed_at)


def _document_query() -> sa.CompoundSelect:
    """The subscriber row, contact points, needs (with consent time), topics and areas: ONE UNION ALL.

    The subscription read is the busiest API call. On SQLite every statement is a round trip to
    aiosqlite's thread, and each hop is paid again in GIL hand-overs under load; a single statement
    is also a consistent snapshot without a transaction. Rows are tagged by ``part``; the subscriber
    branch goes first and gives the union its column types (``at`` is coerced to a timestamp, so
    contact and need times come back as datetimes). Built once: SQLAlchemy then finds its compiled
    form by a memoised cache key instead of walking a new tree.
    """
    tag = sa.literal_column
    public_id = sa.bindparam("public_id", type_=S.c.public_id.type)
    sid = sa.select(S.c.id).where(S.c.public_id == public_id).scalar_subquery()  # evaluated once by the database
    pad = [sa.null()] * len(_OWN)
    topics, areas, needs = schema.subscriber_topics, schema.subscriber_areas, schema.subscriber_needs
    return sa.union_all(
        sa.select(tag("'s'").label("part"), S.c.id, S.c.public_id.label("value"), sa.null().label("address"),
                  sa.type_coerce(sa.null(), schema.TS).label("at"), *_OWN).where(S.c.public_id == public_id),
        sa.select(tag("'c'"), CP.c.id, CP.c.kind, CP.c.address, CP.c.verified_at, *pad)
        .where(CP.c.subscriber_id == sid),
        sa.select(tag("'n'"), sa.null(), needs.c.need, sa.null(), needs.c.consented_at, *pad)
        .where(needs.c.subscriber_id == sid),
        sa.select(tag("'t'"), sa.null(), topics.c.topic_key, sa.null(), sa.null(), *pad)
        .where(topics.c.subscriber_id == sid),
        sa.select(tag("'a'"), sa.null(), areas.c.area_code, sa.null(), sa.null(), *pad)
        .where(areas.c.subscriber_id == sid),
    )


_DOCUMENT = _document_query()


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
