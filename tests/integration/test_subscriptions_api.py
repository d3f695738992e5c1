"""The subscription API on both backends: subscribe, double opt-in, manage, APPI export/erase, bad input."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from notifier.storage import schema
from notifier.storage.db import Database, utcnow
from subscribers import tokens
from tests.conftest import TEST_SECRET
from tests.integration.subscriber_helpers import (
    age_verification_sends,
    body,
    count,
    last_code,
    last_link_token,
    outbox,
    subscribe_verified,
)

API = "/api/v1/subscriptions"


async def problem(resp: Any, status: int) -> dict[str, Any]:
    assert resp.status == status, await resp.text()
    assert resp.headers["Content-Type"].startswith("application/problem+json")
    return dict(await resp.json())


def error_fields(doc: dict[str, Any]) -> set[str]:
    return {e["field"] for e in doc.get("errors", [])}


async def test_subscribe_sends_one_verification_per_contact(client: Any, db: Database) -> None:
    resp = await client.post(API, json=body(contacts={"email": "hanako@example.jp", "sms": "090-1111-2222",
                                                      "voice": "048-829-1111"}))
    assert resp.status == 201
    doc = await resp.json()
    assert doc["status"] == "pending_verification"
    assert {c["kind"]: c["verification"] for c in doc["contacts"]} == {"email": "sent", "sms": "sent", "voice": "sent"}
    sent = {row.channel: row.recipient for row in await outbox(db)}
    assert sent == {"email": "hanako@example.jp", "sms": "+819011112222", "voice": "+81488291111"}


@pytest.mark.parametrize(("contacts", "field"), [
    ({"email": "hanako@"}, "contacts.email"),
    ({"sms": "048-829-1111"}, "contacts.sms"),
    ({"sms": "12345"}, "contacts.sms"),
    ({"line": "Uxyz"}, "contacts.line"),
    ({}, "contacts"),
])
async def test_malformed_or_missing_contacts(client: Any, db: Database, contacts: dict[str, str], field: str) -> None:
    doc = await problem(await client.post(API, json=body(contacts=contacts)), 422)
    assert field in error_fields(doc)
    assert await count(db, schema.subscribers) == 0


@pytest.mark.parametrize(("override", "field"), [
    ({"topics": ["parking"]}, "topics"), ({"areas": ["13101"]}, "areas"), ({"topics": []}, "topics"),
])
async def test_unknown_topic_or_ward_or_none(client: Any, override: dict[str, Any], field: str) -> None:
    doc = await problem(await client.post(API, json=body(**override)), 422)
    assert field in error_fields(doc)


async def test_missing_topics_field_is_named(client: Any) -> None:
    data = body()
    del data["topics"]
    assert "topics" in error_fields(await problem(await client.post(API, json=data), 422))


async def test_body_over_64_kib_is_413(client: Any) -> None:
    data = body(fallback=["en"] * 10, language="ja" + " " * 70_000)
    await problem(await client.post(API, json=data), 413)


async def test_wrong_content_type_is_415(client: Any) -> None:
    resp = await client.post(API, data="contacts=x", headers={"Content-Type": "application/x-www-form-urlencoded"})
    await problem(resp, 415)


async def test_same_subscription_twice_is_idempotent(client: Any, db: Database) -> None:
    assert (await client.post(API, json=body())).status == 201
    first = await outbox(db)
    throttled = await client.post(API, json=body())  # at once: no duplicate rows, resend throttled
    assert throttled.status == 200
    assert {c["verification"] for c in (await throttled.json())["contacts"]} == {"throttled"}
    await age_verification_sends(db)
    again = await client.post(API, json=body(topics=["water"]))
    assert again.status == 200
    assert {c["verification"] for c in (await again.json())["contacts"]} == {"sent"}
    assert await count(db, schema.subscribers) == 1
    assert await count(db, schema.contact_points) == 2
    assert len(await outbox(db)) == len(first) + 2  # verification re-sent to both


async def test_email_link_verifies_and_gives_a_manage_token(client: Any, db: Database) -> None:
    token = await subscribe_verified(client, db)
    resp = await client.get(f"{API}/me", headers={"Authorization": f"Bearer {token}"})
    doc = await resp.json()
    assert doc["contacts"][0]["verified"] is True and doc["contacts"][1]["verified"] is False
    assert doc["topics"] == ["disaster", "weather"] and doc["fallback"] == ["ja-easy"]
    # times carry their offset on both backends (SQLite once gave them without one)
    assert doc["created_at"].endswith("+00:00") and doc["contacts"][0]["verified_at"].endswith("+00:00")


async def test_already_verified_contact_gets_a_manage_link_not_changes(client: Any, db: Database) -> None:
    await subscribe_verified(client, db)
    await age_verification_sends(db)
    resp = await client.post(API, json=body(topics=["tax"]))
    assert resp.status == 200
    assert (await resp.json())["status"] == "already_subscribed"
    assert "/manage/" in (await outbox(db, "email"))[-1].text
    async with db.connect() as conn:
        topics = (await conn.execute(sa.select(schema.subscriber_topics.c.topic_key))).scalars().all()
    assert sorted(topics) == ["disaster", "weather"]


async def test_tampered_and_expired_tokens(client: Any, db: Database, monkeypatch: pytest.MonkeyPatch,
                                           settings: Any) -> None:
    await client.post(API, json=body())
    token = await last_link_token(db)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    doc = await problem(await client.post(f"{API}/verify", json={"token": tampered}), 422)
    assert error_fields(doc) == {"token"}
    real_time = time.time
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: real_time() - 4 * 24 * 3600)
    old = tokens.sign(settings, "verify", {"cp": 1, "h": "x"})
    monkeypatch.setattr("itsdangerous.timed.time.time", real_time)
    doc = await problem(await client.post(f"{API}/verify", json={"token": old}), 422)
    assert "expired" in doc["detail"]
    # A manage token is no good for another purpose, and vice versa.
    resp = await client.get(f"{API}/me", params={"token": token})
    assert (await problem(resp, 401))["errors"][0]["field"] == "token"


async def test_sms_code_brute_force_locks_after_five(client: Any, db: Database) -> None:
    public_id = (await (await client.post(API, json=body())).json())["id"]
    code = await last_code(db)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(4):
        doc = await problem(await client.post(f"{API}/verify", json={"id": public_id, "kind": "sms", "code": wrong}),
                            422)
        assert error_fields(doc) == {"code"}
    await problem(await client.post(f"{API}/verify", json={"id": public_id, "kind": "sms", "code": wrong}), 429)
    # Locked: even the right code is refused now.
    await problem(await client.post(f"{API}/verify", json={"id": public_id, "kind": "sms", "code": code}), 429)
    await age_verification_sends(db)
    resp = await client.post(f"{API}/verify/resend", json={"id": public_id, "kind": "sms"})
    assert resp.status == 202
    resp = await client.post(f"{API}/verify", json={"id": public_id, "kind": "sms", "code": await last_code(db)})
    assert resp.status == 200 and (await resp.json())["kind"] == "sms"


async def test_expired_code_and_resend_throttle(client: Any, db: Database) -> None:
    public_id = (await (await client.post(API, json=body())).json())["id"]
    code = await last_code(db)
    async with db.begin() as conn:
        await conn.execute(schema.contact_points.update().values(code_expires_at=utcnow() - timedelta(seconds=1)))
    doc = await problem(await client.post(f"{API}/verify", json={"id": public_id, "kind": "sms", "code": code}), 422)
    assert "expired" in doc["detail"]
    resp = await client.post(f"{API}/verify/resend", json={"id": public_id, "kind": "sms"})
    await problem(resp, 429)
    assert int(resp.headers["Retry-After"]) > 0


async def test_nothing_but_verification_goes_to_unverified_contacts(client: Any, db: Database) -> None:
    from subscribers import store, verification

    await subscribe_verified(client, db)
    async with db.connect() as conn:
        points = await store.contact_points(conn, TEST_SECRET, 1 if db.is_sqlite else (await conn.execute(
            sa.select(schema.subscribers.c.id))).scalar_one())
        query = sa.select(schema.contact_points.c.kind).join(schema.subscribers).where(
            verification.deliverable_clause())
        deliverable = (await conn.execute(query)).scalars().all()
    assert {p.kind: verification.is_deliverable(p) for p in points} == {"email": True, "sms": False}
    assert deliverable == ["email"]


async def test_manage_change_unsubscribe_and_resubscribe(client: Any, db: Database) -> None:
    token = await subscribe_verified(client, db)
    auth = {"Authorization": f"Bearer {token}"}
    changed = body(contacts={"email": "hanako@example.jp", "line": "U" + "0123456789abcdef" * 2},
                   topics=["garbage"], areas=["all"], language="zh-TW", quiet_hours={"start": "22:00", "end": "07:00"})
    resp = await client.put(f"{API}/me", json=changed, headers=auth)
    doc = await resp.json()
    assert resp.status == 200, doc
    assert doc["language"] == "zh-Hant" and len(doc["areas"]) == 10 and doc["quiet_hours"]["start"] == "22:00"
    assert [c["kind"] for c in doc["contacts"]] == ["email", "line"]  # the SMS number was removed
    assert (await outbox(db, "line"))[-1].recipient.startswith("U0123")
    resp = await client.delete(f"{API}/me", headers=auth)
    assert (await resp.json())["status"] == "unsubscribed"
    async with db.connect() as conn:
        status = (await conn.execute(sa.select(schema.subscribers.c.status))).scalar_one()
    assert status == "unsubscribed"


async def test_the_read_shows_an_edit_and_an_unsubscribe_at_once(client: Any, db: Database) -> None:
    token = await subscribe_verified(client, db, needs=["hearing"], needs_consent=True)
    auth = {"Authorization": f"Bearer {token}"}
    first = await (await client.get(f"{API}/me", headers=auth)).json()
    assert first["status"] == "active" and first["unsubscribed_at"] is None
    assert first["topics"] == ["disaster", "weather"] and first["areas"] == ["11107"] and first["needs"] == ["hearing"]
    email = next(c for c in first["contacts"] if c["kind"] == "email")
    assert email["address"] == "hanako@example.jp" and email["verified"]
    assert datetime.fromisoformat(email["verified_at"])
    assert datetime.fromisoformat(first["needs_consented_at"]["hearing"])
    assert [c["kind"] for c in first["contacts"]] == ["email", "sms"]  # in the order they were added
    changed = await client.put(f"{API}/me", json=body(topics=["garbage", "water"], areas=["11101"], language="en",
                                                      needs=["hearing"], needs_consent=True), headers=auth)
    assert changed.status == 200
    again = await (await client.get(f"{API}/me", headers=auth)).json()
    assert again == await changed.json()  # the very next read is the edited subscription
    assert again["topics"] == ["garbage", "water"] and again["language"] == "en" and again["areas"] == ["11101"]
    assert (await client.delete(f"{API}/me", headers=auth)).status == 200
    left = await (await client.get(f"{API}/me", headers=auth)).json()
    assert left["status"] == "unsubscribed" and left["unsubscribed_at"] is not None


async def test_appi_export_and_real_deletion(client: Any, db: Database) -> None:
    token = await subscribe_verified(client, db, needs=["hearing"], needs_consent=True)
    auth = {"Authorization": f"Bearer {token}"}
    export = await (await client.get(f"{API}/me/export", headers=auth)).json()
    assert export["needs"] == ["hearing"] and "hearing" in export["needs_consented_at"]
    assert {e["action"] for e in export["audit"]} >= {"subscriber.created", "contact.verified"}
    resp = await client.post(f"{API}/me/delete", headers=auth)
    assert (await resp.json())["status"] == "deleted"
    for table in (schema.subscribers, schema.contact_points, schema.subscriber_topics, schema.subscriber_needs,
                  schema.dev_outbox):
        assert await count(db, table) == 0, table.name
    async with db.connect() as conn:
        audit_text = str((await conn.execute(sa.select(schema.audit_log))).all())
    assert "hanako" not in audit_text and "9011112222" not in audit_text
    await problem(await client.get(f"{API}/me", headers=auth), 404)


async def test_caregiver_link_needs_the_residents_consent(client: Any, db: Database) -> None:
    resident = await subscribe_verified(client, db)
    caregiver = await subscribe_verified(client, db, contacts={"email": "son@example.jp"})
    resp = await client.post(f"{API}/me/caregivers", headers={"Authorization": f"Bearer {caregiver}"},
                             json={"resident": {"kind": "email", "address": "hanako@example.jp"}, "relation": "family"})
    assert resp.status == 202
    unknown = await client.post(f"{API}/me/caregivers", headers={"Authorization": f"Bearer {caregiver}"},
                                json={"resident": {"kind": "email", "address": "nobody@example.jp"},
                                      "relation": "family"})
    assert unknown.status == 202  # same answer: no probing who is subscribed
    links = await (await client.get(f"{API}/me/caregivers", params={"token": resident})).json()
    assert [(link["role"], link["status"]) for link in links] == [("resident", "pending")]
    link_id = links[0]["id"]
    await problem(await client.post(f"{API}/me/caregivers/{link_id}/consent", params={"token": caregiver}), 404)
    resp = await client.post(f"{API}/me/caregivers/{link_id}/consent", params={"token": resident})
    assert (await resp.json())["status"] == "active"
    resp = await client.delete(f"{API}/me/caregivers/{link_id}", params={"token": caregiver})
    assert (await resp.json())["status"] == "revoked"


async def test_script_and_sql_fragments_are_stored_verbatim(client: Any, db: Database) -> None:
    tricky = "o'neil+drop--table@example.jp"
    token = await subscribe_verified(client, db, contacts={"email": tricky})
    doc = await (await client.get(f"{API}/me", params={"token": token})).json()
    assert doc["contacts"][0]["address"] == tricky
    bad = await problem(await client.post(API, json=body(contacts={"email": "<script>alert(1)</script>@x.jp"})), 422)
    assert "contacts.email" in error_fields(bad)


async def test_topics_and_areas_are_listed(client: Any) -> None:
    topics = await (await client.get("/api/v1/topics")).json()
    areas = await (await client.get("/api/v1/areas")).json()
    assert "disaster" in {t["key"] for t in topics}
    assert [a["code"] for a in areas][:2] == ["11101", "11102"]
