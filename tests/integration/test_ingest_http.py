"""Ingest over HTTP (API key scope ``ingest``), CAP out (schema-valid) and Atom feeds with conditional GET."""

from __future__ import annotations

import io
from typing import Any

import sqlalchemy as sa
from lxml import etree

from notifier.ingest.cap import schema as cap_schema
from notifier.ingest.service import ingest
from notifier.notices import store
from notifier.officers import accounts
from notifier.storage import schema
from notifier.storage.db import Database, utcnow
from tests.ingest_samples import cap_message, sample

XML = {"Content-Type": "application/xml"}
ATOM = "{http://www.w3.org/2005/Atom}"


async def _key(db: Database, scopes: list[str]) -> dict[str, str]:
    _, plain = await accounts.create_api_key(db, "system", name="feeds", scopes=scopes)
    return {"Authorization": f"Bearer {plain}"}


async def _sent(db: Database, rel: str | bytes) -> dict[str, Any]:
    data = sample(rel) if isinstance(rel, str) else rel
    outcome = await ingest(db, data, actor="cli:test")
    async with db.begin() as conn:
        return await store.set_status(conn, outcome.notice["id"], "sent", sent_at=utcnow())


async def test_ingest_endpoints_need_the_ingest_scope(client: Any, db: Database) -> None:
    body = sample("jma/57_03_01_240401_VPFT50.xml")
    assert (await client.post("/api/v1/ingest/jma", data=body, headers=XML)).status == 401
    wrong = await _key(db, ["notices:read"])
    assert (await client.post("/api/v1/ingest/jma", data=body, headers={**XML, **wrong})).status == 403
    key = await _key(db, ["ingest"])
    created = await client.post("/api/v1/ingest/jma", data=body, headers={**XML, **key})
    assert created.status == 201
    result = await created.json()
    assert result["outcome"] == "created"
    assert {k: result["notice"][k] for k in ("type", "urgency", "areas", "status")} == {
        "type": "heat_stroke", "urgency": "urgent", "areas": ["all"], "status": "draft"}
    again = await client.post("/api/v1/ingest/jma", data=body, headers={**XML, **key})
    assert again.status == 200 and (await again.json())["notice"]["id"] == result["notice"]["id"]


async def test_rejections_skips_and_limits(client: Any, db: Database) -> None:
    key = await _key(db, ["ingest"])
    bad = await client.post("/api/v1/ingest/cap", data=sample("cap/google_cap_library/invalid.cap.xml"),
                            headers={"Content-Type": "application/cap+xml", **key})
    assert bad.status == 422 and (await bad.json())["errors"][0]["field"] == "alert/info"
    xxe = await client.post("/api/v1/ingest/cap", data=sample("cap/google_cap_library/xee.cap.xml"),
                            headers={"Content-Type": "text/xml", **key})
    assert xxe.status == 422 and (await xxe.json())["errors"][0]["field"] == "!DOCTYPE"
    wrong_kind = await client.post("/api/v1/ingest/lalert", data=sample("jma/57_03_01_240401_VPFT50.xml"),
                                   headers={**XML, **key})
    assert wrong_kind.status == 422
    skipped = await client.post("/api/v1/ingest/jma", data=sample("jma/17_03_01_190529_VXWW50.xml"),
                                headers={**XML, **key})
    assert skipped.status == 200 and (await skipped.json())["outcome"] == "skipped"
    json_body = await client.post("/api/v1/ingest/jma", json={"x": 1}, headers=key)
    assert json_body.status == 415
    huge = await client.post("/api/v1/ingest/cap", data=io.BytesIO(b"x" * (50 * 1024 * 1024)),
                             headers={**XML, **key})
    assert huge.status == 413
    async with db.connect() as conn:
        assert (await conn.execute(sa.select(sa.func.count()).select_from(schema.notices))).scalar_one() == 0


