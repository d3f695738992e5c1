"""Citizen pages: forms with CSRF, errors next to fields, escaping, confirm, manage, one-click unsubscribe."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa

from notifier.storage import schema
from notifier.storage.db import Database
from subscribers import tokens
from tests.integration.subscriber_helpers import count, last_link_token, subscribe_verified


async def csrf(client: Any, path: str = "/subscribe") -> str:
    html = await (await client.get(path)).text()
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "form without csrf_token"
    return match.group(1)


def form(token: str, **fields: Any) -> dict[str, Any]:
    data = {"csrf_token": token, "contacts.email": "jiro@example.jp", "topics": "disaster", "areas": "11103",
            "language": "ja"}
    data.update(fields)
    return data


async def test_subscribe_page_is_accessible(client: Any) -> None:
    resp = await client.get("/subscribe")
    html = await resp.text()
    assert resp.status == 200
    assert '<html lang="ja">' in html
    assert html.count("<fieldset") >= 4 and "<legend>" in html
    assert 'for="f-contacts-email"' in html and 'id="f-contacts-email"' in html
    assert 'type="hidden" name="csrf_token"' in html
    assert "<script" not in html and "style=" not in html


async def test_the_site_name_link_leads_to_the_subscription_page(client: Any) -> None:
    resp = await client.get("/?lang=en&large=1", allow_redirects=False)
    assert resp.status == 302 and resp.headers["Location"] == "/subscribe?lang=en&large=1"
    assert (await client.get("/")).status == 200


async def test_missing_csrf_token_is_403(client: Any, db: Database) -> None:
    await client.get("/subscribe")
    resp = await client.post("/subscribe", data=form(""))
    assert resp.status == 403
    assert await count(db, schema.subscribers) == 0


async def test_errors_next_to_fields_and_input_kept_escaped(client: Any, db: Database) -> None:
    token = await csrf(client)
    evil = "<script>alert(1)</script>'; DROP TABLE subscribers;--"
    resp = await client.post("/subscribe", data=form(token, **{"contacts.email": evil, "areas": "99999"}))
    html = await resp.text()
    assert resp.status == 422
    assert 'id="err-contacts-email"' in html and 'aria-invalid="true"' in html and 'id="err-areas"' in html
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#39;; DROP TABLE subscribers;--" in html
    assert await count(db, schema.subscribers) == 0


async def test_subscribe_then_confirm_by_link_then_manage(client: Any, db: Database) -> None:
    token = await csrf(client)
    resp = await client.post("/subscribe", data=form(token, **{"contacts.sms": "090-3333-4444", "needs": "visual",
                                                              "needs_consent": "1"}))
    html = await resp.text()
    assert resp.status == 200 and 'name="code"' in html
    link = await last_link_token(db)
    confirm = await client.get(f"/verify?token={link}")
    assert 'method="post" action="/verify"' in await confirm.text()
    done = await client.post("/verify", data={"csrf_token": token, "token": link})
    page = await done.text()
    manage = re.search(r'href="http://todoke.test(/manage/[^"]+)"', page)
    assert manage, page
    html = await (await client.get(manage.group(1))).text()
    assert 'value="jiro@example.jp"' in html and 'value="visual" checked' in html


async def test_stored_fragments_render_escaped_on_manage_page(client: Any, db: Database, settings: Any) -> None:
    manage = await subscribe_verified(client, db, contacts={"email": "o'neil+drop--x@example.jp"})
    html = await (await client.get(f"/manage/{manage}")).text()
    assert "o&#39;neil+drop--x@example.jp" in html


async def test_manage_page_saves_and_unsubscribes(client: Any, db: Database) -> None:
    manage = await subscribe_verified(client, db)
    token = await csrf(client, f"/manage/{manage}")
    resp = await client.post(f"/manage/{manage}", data=form(token, **{"contacts.email": "hanako@example.jp",
                                                                     "topics": "tax", "quiet_hours.start": "21:00",
                                                                     "quiet_hours.end": "06:30"}))
    assert resp.status == 200 and "success" in await resp.text()
    resp = await client.post(f"/manage/{manage}", data=form(token, **{"contacts.email": "", "topics": "nope"}))
    html = await resp.text()
    assert resp.status == 422 and 'id="err-topics"' in html
    resp = await client.post(f"/manage/{manage}/unsubscribe", data={"csrf_token": token})
    assert resp.status == 200
    async with db.connect() as conn:
        row = (await conn.execute(sa.select(schema.subscribers))).one()
    assert row.status == "unsubscribed" and row.quiet_start == "21:00"


async def test_one_click_unsubscribe_without_cookies(client: Any, db: Database, settings: Any) -> None:
    await subscribe_verified(client, db)
    async with db.connect() as conn:
        public_id = (await conn.execute(sa.select(schema.subscribers.c.public_id))).scalar_one()
    url = tokens.unsubscribe_url(settings, public_id)
    path = url.removeprefix(settings.base_url)
    assert "Unsubscribe" in await (await client.get(path, params={"lang": "en"})).text()
    client.session.cookie_jar.clear()
    resp = await client.post(path, data="List-Unsubscribe=One-Click",
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert resp.status == 200
    async with db.connect() as conn:
        assert (await conn.execute(sa.select(schema.subscribers.c.status))).scalar_one() == "unsubscribed"
    assert (await client.get(path[:-3] + "xyz")).status == 404  # tampered


async def test_delete_page_erases_everything(client: Any, db: Database) -> None:
    manage = await subscribe_verified(client, db)
    token = await csrf(client, f"/manage/{manage}/delete")
    resp = await client.post(f"/manage/{manage}/delete", data={"csrf_token": token})
    assert resp.status == 200
    assert await count(db, schema.subscribers) == 0 and await count(db, schema.contact_points) == 0
    assert (await client.get(f"/manage/{manage}")).status == 404


async def test_furigana_and_large_text_toggles(client: Any) -> None:
    plain = await (await client.get("/subscribe")).text()
    assert 'class="no-furigana"' in plain and "furigana=1" in plain
    html = await (await client.get("/subscribe?furigana=1&large=1")).text()
    assert 'class="furigana"' in html and 'class="large-text"' in html
