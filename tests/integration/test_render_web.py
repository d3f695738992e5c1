"""Preview API, notice pages and stored renderings, on both database backends."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa

from notifier.config import Settings
from notifier.notices import store as notices
from notifier.notices.model import parse_notice
from notifier.officers import accounts
from notifier.rendering.store import ensure_renderings, load_renderings
from notifier.storage import schema
from notifier.storage.db import Database
from tests.notice_examples import notice

PREVIEW = "/api/v1/notices/preview"


async def _key(db: Database, scopes: list[str]) -> dict[str, str]:
    _, plain = await accounts.create_api_key(db, "system", name="preview", scopes=scopes)
    return {"Authorization": f"Bearer {plain}"}


async def _stored(db: Database, data: dict[str, Any], status: str = "sent") -> dict[str, Any]:
    async with db.begin() as conn:
        row = await notices.create(conn, parse_notice(data), source="api", created_by="test", status=status)
    return row


async def test_preview_needs_an_officer(client: Any, db: Database) -> None:
    assert (await client.post(PREVIEW, json=notice("garbage"))).status == 401
    reader = await _key(db, ["notices:read"])
    assert (await client.post(PREVIEW, json=notice("garbage"), headers=reader)).status == 403


async def test_preview_returns_the_render_json(client: Any, db: Database) -> None:
    key = await _key(db, ["notices:write"])
    response = await client.post(PREVIEW + "?variant=en,ja&format=sms-short&format=email", json=notice("garbage"),
                                 headers=key)
    assert response.status == 200
    items = await response.json()
    assert [(i["variant"], i["format"]) for i in items] == [("ja", "email"), ("ja", "sms-short"),
                                                            ("en", "email"), ("en", "sms-short")]
    assert items[2]["subject"] == "Change to garbage collection"
    assert items[2]["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


async def test_preview_names_the_bad_field(client: Any, db: Database) -> None:
    key = await _key(db, ["notices:write"])
    cases = [
        (PREVIEW, {"type": "evacuation", "params": {"issued_at": "2026-11-24T15:30:00+09:00"},
                   "topics": ["disaster"]}, "params.level"),
        (PREVIEW, {"type": "tornado", "topics": ["disaster"]}, "type"),
        (PREVIEW + "?format=fax", notice("garbage"), "format"),
        (PREVIEW + "?audio=maybe", notice("garbage"), "audio"),
    ]
    for url, body, field in cases:
        response = await client.post(url, json=body, headers=key)
        assert response.status == 422, field
        assert (await response.json())["errors"][0]["field"] == field


async def test_renderings_are_stored_once(db: Database, settings: Settings) -> None:
    row = await _stored(db, notice("water_outage"))
    wanted = {"variants": {"ja", "en"}, "formats": {"sms", "email"}}
    await ensure_renderings(db, row, settings=settings, **wanted)
    async with db.connect() as conn:
        first = await load_renderings(conn, row["id"])
        ids = (await conn.execute(sa.select(schema.renderings.c.id))).scalars().all()
    assert set(first) == {(v, f) for v in ("ja", "en") for f in ("sms", "email")}
    await ensure_renderings(db, row, settings=settings, **wanted)
    async with db.connect() as conn:
        again = (await conn.execute(sa.select(schema.renderings.c.id))).scalars().all()
        second = await load_renderings(conn, row["id"])
    assert sorted(again) == sorted(ids)
    assert second[("en", "email")].text == first[("en", "email")].text
    assert "/n/" + row["public_id"] in second[("en", "sms")].text


async def test_notice_page_only_for_published_notices(client: Any, db: Database) -> None:
    draft = await _stored(db, notice("garbage"), status="draft")
    assert (await client.get(f"/n/{draft['public_id']}")).status == 404
    assert (await client.get("/n/does-not-exist")).status == 404


async def test_notice_page_escapes_and_switches_language(client: Any, db: Database) -> None:
    data = {"title": "<i>停電</i>", "body": "<script>alert(1)</script>午後に停電します。", "topics": ["events"],
            "translations": {"en": {"title": "Power cut", "body": "Power cut this afternoon."}}}
    row = await _stored(db, data)
    page = await client.get(f"/n/{row['public_id']}")
    html = await page.text()
    assert page.status == 200
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert f'href="/n/{row["public_id"]}?lang=en&amp;furigana=1&amp;large=0"' in html
    english = await (await client.get(f"/n/{row['public_id']}?lang=en&large=1")).text()
    assert "Power cut this afternoon." in english and "large-text" in english
    plain = await (await client.get(f"/n/{row['public_id']}?lang=ja-easy&furigana=0")).text()
    assert "no-furigana" in plain


async def test_audio_route_serves_only_cache_files(client: Any, settings: Settings) -> None:
    assert (await client.get("/audio/..%2Fsecret.wav")).status == 404
    assert (await client.get("/audio/notahash.wav")).status == 404
    folder = Path(settings.audio_dir)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "0123456789abcdef.wav").write_bytes(b"RIFF0000WAVE")
    response = await client.get("/audio/0123456789abcdef.wav")
    assert response.status == 200 and response.headers["Content-Type"] == "audio/wav"
