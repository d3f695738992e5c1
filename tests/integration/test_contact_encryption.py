"""Contact details at rest: encrypted after subscribe and import, readable by every flow with
the right key, refused loudly with a wrong one; migration 0003 encrypts rows stored before it,
0005 turns their hex lookup hashes into raw bytes."""

from __future__ import annotations

import base64
from typing import Any

import pytest
import sqlalchemy as sa

from notifier import crypto
from notifier.dispatch.testing import make_notice
from notifier.privacy import keyed_hash
from notifier.storage import migrate, schema
from notifier.storage.db import Database, utcnow
from subscribers import store
from subscribers.importer import Importer, export_rows
from subscribers.validation import Contact
from tests.conftest import TEST_SECRET
from tests.integration.subscriber_helpers import body, subscribe_verified

EMAIL, PHONE_E164 = "hanako@example.jp", "+819011112222"


async def _stored(db: Database) -> list[str]:
    async with db.connect() as conn:
        return list((await conn.execute(sa.select(schema.contact_points.c.address))).scalars())


async def _dump_text(db: Database, tables: tuple[sa.Table, ...]) -> str:
    """Every value of these tables as one string, to search for plaintext contact details."""
    async with db.connect() as conn:
        rows = [row for t in tables for row in (await conn.execute(sa.select(t))).all()]
    return "\n".join(repr(tuple(row)) for row in rows)


SCANNED = (schema.contact_points, schema.subscribers, schema.audit_log, schema.throttles)


async def test_subscribe_stores_no_plaintext_contact(client: Any, db: Database) -> None:
    await subscribe_verified(client, db)
    stored = await _stored(db)
    assert len(stored) == 2 and all(a.startswith("v1:") for a in stored)
    dump = await _dump_text(db, SCANNED)
    for plain in (EMAIL, PHONE_E164, "09011112222", "hanako"):
        assert plain not in dump
    assert sorted(crypto.decrypt(TEST_SECRET, a) for a in stored) == sorted([EMAIL, PHONE_E164])


async def test_import_stores_no_plaintext_and_export_reads_it_back(db: Database, settings: Any) -> None:
    rows = [(i + 2, [f"user{i}@example.jp", f"0901{i:07d}", "", "", "ja", "disaster", "11101", "email|sms"])
            for i in range(30)]
    importer = Importer(db, settings, operator="cli:test", verified=True, channels=None,
                        report=lambda line, reason: None, batch_size=10, workers=0)
    assert (await importer.run(rows)).imported == 30
    dump = await _dump_text(db, SCANNED)
    assert "@example.jp" not in dump and "+81901" not in dump and "0901" not in dump
    exported = [row async for row in export_rows(db, settings.secret_key)]
    assert sorted(r[0] for r in exported) == sorted(f"user{i}@example.jp" for i in range(30))
    assert sorted(r[1] for r in exported) == sorted(f"+81901{i:07d}" for i in range(30))


async def test_every_flow_reads_the_address(client: Any, db: Database) -> None:
    """APPI export and the manage API decrypt; the verification went to the real address."""
    token = await subscribe_verified(client, db)
    export = await (await client.get("/api/v1/subscriptions/me/export", params={"token": token})).json()
    assert {c["address"] for c in export["contacts"]} == {EMAIL, PHONE_E164}
    async with db.connect() as conn:
        recipients = set((await conn.execute(sa.select(schema.dev_outbox.c.recipient))).scalars())
    assert recipients == {EMAIL, PHONE_E164}  # the dev sink keeps plaintext (docs/security.md)


async def test_a_wrong_key_fails_loudly(client: Any, db: Database) -> None:
    await client.post("/api/v1/subscriptions", json=body())
    async with db.connect() as conn:
        sid = (await conn.execute(sa.select(schema.subscribers.c.id))).scalar_one()
        assert len(await store.contact_points(conn, TEST_SECRET, sid)) == 2
        with pytest.raises(crypto.ContactKeyError, match="TODOKE_SECRET_KEY"):
            await store.contact_points(conn, "another-secret-key-0123456789", sid)


def test_tokens_are_randomised_and_tamper_evident() -> None:
    one, two = crypto.encrypt(TEST_SECRET, EMAIL), crypto.encrypt(TEST_SECRET, EMAIL)
    assert one != two and crypto.decrypt(TEST_SECRET, one) == crypto.decrypt(TEST_SECRET, two) == EMAIL
    flipped = one[:-3] + ("A" if one[-3] != "A" else "B") + one[-2:]
    for bad in (flipped, EMAIL, "v1:not-base64!", "v1:"):
        with pytest.raises(crypto.ContactKeyError):
            crypto.decrypt(TEST_SECRET, bad)
    with pytest.raises(crypto.ContactKeyError, match="empty"):
        crypto.encrypt("", EMAIL)


