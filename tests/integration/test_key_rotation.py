"""Rotating TODOKE_SECRET_KEY without downtime, on both backends (docs/security.md, "Keys").

Step 1: the new key current, the old one in TODOKE_SECRET_KEY_PREVIOUS: links mailed, forms served and
contacts stored under the old key still work. Step 2: ``todoke keys rotate`` re-seals every contact point.
Step 3: without the old key, everything still reads.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from notifier import crypto
from notifier.cli import main
from notifier.config import ConfigError, Settings
from notifier.storage import schema
from notifier.storage.db import Database
from subscribers import store, tokens
from subscribers.validation import Contact
from tests.integration.subscriber_helpers import body, count, subscribe_verified

OLD = "old-secret-key-0123456789abcdef"
NEW = "new-secret-key-fedcba9876543210"
API = "/api/v1/subscriptions"


@pytest.fixture
def rotating(make_settings: Callable[..., Settings], database_url: str) -> Settings:
    return make_settings(database_url=database_url, secret_key=NEW, secret_key_previous=OLD)


async def _client(aiohttp_client: Any, settings: Settings, db: Database) -> Any:
    from notifier.app import create_app

    return await aiohttp_client(create_app(settings, db=db))


async def _addresses(db: Database, key: str) -> list[str]:
    async with db.connect() as conn:
        rows = await conn.execute(sa.select(schema.contact_points.c.address).order_by(schema.contact_points.c.id))
        return [crypto.decrypt(key, a) for a in rows.scalars()]


async def _rotate(monkeypatch: pytest.MonkeyPatch, database_url: str, *, previous: str = OLD) -> int:
    monkeypatch.setenv("TODOKE_DATABASE_URL", database_url)
    monkeypatch.setenv("TODOKE_SECRET_KEY", NEW)
    monkeypatch.setenv("TODOKE_SECRET_KEY_PREVIOUS", previous)
    monkeypatch.setenv("TODOKE_LOG_LEVEL", "WARNING")
    # the command runs its own event loop, as it does from a shell
    return await asyncio.to_thread(main, ["keys", "rotate", "--batch-size", "2"])


async def test_a_rotation_keeps_links_contacts_and_lookups_working(
        aiohttp_client: Any, make_settings: Callable[..., Settings], database_url: str, db: Database,
        rotating: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    before = await _client(aiohttp_client, make_settings(database_url=database_url, secret_key=OLD), db)
    token = await subscribe_verified(before, db)  # mailed under the old key
    await subscribe_verified(before, db, contacts={"email": "taro@example.jp"})
    stored = await count(db, schema.contact_points)

    # Step 1: new key current, old key retired but accepted.
    during = await _client(aiohttp_client, rotating, db)
    me = await during.get(f"{API}/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status == 200, await me.text()
    assert {c["kind"]: c["address"] for c in (await me.json())["contacts"]}["email"] == "hanako@example.jp"
    again = await during.post(API, json=body())  # found by its old-key hash: no second row
    assert again.status in (200, 202), await again.text()
    assert await count(db, schema.contact_points) == stored
    async with db.connect() as conn:
        found = await store.find_contacts(conn, rotating.secret_key, [Contact("email", "taro@example.jp")])
    assert [c.address for c in found] == ["taro@example.jp"]
    assert tokens.load(rotating, "manage", tokens.manage_token(rotating, "x")) == "x"  # new links: new key

    # Step 2: re-seal; a second run finds nothing left to do.
    assert await _rotate(monkeypatch, database_url) == 0
    assert f"re-sealed with the current key: {stored}" in capsys.readouterr().out
    assert await _rotate(monkeypatch, database_url) == 0
    assert "re-sealed with the current key: 0; already current: " + str(stored) in capsys.readouterr().out

    # Step 3: the old key gone, every contact reads and is found under the new key alone.
    assert sorted(await _addresses(db, NEW)) == sorted(await _addresses(db, rotating.secret_key))
    with pytest.raises(crypto.ContactKeyError):
        await _addresses(db, OLD)
    after = make_settings(database_url=database_url, secret_key=NEW)
    async with db.connect() as conn:
        found = await store.find_contacts(conn, after.secret_key, [Contact("email", "taro@example.jp")])
        audited = (await conn.execute(sa.select(schema.audit_log.c.details).where(
            schema.audit_log.c.action == "keys.rotated").order_by(schema.audit_log.c.id))).scalars().all()
    assert [c.address for c in found] == ["taro@example.jp"]
    assert [d["resealed"] for d in audited] == [stored, 0]


async def test_a_contact_no_key_opens_is_named_and_the_rest_is_resealed(
        aiohttp_client: Any, make_settings: Callable[..., Settings], database_url: str, db: Database,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    before = await _client(aiohttp_client, make_settings(database_url=database_url, secret_key=OLD), db)
    await subscribe_verified(before, db)
    async with db.begin() as conn:
        lost = (await conn.execute(sa.select(sa.func.min(schema.contact_points.c.id)))).scalar_one()
        await conn.execute(schema.contact_points.update().where(schema.contact_points.c.id == lost).values(
            address=crypto.encrypt("a-key-nobody-has-any-more-0000", "lost@example.jp")))
    assert await _rotate(monkeypatch, database_url) == 2
    captured = capsys.readouterr()
    assert f"open with no accepted key (ids {lost})" in captured.err and "\n" not in captured.err.strip()
    assert "re-sealed with the current key: 1" in captured.out  # the other contact point


def test_import_waits_for_the_rotation_to_finish(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    csv = tmp_path / "people.csv"
    csv.write_text("email,phone,voice_phone,line_user_id,language,topics,areas,channels\n"
                   "a@example.jp,,,,ja,disaster,11101,email\n", encoding="utf-8")
    monkeypatch.setenv("TODOKE_DATABASE_URL", database_url)
    monkeypatch.setenv("TODOKE_SECRET_KEY", NEW)
    monkeypatch.setenv("TODOKE_SECRET_KEY_PREVIOUS", OLD)
    assert main(["subscribers", "import", str(csv), "--verified"]) == 2
    assert "todoke keys rotate" in capsys.readouterr().err


def test_a_retired_key_must_differ_from_the_current_one() -> None:
    with pytest.raises(ConfigError, match="TODOKE_SECRET_KEY_PREVIOUS"):
        Settings.from_mapping({"TODOKE_SECRET_KEY": NEW, "TODOKE_SECRET_KEY_PREVIOUS": f"{OLD} {NEW}"})
    with pytest.raises(ConfigError, match="TODOKE_SECRET_KEY_PREVIOUS: each key must be at least 16"):
        Settings.from_mapping({"TODOKE_SECRET_KEY": NEW, "TODOKE_SECRET_KEY_PREVIOUS": "short"})
