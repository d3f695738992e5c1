"""Bulk import: batches of parsed rows written with executemany, one transaction per batch.

Per batch: one query finds which contacts already exist; new subscribers, their contact
points, topics and wards are inserted with one executemany each; existing subscribers are
updated the same way. No per-row round trip, so validation dominates the cost.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from notifier.config import Settings
from notifier.privacy import keyed_hash
from notifier.storage import schema
from notifier.storage.db import utcnow
from subscribers import verification
from subscribers.store import CP, ContactPoint, S, preference_values
from subscribers.validation import SubscriptionInput
from subscribers.verification import CODE_TTL, Outgoing

BATCH = 1000


@dataclass
class Counts:
    imported: int = 0
    updated: int = 0
    skipped: int = 0
    bad: int = 0

    def line(self) -> str:
        return f"imported {self.imported}, updated {self.updated}, skipped {self.skipped}, bad {self.bad}"


@dataclass
class Row:
    line: int
    sub: SubscriptionInput
    hashes: list[str] = field(default_factory=list)


@dataclass
class BatchResult:
    imported: int = 0
    updated: int = 0
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # (line, "bad"|"skipped", reason)
    new_contacts: list[tuple[ContactPoint, str]] = field(default_factory=list)  # (contact point, variant)


async def write_batch(conn: AsyncConnection, settings: Settings, rows: list[Row], *,
                      verified_by: str | None) -> BatchResult:
    """Insert or update one batch inside the caller's transaction."""
    result = BatchResult()
    for row in rows:
        row.hashes = [keyed_hash(settings.secret_key, c.kind, c.address) for c in row.sub.contacts]
    owners = await _owners(conn, [h for r in rows for h in r.hashes])
    fresh, existing = _split_rows(rows, owners, result)
    now = utcnow()
    if fresh:
        await _insert(conn, fresh, now, verified_by, result)
    if existing:
        await _update(conn, existing, owners, now, verified_by, result)
    return result


async def _owners(conn: AsyncConnection, hashes: list[str]) -> dict[str, int]:
    if not hashes:
        return {}
    rows = await conn.execute(sa.select(CP.c.address_hash, CP.c.kind, CP.c.subscriber_id)
                              .where(CP.c.address_hash.in_(hashes)))
    return {r.address_hash: r.subscriber_id for r in rows}


def _split_rows(rows: list[Row], owners: dict[str, int],
                result: BatchResult) -> tuple[list[Row], list[tuple[Row, int]]]:
    seen: dict[str, int] = {}
    fresh: list[Row] = []
    existing: list[tuple[Row, int]] = []
    claimed: set[int] = set()
    for row in rows:
        earlier = next((seen[h] for h in row.hashes if h in seen), None)
        if earlier is not None:
            result.problems.append((row.line, "skipped", f"same contact as line {earlier}"))
            continue
        found = {owners[h] for h in row.hashes if h in owners}
        if len(found) > 1:
            result.problems.append((row.line, "bad", "contacts belong to different existing subscribers"))
            continue
        owner = next(iter(found), None)
        if owner is not None and owner in claimed:
            result.problems.append((row.line, "skipped", "subscriber already updated by an earlier line"))
            continue
        seen.update((h, row.line) for h in row.hashes)
        if owner is None:
            fresh.append(row)
        else:
            claimed.add(owner)
            existing.append((row, owner))
    return fresh, existing


def _contact_rows(row: Row, subscriber_id: int, now: datetime, verified_by: str | None,
                  skip: frozenset[str] | set[str] = frozenset()) -> list[dict[str, Any]]:
    return [{"subscriber_id": subscriber_id, "kind": c.kind, "address": c.address, "address_hash": h,
             "created_at": now, "verified_at": now if verified_by else None, "verified_by": verified_by}
            for c, h in zip(row.sub.contacts, row.hashes, strict=True) if h not in skip]


