"""The JMA feed poller against a local aiohttp server serving an Atom feed of the sample files."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from aiohttp import web

from notifier.ingest.poller import Poller
from notifier.storage import schema
from notifier.storage.db import Database
from tests.ingest_samples import DATA

FEED_FILES = ("jma/19_08_01_150916_VPHW50.xml", "jma/15_15_01_220314_VPWW54.xml")


def _feed() -> bytes:
    entries = "".join(
        f"<entry><id>urn:uuid:test-{i}</id><title>t</title><updated>2015-07-17T00:21:00Z</updated>"
        f'<link type="application/xml" href="/data/{name}"/></entry>' for i, name in enumerate(FEED_FILES))
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<id>urn:test:extra</id><title>extra</title><updated>2015-07-17T00:21:00Z</updated>{entries}</feed>"
            ).encode()


async def _jma_server(aiohttp_server: Any) -> tuple[Any, list[str]]:
    requests: list[str] = []
    body, etag = _feed(), '"feed-v1"'

    async def feed(request: web.Request) -> web.Response:
        requests.append("feed")
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(body=body, content_type="application/atom+xml", headers={"ETag": etag})

    async def data(request: web.Request) -> web.Response:
        requests.append(request.match_info["name"])
        return web.Response(body=(DATA / request.match_info["name"]).read_bytes(), content_type="application/xml")

    app = web.Application()
    app.router.add_get("/feed/extra.xml", feed)
    app.router.add_get("/data/{name:.+}", data)
    return await aiohttp_server(app), requests


async def test_poller_ingests_end_to_end_then_304_and_survives_restart(aiohttp_server: Any, db: Database) -> None:
    server, requests = await _jma_server(aiohttp_server)
    url = str(server.make_url("/feed/extra.xml"))
    [first] = await Poller(db, urls=[url]).poll()
    assert first.status == 200 and len(first.ingested) == 1 and "other region" in first.skipped[0]
    async with db.connect() as conn:
        notice = (await conn.execute(sa.select(schema.notices))).mappings().one()
    assert (notice["type"], notice["areas"], notice["source"]) == ("weather_warning", ["all"], "jma")
    assert notice["params"]["phenomenon"] == "storm"

    [second] = await Poller(db, urls=[url]).poll()
    assert second.status == 304 and second.ingested == []

    # A restart with the validators lost (new ETag from the server's view): entries are still remembered.
    async with db.begin() as conn:
        await conn.execute(schema.feed_state.update().values(etag=None, last_modified=None))
    requests.clear()
    [third] = await Poller(db, urls=[url]).poll()
    assert third.status == 200 and third.ingested == [] and requests == ["feed"]
    async with db.connect() as conn:
        assert (await conn.execute(sa.select(sa.func.count()).select_from(schema.notices))).scalar_one() == 1


async def test_unreachable_entry_is_retried_next_time(aiohttp_server: Any, db: Database) -> None:
    body = _feed().replace(b"/data/jma/19_08", b"/missing/jma/19_08")

    async def feed(request: web.Request) -> web.Response:
        return web.Response(body=body, content_type="application/atom+xml")

    async def data(request: web.Request) -> web.Response:
        return web.Response(body=(DATA / request.match_info["name"]).read_bytes(), content_type="application/xml")

    app = web.Application()
    app.router.add_get("/feed.xml", feed)
    app.router.add_get("/data/{name:.+}", data)
    server = await aiohttp_server(app)
    [result] = await Poller(db, urls=[str(server.make_url("/feed.xml"))]).poll()
    assert len(result.failed) == 1 and result.ingested == [] and len(result.skipped) == 1
    async with db.connect() as conn:
        seen = (await conn.execute(sa.select(schema.feed_state.c.seen))).scalar_one()
    assert seen == ["urn:uuid:test-1"]  # the failed entry is not marked seen
