"""Bulk import: batches of checked rows, written inside the caller's transaction.

Per batch: one query per contact kind finds which contacts already exist; new subscribers,
their contact points, topics and wards are written with one driver-level bulk insert each
(``bulk_sql``; on SQLite each starts while the next one's records are built, and the batch
waits for all of them); existing subscribers are updated through SQLAlchemy (re-imports are
rare and small next to first imports). No per-row round trip.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from notifier.config import Settings
from notifier.storage import schema
from notifier.storage.db import utcnow
from subscribers import languages, verification
from subscribers.bulk_sql import Writer
from subscribers.rowcheck import Contact, Parsed
from subscribers.store import CP, ContactPoint, S
from subscribers.verification import CODE_TTL, Outgoing

BATCH = 5000
SUBSCRIBER_COLUMNS = ("id", "public_id", "status", "variant", "fallback", "furigana", "large_text", "channel_order",
                      "source", "created_at", "updated_at")
CONTACT_COLUMNS = ("id", "subscriber_id", "kind", "address", "address_hash", "verified_at", "verified_by",
                   "created_at")


@dataclass
class Counts:
    imported: int = 0
    updated: int = 0
    skipped: int = 0
    bad: int = 0

    def line(self) -> str:
        return f"imported {self.imported}, updated {self.updated}, skipped {self.skipped}, bad {self.bad}"


@dataclass
class BatchResult:
    imported: int = 0
    updated: int = 0
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # (line, "bad"|"skipped", reason)
    new_contacts: list[tuple[ContactPoint, str]] = field(default_factory=list)  # (contact point, variant)


async def write_batch(conn: AsyncConnection, rows: list[Parsed], *, verified_by: str | None) -> BatchResult:
    """Insert or update one batch inside the caller's transaction."""
    result = BatchResult()
    writer = await Writer.open(conn)
    owners = await _owners(writer, rows)
    fresh, existing = _split_rows(rows, owners, result)
    now = utcnow()
    new_ids: Sequence[int] = ()
    if fresh:
        new_ids = await _insert(writer, fresh, now, verified_by, result)
    if existing:
        await _update(conn, writer, existing, owners, now, verified_by, result)
    written = fresh + [row for row, _ in existing]
    await writer.check_references({*new_ids, *(sid for _, sid in existing)},
                                  {t for r in written for t in r.topics}, {a for r in written for a in r.areas})
    return result


async def _owners(writer: Writer, rows: list[Parsed]) -> dict[bytes, int]:
    by_kind: dict[str, list[bytes]] = {}
    for row in rows:
        for kind, _, digest, _ in row.contacts:
            by_kind.setdefault(kind, []).append(digest)
    owners: dict[bytes, int] = {}
    for kind, hashes in by_kind.items():
        owners.update(await writer.owners(kind, hashes))
    return owners


def _split_rows(rows: list[Parsed], owners: dict[bytes, int],
                result: BatchResult) -> tuple[list[Parsed], list[tuple[Parsed, int]]]:
    seen: dict[bytes, int] = {}
    fresh: list[Parsed] = []
    existing: list[tuple[Parsed, int]] = []
    claimed: set[int] = set()
    for row in rows:
        hashes = [c[2] for c in row.contacts]
        earlier = next((seen[h] for h in hashes if h in seen), None) if not seen.keys().isdisjoint(hashes) else None
        if earlier is not None:
            result.problems.append((row.line, "skipped", f"same contact as line {earlier}"))
            continue
        found = {owners[h] for h in hashes if h in owners} if owners else set()
        if len(found) > 1:
            result.problems.append((row.line, "bad", "contacts belong to different existing subscribers"))
            continue
        owner = next(iter(found), None)
        if owner is not None and owner in claimed:
            result.problems.append((row.line, "skipped", "subscriber already updated by an earlier line"))
            continue
        for h in hashes:
            seen[h] = row.line
        if owner is None:
            fresh.append(row)
        else:
            claimed.add(owner)
            existing.append((row, owner))
    return fresh, existing


def _public_ids(count: int) -> list[str]:
    """``secrets.token_urlsafe(12)`` each, from one read of the system's random source: 12 bytes
    are exactly 16 base64 characters, so slicing the encoding of the whole is the same thing.
    The caller hands them out in sorted order to ascending ids, so that the unique index on
    ``public_id`` takes each batch in order rather than at random places (they stay random tokens)."""
    encoded = base64.urlsafe_b64encode(secrets.token_bytes(12 * count)).decode()
    return [encoded[i:i + 16] for i in range(0, 16 * count, 16)]