async def _insert(conn: AsyncConnection, rows: list[Row], now: datetime, verified_by: str | None,
                  result: BatchResult) -> None:
    params = [{"public_id": secrets.token_urlsafe(12), "source": "import", "status": "active",
               "created_at": now, "updated_at": now, **preference_values(r.sub)} for r in rows]
    # Plain executemany and one SELECT back: RETURNING with executemany goes row by row on SQLite.
    await conn.execute(S.insert(), params)
    ids_by_public = dict((await conn.execute(sa.select(S.c.public_id, S.c.id).where(
        S.c.public_id.in_([p["public_id"] for p in params])))).all())
    ids = [ids_by_public[p["public_id"]] for p in params]
    contacts = [c for r, sid in zip(rows, ids, strict=True) for c in _contact_rows(r, sid, now, verified_by)]
    await _insert_contacts(conn, contacts, [r.sub.variant for r in rows for _ in r.sub.contacts],
                           verified_by, result)
    await _insert_lists(conn, list(zip(rows, ids, strict=True)))
    result.imported += len(rows)


async def _insert_contacts(conn: AsyncConnection, contacts: list[dict[str, Any]], variants: list[str],
                           verified_by: str | None, result: BatchResult) -> None:
    if not contacts:
        return
    await conn.execute(CP.insert(), contacts)
    if verified_by:
        return
    ids = dict((await conn.execute(sa.select(CP.c.address_hash, CP.c.id).where(
        CP.c.address_hash.in_([c["address_hash"] for c in contacts])))).all())
    result.new_contacts += [(ContactPoint(ids[c["address_hash"]], c["subscriber_id"], c["kind"], c["address"], None), v)
                            for c, v in zip(contacts, variants, strict=True)]


async def _insert_lists(conn: AsyncConnection, pairs: list[tuple[Row, int]]) -> None:
    topics = [{"subscriber_id": sid, "topic_key": t} for r, sid in pairs for t in r.sub.topics]
    areas = [{"subscriber_id": sid, "area_code": a} for r, sid in pairs for a in r.sub.areas]
    if topics:
        await conn.execute(schema.subscriber_topics.insert(), topics)
    if areas:
        await conn.execute(schema.subscriber_areas.insert(), areas)


async def _update(conn: AsyncConnection, pairs: list[tuple[Row, int]], owners: dict[str, int], now: datetime,
                  verified_by: str | None, result: BatchResult) -> None:
    ids = [sid for _, sid in pairs]
    await conn.execute(S.update().where(S.c.id == sa.bindparam("sid")).values(
        {k: sa.bindparam(k) for k in ("variant", "fallback", "furigana", "large_text", "channel_order",
                                      "quiet_start", "quiet_end", "digest_time", "updated_at", "status")}),
        [{"sid": sid, **preference_values(r.sub), "updated_at": now, "status": "active"} for r, sid in pairs])
    await conn.execute(schema.subscriber_topics.delete().where(schema.subscriber_topics.c.subscriber_id.in_(ids)))
    await conn.execute(schema.subscriber_areas.delete().where(schema.subscriber_areas.c.subscriber_id.in_(ids)))
    await _insert_lists(conn, pairs)
    known = set(owners)
    added = [c for r, sid in pairs for c in _contact_rows(r, sid, now, verified_by, known)]
    variants = [r.sub.variant for r, _ in pairs for h in r.hashes if h not in known]
    await _insert_contacts(conn, added, variants, verified_by, result)
    if verified_by:  # the operator asserts consent for the addresses already on file too
        await conn.execute(CP.update().where(CP.c.subscriber_id.in_(ids), CP.c.verified_at.is_(None))
                           .values(verified_at=now, verified_by=verified_by))
    result.updated += len(pairs)


async def prepare_verifications(conn: AsyncConnection, settings: Settings,
                                contacts: list[tuple[ContactPoint, str]]) -> list[Outgoing]:
    """Codes for the batch's new contact points, recorded with one executemany."""
    now = utcnow()
    out: list[Outgoing] = []
    params: list[dict[str, Any]] = []
    for cp, variant in contacts:
        code = f"{secrets.randbelow(10**6):06d}" if cp.kind != "email" else ""
        params.append({"cp_id": cp.id, "code_hash": verification.code_hash(settings, cp.id, code) if code else None,
                       "code_expires_at": now + CODE_TTL if code else None})
        out.append(Outgoing(cp.kind, verification.verification_message(settings, cp, variant, code, 1)))
    if params:
        await conn.execute(CP.update().where(CP.c.id == sa.bindparam("cp_id")).values(
            code_hash=sa.bindparam("code_hash"), code_expires_at=sa.bindparam("code_expires_at"),
            verify_sent_at=now, verify_sends=1, code_attempts=0), params)
    return out
