"""Compose, drafts, bad input, optimistic locking and double submits (both backends)."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from notifier.officers.testing import cheap_passwords, form_token, login_as
from notifier.storage import schema
from tests.integration.console.helpers import free_form, new_form, notice, post_new, public_id


@pytest.fixture(autouse=True)
def _fast(monkeypatch: Any) -> None:
    cheap_passwords(monkeypatch)


async def _count(db: Any) -> int:
    async with db.connect() as conn:
        return int((await conn.execute(sa.select(sa.func.count()).select_from(schema.notices))).scalar_one())


async def test_save_draft_and_edit(client: Any, db: Any) -> None:
    await login_as(client, db, "author")
    resp = await post_new(client)
    assert resp.status == 303, await resp.text()
    pid = public_id(resp)
    row = await notice(db, pid)
    assert (row["status"], row["title"], row["areas"]) == ("draft", "断水のお知らせ", ["11101"])
    page = await (await client.get(f"/console/notices/{pid}")).text()
    assert "断水のお知らせ" in page and 'href="#area-11101"' in page


async def test_structured_type_form_fields(client: Any, db: Any) -> None:
    await login_as(client, db, "author")
    page = await (await client.get("/console/notices/new?type=evacuation")).text()
    assert 'name="p.level"' in page and 'name="p.issued_at"' in page and 'type="datetime-local"' in page
    csrf, nonce = await new_form(client)
    resp = await client.post("/console/notices/new", data={
        "csrf_token": csrf, "nonce": nonce, "type": "evacuation", "p.level": "4", "p.issued_at": "2030-07-01T10:00",
        "p.shelters": "西区役所\n大宮小学校", "topic": "disaster", "all_areas": "1", "urgency": "emergency",
        "when": "now", "do": "save"}, allow_redirects=False)
    assert resp.status == 303, await resp.text()
    row = await notice(db, public_id(resp))
    assert row["params"]["level"] == 4 and len(row["params"]["shelters"]) == 2 and row["areas"] == ["all"]
    assert row["params"]["issued_at"].endswith("+09:00")


@pytest.mark.parametrize(("overrides", "field"), [
    ({"title": ""}, "title"),
    ({"body": "a" * 10_001}, "body"),
    ({"area": "99999"}, "area"),
    ({"topic": "nonsense"}, "topic"),
    ({"urgency": "apocalypse"}, "urgency"),
    ({"when": "at", "send_at": "2001-01-01T09:00"}, "send_at"),
    ({"when": "at", "send_at": "not a time"}, "send_at"),
    ({"type": "evacuation", "p.level": "seven", "p.issued_at": "2030-01-01T10:00"}, "p.level"),
    ({"type": "earthquake", "p.intensity": "4", "p.occurred_at": "2030-01-01T10:00", "p.magnitude": "big"},
     "p.magnitude"),
])
async def test_bad_input_is_refused_and_nothing_stored(client: Any, db: Any, overrides: dict[str, Any],
                                                       field: str) -> None:
    await login_as(client, db, "author")
    resp = await post_new(client, **overrides)
    assert resp.status == 422
    page = await resp.text()
    assert f'id="{field.replace(".", "-")}-error"' in page or f'href="#f-{field.replace(".", "-")}"' in page
    assert 'role="alert"' in page
    assert await _count(db) == 0


async def test_empty_form(client: Any, db: Any) -> None:
    await login_as(client, db, "author")
    csrf, _ = await new_form(client)
    resp = await client.post("/console/notices/new", data={"csrf_token": csrf}, allow_redirects=False)
    assert resp.status == 422
    assert await _count(db) == 0


async def test_double_submit_of_a_new_form_creates_one_notice(client: Any, db: Any) -> None:
    await login_as(client, db, "author")
    csrf, nonce = await new_form(client)
    data = {**free_form(), "csrf_token": csrf, "nonce": nonce}
    first = await client.post("/console/notices/new", data=data, allow_redirects=False)
    second = await client.post("/console/notices/new", data=data, allow_redirects=False)
    assert first.status == second.status == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert await _count(db) == 1


async def _edit_data(client: Any, pid: str) -> dict[str, Any]:
    import re

    page = await (await client.get(f"/console/notices/{pid}")).text()
    nonce = re.search(r'name="nonce" value="([^"]+)"', page)
    version = re.search(r'name="version" value="(\d+)"', page)
    assert nonce and version
    return {**free_form(), "csrf_token": await form_token(client, f"/console/notices/{pid}"),
            "nonce": nonce.group(1), "version": version.group(1)}


async def test_stale_form_conflicts_and_overwrites_nothing(client: Any, db: Any) -> None:
    await login_as(client, db, "author")
    pid = public_id(await post_new(client))
    mine, theirs = await _edit_data(client, pid), await _edit_data(client, pid)
    resp = await client.post(f"/console/notices/{pid}", data={**theirs, "title": "他の人の変更"}, allow_redirects=False)
    assert resp.status == 303
    resp = await client.post(f"/console/notices/{pid}", data={**mine, "title": "古いフォーム"}, allow_redirects=False)
    assert resp.status == 409
    assert "Nothing you sent was saved" in await resp.text() or "保存" in await resp.text()
    assert (await notice(db, pid))["title"] == "他の人の変更"


async def test_double_submit_of_an_edit_is_applied_once(client: Any, db: Any) -> None:
    await login_as(client, db, "author")
    pid = public_id(await post_new(client))
    data = {**(await _edit_data(client, pid)), "title": "変更後"}
    first = await client.post(f"/console/notices/{pid}", data=data, allow_redirects=False)
    second = await client.post(f"/console/notices/{pid}", data=data, allow_redirects=False)
    assert first.status == second.status == 303
    row = await notice(db, pid)
    assert (row["title"], row["version"]) == ("変更後", 2)
