"""The JMA feed poller against a local aiohttp server serving an Atom feed of the sample files.

Also as the scheduler's job: ``jma_feeds`` every ``jma_poll_seconds``, in the one active scheduler.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from aiohttp import web

from notifier.config import Settings
from notifier.dispatch.scheduler import Scheduler
from notifier.dispatch.testing import make_subscriber
from notifier.ingest.poller import Poller, poll_feeds
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


def _server_app(feed_entries: list[list[str]]) -> web.Application:
    """A feed whose content is ``feed_entries[-1]`` (the test appends a version to publish a new entry)."""
    async def feed(request: web.Request) -> web.Response:
        version = f'"v{len(feed_entries)}"'
        if request.headers.get("If-None-Match") == version:
            return web.Response(status=304, headers={"ETag": version})
        entries = "".join(f"<entry><id>urn:uuid:{name}</id><title>t</title><updated>2024-06-13T00:00:00Z</updated>"
                          f'<link href="/data/{name}"/></entry>' for name in reversed(feed_entries[-1]))
        body = (f'<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:test</id><title>extra</title>'
                f"<updated>2024-06-13T00:00:00Z</updated>{entries}</feed>")
        return web.Response(text=body, content_type="application/atom+xml", headers={"ETag": version})

    async def data(request: web.Request) -> web.Response:
        return web.Response(body=(DATA / request.match_info["name"]).read_bytes(), content_type="application/xml")

    app = web.Application()
    app.router.add_get("/feed.xml", feed)
    app.router.add_get("/data/{name:.+}", data)
    return app


async def _notices(db: Database) -> list[dict[str, Any]]:
    async with db.connect() as conn:
        return [dict(r) for r in (await conn.execute(sa.select(schema.notices).order_by(schema.notices.c.id)))
                .mappings()]


async def _until(predicate: Any, db: Database, seconds: float = 10.0) -> list[dict[str, Any]]:
    for _ in range(int(seconds / 0.05)):
        rows = await _notices(db)
        if predicate(rows):
            return rows
        await asyncio.sleep(0.05)
    return await _notices(db)


async def test_the_scheduler_polls_jma_feeds_every_interval_and_sends_by_rule(
        aiohttp_server: Any, db: Database, settings: Settings, tmp_path: Path) -> None:
    published = [["jma/19_08_01_150916_VPHW50.xml"]]  # a typhoon (storm) notice for the whole city
    server = await aiohttp_server(_server_app(published))
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rules]]\nname = "jma-weather"\nsource = "jma"\ntype = "weather_warning"\n', encoding="utf-8")
    settings = settings.replace(jma_feeds=str(server.make_url("/feed.xml")), jma_poll_seconds=1,
                                ingest_rules=str(rules))
    async with db.begin() as conn:
        await make_subscriber(conn, areas=("11101",), topics=("weather",))
    scheduler = Scheduler(db, settings)
    assert scheduler.intervals["jma_poll"] == 1.0
    scheduler.start()
    try:
        await _until(lambda rows: [r["status"] for r in rows] == ["sent"], db)
        published.append([*published[-1], "jma/32-35_08_08_240613_VXSE53.xml"])  # a new entry: 震度2
        rows = await _until(lambda rows: len(rows) == 2, db)  # picked up by a later run, not the first
    finally:
        await scheduler.stop()
    warning = rows[0]
    assert (warning["type"], warning["status"], warning["approved_by"]) == ("weather_warning", "sent",
                                                                            "rule:jma-weather")
    assert (rows[1]["type"], rows[1]["status"]) == ("earthquake", "draft")  # no rule matched: waits
    async with db.connect() as conn:
        deliveries = (await conn.execute(sa.select(schema.deliveries.c.notice_id))).scalars().all()
    assert deliveries == [warning["id"]]


async def test_no_feeds_no_poll_job(db: Database, settings: Settings) -> None:
    assert "jma_poll" not in Scheduler(db, settings).intervals


async def test_only_the_scheduler_holding_the_lock_polls(aiohttp_server: Any, db: Database, settings: Settings,
                                                         backend: str) -> None:
    server = await aiohttp_server(_server_app([["jma/19_08_01_150916_VPHW50.xml"]]))
    settings = settings.replace(jma_feeds=str(server.make_url("/feed.xml")))
    first, second = Scheduler(db, settings), Scheduler(db, settings)
    try:
        assert await first._guarded("jma_poll")() == 1
        assert await second._guarded("jma_poll")() == (0 if backend == "sqlite" else None)  # seen / stood by
    finally:
        await first.stop()
        await second.stop()


async def test_a_feed_that_is_down_does_not_hold_back_the_others(aiohttp_server: Any, db: Database,
                                                                 settings: Settings) -> None:
    async def down(request: web.Request) -> web.Response:
        return web.Response(status=503)

    broken = web.Application()
    broken.router.add_get("/feed.xml", down)
    bad, good = await aiohttp_server(broken), await aiohttp_server(_server_app([["jma/19_08_01_150916_VPHW50.xml"]]))
    feeds = f"{bad.make_url('/feed.xml')} {good.make_url('/feed.xml')}"
    assert await poll_feeds(db, settings.replace(jma_feeds=feeds)) == 1
    assert [n["type"] for n in await _notices(db)] == ["weather_warning"]
