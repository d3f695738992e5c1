"""Abuse limits: sign-ups per client address (API 429 problem, HTML 429 page), verification
messages per destination (surviving erasure), SMS pumping (Japanese numbers only, hourly ceilings)."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from notifier.storage import schema
from notifier.storage.db import Database
from subscribers import abuse
from tests.conftest import TEST_SECRET
from tests.integration.subscriber_helpers import age_verification_sends, body, outbox
from tests.integration.test_subscriber_pages import csrf, form

API = "/api/v1/subscriptions"


async def _set_count(db: Database, key_like: str, count: int) -> None:
    """Fill an existing throttle window up to ``count`` hits (as if that many had happened)."""
    async with db.begin() as conn:
        done = await conn.execute(schema.throttles.update().where(schema.throttles.c.key.like(key_like))
                                  .values(count=count))
        assert done.rowcount == 1, key_like


async def _problem(resp: Any, status: int) -> dict[str, Any]:
    assert resp.status == status, await resp.text()
    assert resp.content_type == "application/problem+json"
    return dict(await resp.json())


async def test_signups_per_ip_answer_429_with_retry_after(client: Any, db: Database) -> None:
    assert (await client.post(API, json=body(contacts={"email": "a0@example.jp"}))).status == 201
    await _set_count(db, "signup:ip:%", abuse.DEFAULT.signups_per_ip - 1)
    assert (await client.post(API, json=body(contacts={"email": "a1@example.jp"}))).status == 201
    resp = await client.post(API, json=body(contacts={"email": "a2@example.jp"}))
    problem = await _problem(resp, 429)
    assert 0 < int(resp.headers["Retry-After"]) <= 3600
    assert problem["errors"][0]["field"] == "contacts"
    async with db.connect() as conn:  # refused: nothing stored, nothing sent
        assert (await conn.execute(sa.select(sa.func.count()).select_from(schema.subscribers))).scalar() == 2
    assert len(await outbox(db)) == 2


async def test_signups_per_ip_answer_a_clear_429_page(client: Any, db: Database) -> None:
    token = await csrf(client)
    assert (await client.post("/subscribe", data=form(token))).status == 200
    await _set_count(db, "signup:ip:%", abuse.DEFAULT.signups_per_ip)
    resp = await client.post("/subscribe", data=form(token, **{"contacts.email": "other@example.jp"}))
    html = await resp.text()
    assert resp.status == 429 and int(resp.headers["Retry-After"]) > 0
    assert resp.content_type == "text/html" and "<h1" in html and 'href="/subscribe"' in html


@pytest.mark.parametrize(("trusted", "counted_as"), [
    ("127.0.0.1/32", {"198.51.100.1", "198.51.100.2"}),  # the test client's peer is our proxy
    ("10.0.0.0/8", {"127.0.0.1"}),  # a peer we do not trust: its X-Forwarded-For is a lie, ignored
])
async def test_signups_count_per_client_only_behind_a_trusted_proxy(
        aiohttp_client: Any, make_settings: Any, database_url: str, db: Database, trusted: str,
        counted_as: set[str]) -> None:
    from notifier.app import create_app

    client = await aiohttp_client(create_app(make_settings(database_url=database_url, trusted_proxies=trusted), db=db))
    for i, address in enumerate(["198.51.100.1", "198.51.100.2"]):
        resp = await client.post(API, json=body(contacts={"email": f"p{i}@example.jp"}),
                                 headers={"X-Forwarded-For": f"192.0.2.66, {address}"})
        assert resp.status == 201, await resp.text()
    async with db.connect() as conn:
        keys = set((await conn.execute(sa.select(schema.throttles.c.key)
                                       .where(schema.throttles.c.key.like("signup:ip:%")))).scalars())
    assert keys == {f"signup:ip:{address}" for address in counted_as}


async def test_verifications_per_destination_survive_erasure(client: Any, db: Database) -> None:
    limit = abuse.DEFAULT.sends_per_destination
    for _ in range(limit):
        resp = await client.post(API, json=body(contacts={"email": "bombed@example.jp"}))
        assert (await resp.json())["contacts"] == [{"kind": "email", "verification": "sent"}]
        await age_verification_sends(db)
    resp = await client.post(API, json=body(contacts={"email": "bombed@example.jp"}))
    [contact] = (await resp.json())["contacts"]
    assert contact["verification"] == "throttled" and contact["retry_after"] > 3600
    async with db.begin() as conn:  # erased and subscribed again: still limited
        await conn.execute(schema.subscribers.delete())
    resp = await client.post(API, json=body(contacts={"email": "bombed@example.jp"}))
    assert (await resp.json())["contacts"][0]["verification"] == "throttled"
    assert len(await outbox(db, "email")) == limit


async def test_foreign_phone_numbers_are_refused(client: Any, db: Database) -> None:
    problem = await _problem(await client.post(API, json=body(contacts={"sms": "+447911123456"})), 422)
    assert problem["errors"][0]["field"] == "contacts.sms"
    problem = await _problem(await client.post(API, json=body(contacts={"voice": "+12025550143"})), 422)
    assert problem["errors"][0]["field"] == "contacts.voice"
    assert await outbox(db) == []


async def test_global_sms_ceiling_stops_verification_sms(client: Any, db: Database) -> None:
    first = await client.post(API, json=body(contacts={"sms": "090-3333-4444"}))
    assert (await first.json())["contacts"][0]["verification"] == "sent"
    await _set_count(db, "verify:phone:all", abuse.DEFAULT.phone_sends_per_hour)
    resp = await client.post(API, json=body())  # email and a new SMS number
    assert {c["kind"]: c["verification"] for c in (await resp.json())["contacts"]} == {
        "email": "sent", "sms": "throttled"}
    assert [r.recipient for r in await outbox(db, "sms")] == ["+819033334444"]
    await age_verification_sends(db)
    public_id = (await first.json())["id"]
    resp = await client.post(f"{API}/verify/resend", json={"id": public_id, "kind": "sms"})
    await _problem(resp, 429)
    assert int(resp.headers["Retry-After"]) > 0


@pytest.mark.parametrize("kind", ["sms", "voice"])
async def test_per_country_ceiling(db: Database, kind: str) -> None:
    limits = abuse.Limits(phone_sends_per_country={"81": 2})
    async with db.begin() as conn:
        for n in range(2):
            await abuse.verification_send(conn, TEST_SECRET, kind, f"+8190000000{n}", limits)
        with pytest.raises(abuse.Limited) as caught:
            await abuse.verification_send(conn, TEST_SECRET, kind, "+819000000099", limits)
    assert 0 < caught.value.retry_after <= 3600
    with pytest.raises(abuse.Limited):
        async with db.begin() as conn:
            await abuse.verification_send(conn, TEST_SECRET, kind, "+447911123456", limits)


async def test_no_one_outside_can_name_a_webhook_target(client: Any, db: Database) -> None:
    """SSRF: webhook targets are not a contact kind, so no request can make the service call a URL."""
    resp = await client.post(API, json=body(contacts={"webhook": "http://169.254.169.254/latest/meta-data"}))
    problem = await _problem(resp, 422)
    assert problem["errors"][0]["field"].startswith("contacts")
    assert await outbox(db) == []