async def test_lalert_over_http_to_a_ward(client: Any, db: Database) -> None:
    key = await _key(db, ["ingest"])
    response = await client.post("/api/v1/ingest/lalert", data=sample("lalert/shelter_open.xml"),
                                 headers={**XML, **key})
    notice = (await response.json())["notice"]
    assert response.status == 201 and notice["type"] == "shelter" and notice["areas"] == ["11106", "11108"]


async def test_sent_notice_as_valid_cap(client: Any, db: Database) -> None:
    notice = await _sent(db, cap_message(identifier="out-1"))
    draft = await ingest(db, sample("jma/57_03_01_240401_VPFT50.xml"), actor="cli:test")
    response = await client.get(f"/api/v1/notices/{notice['public_id']}.cap")
    assert response.status == 200 and response.content_type == "application/cap+xml"
    root = etree.fromstring(await response.read())
    assert cap_schema().validate(root), cap_schema().error_log
    ns = {"c": "urn:oasis:names:tc:emergency:cap:1.2"}
    assert root.xpath("c:info/c:language/text()", namespaces=ns) == ["ja-JP", "en-US"]
    assert root.xpath("c:info[1]/c:area/c:geocode/c:value/text()", namespaces=ns) == ["11106"]
    assert root.xpath("c:info[1]/c:web/text()", namespaces=ns)[0].endswith(f"/n/{notice['public_id']}")
    assert (await client.get(f"/api/v1/notices/{draft.notice['public_id']}.cap")).status == 404  # not sent


async def test_structured_and_cancel_notices_validate_as_cap(client: Any, db: Database) -> None:
    quake = await _sent(db, "jma/32-35_08_08_240613_VXSE53.xml")
    order = await _sent(db, "lalert/evacuation_order_sakura.xml")
    cancel = await _sent(db, "lalert/evacuation_order_sakura_cancel.xml")
    for notice in (quake, order, cancel):
        root = etree.fromstring(await (await client.get(f"/api/v1/notices/{notice['public_id']}.cap")).read())
        assert cap_schema().validate(root), cap_schema().error_log
    ns = {"c": "urn:oasis:names:tc:emergency:cap:1.2"}
    assert root.xpath("c:msgType/text()", namespaces=ns) == ["Cancel"]
    assert order["public_id"] in root.xpath("c:references/text()", namespaces=ns)[0]


async def test_atom_feeds_with_etag_and_last_modified(client: Any, db: Database) -> None:
    everywhere = await _sent(db, "jma/57_03_01_240401_VPFT50.xml")
    sakura = await _sent(db, "lalert/evacuation_order_sakura.xml")
    response = await client.get("/feeds/cap.atom")
    assert response.status == 200 and response.content_type == "application/atom+xml"
    feed = etree.fromstring(await response.read())
    links = feed.xpath("//a:entry/a:link/@href", namespaces={"a": ATOM[1:-1]})
    assert any(link.endswith(f"/api/v1/notices/{sakura['public_id']}.cap") for link in links)
    assert any(link.endswith(f"/n/{everywhere['public_id']}") for link in links)
    tag, modified = response.headers["ETag"], response.headers["Last-Modified"]
    assert (await client.get("/feeds/cap.atom", headers={"If-None-Match": tag})).status == 304
    assert (await client.get("/feeds/cap.atom", headers={"If-Modified-Since": modified})).status == 304
    ward = etree.fromstring(await (await client.get("/feeds/11108.atom")).read())
    assert len(ward.findall(f"{ATOM}entry")) == 1  # the city-wide heat alert, not 桜区's order
    assert (await client.get("/feeds/99999.atom")).status == 404
    await _sent(db, "lalert/shelter_open.xml")
    changed = await client.get("/feeds/cap.atom", headers={"If-None-Match": tag})
    assert changed.status == 200 and changed.headers["ETag"] != tag


async def test_openapi_documents_the_ingest_routes(client: Any) -> None:
    paths = (await (await client.get("/api/v1/openapi.json")).json())["paths"]
    assert {"/ingest/cap", "/ingest/lalert", "/ingest/jma", "/notices/{public_id}.cap"} <= set(paths)