def test_batched_sealing_gives_the_same_tokens_with_distinct_nonces() -> None:
    texts = [EMAIL, "+819012345678", EMAIL, ""]
    tokens = crypto.encrypt_many(TEST_SECRET, texts)
    assert [crypto.decrypt(TEST_SECRET, token) for token in tokens] == texts
    assert all(crypto.is_encrypted(token) for token in tokens) and tokens[0] != tokens[2]
    nonces = {base64.urlsafe_b64decode(token[len(crypto.PREFIX):])[:12] for token in tokens}
    assert len(nonces) == len(texts)
    assert crypto.encrypt_many(TEST_SECRET, []) == []
    with pytest.raises(crypto.ContactKeyError, match="empty"):
        crypto.encrypt_many("", [EMAIL])


async def _legacy_subscriber(conn: Any, now: Any, contacts: list[tuple[str, str, str]]) -> int:
    """A subscriber with contact points (kind, address as stored, hash as stored) written as an
    older revision stored them (raw SQL: the live schema's types may differ)."""
    sid = (await conn.execute(schema.subscribers.insert().values(
        public_id="legacy", fallback=[], channel_order=["email"], created_at=now, updated_at=now,
    ).returning(schema.subscribers.c.id))).scalar_one()
    await conn.execute(sa.text("INSERT INTO contact_points (subscriber_id, kind, address, address_hash, "
                               "created_at, code_attempts, verify_sends) VALUES (:s, :k, :a, :h, :t, 0, 0)"),
                       [{"s": sid, "k": kind, "a": address, "h": h, "t": now} for kind, address, h in contacts])
    return int(sid)


async def test_migration_0003_encrypts_existing_rows_and_back(db: Database) -> None:
    await migrate.downgrade(db, "0002", secret_key=TEST_SECRET)
    async with db.begin() as conn:
        await _legacy_subscriber(conn, utcnow(), [("email", EMAIL, keyed_hash(TEST_SECRET, "email", EMAIL).hex())])
    await migrate.upgrade(db, secret_key=TEST_SECRET)
    assert await migrate.current(db) == "0005"
    [stored] = await _stored(db)
    assert stored.startswith("v1:") and crypto.decrypt(TEST_SECRET, stored) == EMAIL
    await migrate.upgrade(db, secret_key=TEST_SECRET)  # idempotent: nothing encrypted twice
    assert await _stored(db) == [stored]
    await migrate.downgrade(db, "0002", secret_key=TEST_SECRET)
    assert await _stored(db) == [EMAIL]


async def _hashes(db: Database) -> list[Any]:
    async with db.connect() as conn:
        return list((await conn.execute(sa.text("SELECT address_hash FROM contact_points ORDER BY id"))).scalars())


async def _delivered_to(db: Database) -> list[int | None]:
    async with db.connect() as conn:
        return list((await conn.execute(sa.select(schema.deliveries.c.contact_point_id))).scalars())


async def test_migration_0005_makes_hashes_bytes_and_back(db: Database) -> None:
    await migrate.downgrade(db, "0004", secret_key=TEST_SECRET)
    now = utcnow()
    hexes = [keyed_hash(TEST_SECRET, "email", EMAIL).hex(), keyed_hash(TEST_SECRET, "sms", PHONE_E164).hex()]
    async with db.begin() as conn:
        sid = await _legacy_subscriber(conn, now, [
            (kind, crypto.encrypt(TEST_SECRET, address), h)
            for (kind, address), h in zip((("email", EMAIL), ("sms", PHONE_E164)), hexes, strict=True)])
        cp_id = (await conn.execute(sa.select(sa.func.min(schema.contact_points.c.id)))).scalar_one()
        notice = await make_notice(conn, variants=())
        await conn.execute(schema.deliveries.insert().values(
            notice_id=notice["id"], subscriber_id=sid, contact_point_id=cp_id, channel="email", variant="ja",
            next_attempt_at=now, idempotency_key="legacy-1", created_at=now, updated_at=now))
    await migrate.upgrade(db, secret_key=TEST_SECRET)
    assert await migrate.current(db) == "0005"
    assert await _hashes(db) == [bytes.fromhex(h) for h in hexes]
    assert await _delivered_to(db) == [cp_id]  # SQLite's table rebuild must not cut the delivery loose
    async with db.connect() as conn:
        [found] = await store.find_contacts(conn, TEST_SECRET, [Contact("email", EMAIL.upper())])
        assert (found.subscriber_id, found.address) == (sid, EMAIL)
    with pytest.raises(sa.exc.IntegrityError):  # the unique constraint survived the rebuild
        async with db.begin() as conn:
            await conn.execute(schema.contact_points.insert().values(
                subscriber_id=sid, kind="email", address="v1:x", address_hash=bytes.fromhex(hexes[0]), created_at=now))
    await migrate.downgrade(db, "0004", secret_key=TEST_SECRET)
    assert await _hashes(db) == hexes and await _delivered_to(db) == [cp_id]
