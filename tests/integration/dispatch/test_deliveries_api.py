"""``GET /api/v1/notices/{id}/deliveries``: counts by channel × status × variant, first/last times."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

import pytest

from notifier.config import Settings
from notifier.dispatch.fanout import fan_out
from notifier.dispatch.gateways import Gateways
from notifier.dispatch.testing import MemoryChannel, make_notice, make_subscriber
from notifier.dispatch.worker import Worker
from notifier.officers.testing import cheap_passwords, login_as
from notifier.storage.db import Database


@pytest.fixture(autouse=True)
def _fast(monkeypatch: pytest.MonkeyPatch) -> None:
    cheap_passwords(monkeypatch)


async def test_counts_and_times(client: Any, db: Database, settings: Settings) -> None:
    async with db.begin() as conn:
        await make_subscriber(conn, variant="en", contacts={"email": "ok1@x.jp"})
        await make_subscriber(conn, contacts={"email": "ok2@x.jp"})
        await make_subscriber(conn, contacts={"email": "bad@x.jp"})
        await make_subscriber(conn, channels=["sms"], contacts={"sms": "+819000000009"})
        notice = await make_notice(conn, variants=["ja", "ja-easy", "en"])
    await fan_out(db, notice, tz=ZoneInfo("Asia/Tokyo"))
    email = MemoryChannel(plan={"bad@x.jp": ["permanent"]})
    await Worker(db, Gateways({"email": [email]}), settings).run_once()  # no sms gateway: permanent too
    await login_as(client, db, "author")
    resp = await client.get(f"/api/v1/notices/{notice['public_id']}/deliveries")
    assert resp.status == 200
    body = await resp.json()
    assert body["notice"] == notice["public_id"] and body["total"] == 4
    assert sorted((c["channel"], c["status"], c["variant"], c["count"]) for c in body["counts"]) == [
        ("email", "delivered", "en", 1), ("email", "delivered", "ja", 1),
        ("email", "permanent_failure", "ja", 1), ("sms", "permanent_failure", "ja", 1)]
    assert body["first_delivered_at"] <= body["last_delivered_at"]
    assert body["first_delivered_at"].endswith("+00:00")


async def test_unknown_notice_is_404_and_anonymous_is_401(client: Any, db: Database) -> None:
    assert (await client.get("/api/v1/notices/nope/deliveries")).status == 401
    await login_as(client, db, "author")
    resp = await client.get("/api/v1/notices/nope/deliveries")
    assert resp.status == 404 and (await resp.json())["detail"] == "notice nope not found"
    resp = await client.get("/api/v1/notices/a%20b/deliveries")
    assert resp.status == 422 and (await resp.json())["errors"][0]["field"] == "id"