async def _insert(writer: Writer, rows: list[Parsed], now: datetime, verified_by: str | None,
                  result: BatchResult) -> Sequence[int]:
    """New subscribers: ids first, then each table's statement is started while the next one's
    records are built (on SQLite they run on the driver's thread), and all waited for."""
    ts, as_json, easy = writer.ts(now), writer.json_list, languages.EASY
    ids = await writer.new_ids("subscribers", len(rows))
    owned = [(r, sid, r.contacts) for r, sid in zip(rows, ids, strict=True)]
    contact_ids = await _contact_ids(writer, owned)
    try:
        await writer.queue_insert("subscribers", SUBSCRIBER_COLUMNS, [
            (sid, public_id, "active", r.variant, as_json(r.fallback), r.variant == easy, False,
             as_json(r.channel_order), "import", ts, ts)
            for r, sid, public_id in zip(rows, ids, sorted(_public_ids(len(rows))), strict=True)])
        await _insert_contacts(writer, owned, contact_ids, now, verified_by, result)
        await _insert_lists(writer, list(zip(rows, ids, strict=True)))
    finally:
        await writer.drain()
    result.imported += len(rows)
    return ids


async def _contact_ids(writer: Writer, owned: list[tuple[Parsed, int, tuple[Contact, ...]]]) -> Sequence[int]:
    count = sum(len(contacts) for _, _, contacts in owned)
    return await writer.new_ids("contact_points", count) if count else ()


async def _insert_contacts(writer: Writer, owned: list[tuple[Parsed, int, tuple[Contact, ...]]], ids: Sequence[int],
                           now: datetime, verified_by: str | None, result: BatchResult) -> None:
    """``owned``: (row, subscriber id, the row's contacts to add); ``ids``: one for each contact."""
    if not ids:
        return
    ts, verified_at = writer.ts(now), writer.ts(now) if verified_by else None
    # Ids in the order of the unique index (kind, address_hash): the table and that index then both
    # grow in order within a batch, instead of the index taking random keys (see _public_ids).
    flat = sorted(((sid, c, r.variant) for r, sid, contacts in owned for c in contacts), key=lambda f: f[1][:3:2])
    plain = [(cp_id, sid, kind, address, digest, sealed, variant)  # sealed by the checker; clear address to verify
             for cp_id, (sid, (kind, address, digest, sealed), variant) in zip(ids, flat, strict=True)]
    await writer.queue_insert("contact_points", CONTACT_COLUMNS, [
        (cp_id, sid, kind, sealed, digest, verified_at, verified_by, ts)
        for cp_id, sid, kind, _, digest, sealed, _ in plain])
    if not verified_by:
        result.new_contacts += [(ContactPoint(cp_id, sid, kind, address, None), variant)
                                for cp_id, sid, kind, address, _, _, variant in plain]


async def _insert_lists(writer: Writer, pairs: list[tuple[Parsed, int]]) -> None:
    await writer.queue_insert("subscriber_topics", ("subscriber_id", "topic_key"),
                              [(sid, t) for r, sid in pairs for t in r.topics])
    await writer.queue_insert("subscriber_areas", ("subscriber_id", "area_code"),
                              [(sid, a) for r, sid in pairs for a in r.areas])


def _preferences(row: Parsed) -> dict[str, Any]:
    """What a CSV row sets; what it cannot express goes back to the defaults (as on first import)."""
    return {"variant": row.variant, "fallback": list(row.fallback), "furigana": row.furigana, "large_text": False,
            "channel_order": list(row.channel_order), "quiet_start": None, "quiet_end": None, "digest_time": None}


async def _update(conn: AsyncConnection, writer: Writer, pairs: list[tuple[Parsed, int]], owners: dict[bytes, int],
                  now: datetime, verified_by: str | None, result: BatchResult) -> None:
    ids = [sid for _, sid in pairs]
    await conn.execute(S.update().where(S.c.id == sa.bindparam("sid")).values(
        {k: sa.bindparam(k) for k in ("variant", "fallback", "furigana", "large_text", "channel_order",
                                      "quiet_start", "quiet_end", "digest_time", "updated_at", "status")}),
        [{"sid": sid, **_preferences(r), "updated_at": now, "status": "active"} for r, sid in pairs])
    await conn.execute(schema.subscriber_topics.delete().where(schema.subscriber_topics.c.subscriber_id.in_(ids)))
    await conn.execute(schema.subscriber_areas.delete().where(schema.subscriber_areas.c.subscriber_id.in_(ids)))
    added = [(r, sid, tuple(c for c in r.contacts if c[2] not in owners)) for r, sid in pairs]
    contact_ids = await _contact_ids(writer, added)
    try:
        await _insert_lists(writer, pairs)
        await _insert_contacts(writer, added, contact_ids, now, verified_by, result)
    finally:
        await writer.drain()  # before the statements below, which go through SQLAlchemy
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
