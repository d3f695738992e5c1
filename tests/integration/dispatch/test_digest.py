"""Digests: a subscriber's non-urgent notices arrive as ONE message per channel at their digest time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from channels.sms import smpp_codec
from channels.sms.smpp import SmppChannel, SmppConfig
from notifier.config import Settings
from notifier.dispatch.digest import page_token
from notifier.dispatch.fanout import fan_out
from notifier.dispatch.gateways import Gateways
from notifier.dispatch.testing import MemoryChannel, make_notice, make_subscriber
from notifier.dispatch.worker import Worker
from notifier.rendering.store import ensure_renderings
from notifier.storage import schema
from notifier.storage.db import Database
from tests.digest_notices import notices as long_day
from tests.integration.channels.conftest import smpp_server

TZ = ZoneInfo("Asia/Tokyo")
MORNING = datetime(2026, 7, 1, 1, 0, tzinfo=UTC)  # 10:00 in Tokyo
EVENING = datetime(2026, 7, 1, 9, 0, 30, tzinfo=UTC)  # 18:00:30 in Tokyo


async def _deliveries(db: Database, subscriber: int) -> list[dict[str, object]]:
    d = schema.deliveries
    async with db.connect() as conn:
        rows = await conn.execute(sa.select(d).where(d.c.subscriber_id == subscriber).order_by(d.c.id))
        return [dict(r) for r in rows.mappings()]


async def test_digest_merges_the_days_notices_into_one_message(db: Database, settings: Settings) -> None:
    async with db.begin() as conn:
        digester = await make_subscriber(conn, digest_time="18:00")
        other = await make_subscriber(conn)
        notices = [await make_notice(conn), await make_notice(conn), await make_notice(conn, urgency="urgent")]
    for notice in notices:
        await fan_out(db, notice, tz=TZ, now=MORNING)
    channel = MemoryChannel()
    clock = [MORNING]
    worker = Worker(db, Gateways({"email": [channel]}), settings, clock=lambda: clock[0])
    while await worker.run_once():
        pass
    urgent = [m for m in channel.sent if m.meta["notice"] == notices[2]["public_id"]]
    assert len(urgent) == 2 and len(channel.sent) == 4  # the urgent one at once; the other subscriber gets all
    assert [r["status"] for r in await _deliveries(db, digester)] == ["pending", "pending", "delivered"]

    channel.reset()
    clock[0] = EVENING
    while await worker.run_once():
        pass
    assert len(channel.sent) == 1  # one message for both notices
    message = channel.sent[0]
    for notice in notices[:2]:
        assert f"{settings.base_url}/n/{notice['public_id']}" in message.text
        assert f"お知らせ{notice['id']}" in message.text  # each notice's title in the subscriber's variant
    assert notices[2]["public_id"] not in message.text
    rows = await _deliveries(db, digester)
    assert [r["status"] for r in rows] == ["delivered"] * 3
    leader, follower = rows[0], rows[1]
    assert message.idempotency_key == leader["idempotency_key"]
    assert leader["meta"] == {"digest": [leader["id"], follower["id"]]}
    assert follower["meta"] == {"delivered_by_digest": leader["id"]}
    assert all(r["status"] == "delivered" for r in await _deliveries(db, other))


async def test_a_failed_digest_retries_every_notice_in_it(db: Database, settings: Settings) -> None:
    async with db.begin() as conn:
        digester = await make_subscriber(conn, digest_time="18:00", contacts={"email": "d@example.jp"})
        notices = [await make_notice(conn), await make_notice(conn)]
    for notice in notices:
        await fan_out(db, notice, tz=TZ, now=MORNING)
    channel = MemoryChannel(plan={"d@example.jp": ["temporary", "delivered"]})
    clock = [EVENING]
    worker = Worker(db, Gateways({"email": [channel]}), settings, clock=lambda: clock[0])
    await worker.run_once()
    rows = await _deliveries(db, digester)
    assert [r["status"] for r in rows] == ["temporary_failure"] * 2 and len(channel.sent) == 1
    clock[0] = EVENING + timedelta(hours=3)
    await worker.housekeeping()
    while await worker.run_once():
        pass
    assert [r["status"] for r in await _deliveries(db, digester)] == ["delivered"] * 2 and len(channel.sent) == 2


async def test_a_digest_of_more_notices_than_the_builder_caches(db: Database, settings: Settings) -> None:
    """The message builder keeps 32 notices; a digest of 40 still goes out as one email."""
    async with db.begin() as conn:
        digester = await make_subscriber(conn, digest_time="18:00")
        notices = [await make_notice(conn) for _ in range(40)]
    for notice in notices:
        await fan_out(db, notice, tz=TZ, now=MORNING)
    channel = MemoryChannel()
    worker = Worker(db, Gateways({"email": [channel]}), settings, clock=lambda: EVENING)
    while await worker.run_once():
        pass
    assert len(channel.sent) == 1 and all(f"/n/{n['public_id']}" in channel.sent[0].text for n in notices)
    assert [r["status"] for r in await _deliveries(db, digester)] == ["delivered"] * 40


async def test_calls_are_never_merged_each_notice_is_its_own_call(db: Database, settings: Settings) -> None:
    """A merged call would play the first notice's audio and report every notice delivered."""
    async with db.begin() as conn:
        digester = await make_subscriber(conn, digest_time="18:00", channels=("voice",),
                                         contacts={"voice": "+81488291111"})
        notices = [await make_notice(conn), await make_notice(conn)]
    for notice in notices:
        await fan_out(db, notice, tz=TZ, now=MORNING)
    calls = MemoryChannel()
    worker = Worker(db, Gateways({"voice": [calls]}), settings, clock=lambda: EVENING)
    while await worker.run_once():
        pass
    assert sorted(m.meta["notice"] for m in calls.sent) == sorted(n["public_id"] for n in notices)
    assert all(m.meta.get("digest") is None for m in calls.sent)
    assert [r["status"] for r in await _deliveries(db, digester)] == ["delivered"] * 2


async def test_a_line_digest_longer_than_a_line_message_lists_titles_and_the_digest_page(
        db: Database, settings: Settings) -> None:
    async with db.begin() as conn:
        digester = await make_subscriber(conn, digest_time="18:00", channels=("line",),
                                         contacts={"line": "U" + "0" * 32})
        notices = [await make_notice(conn) for _ in range(120)]
    for notice in notices:
        await fan_out(db, notice, tz=TZ, now=MORNING)
    line = MemoryChannel()
    worker = Worker(db, Gateways({"line": [line]}), settings, clock=lambda: EVENING)
    while await worker.run_once():
        pass
    assert len(line.sent) == 1
    text = line.sent[0].text
    assert len(text) <= 5000 and f"{settings.base_url}/d/" in text and "お知らせ（120件）" in text
    assert f"お知らせ{notices[0]['id']}" in text  # the first titles are listed, the rest counted
    assert [r["status"] for r in await _deliveries(db, digester)] == ["delivered"] * 120


def _sms_text(parts: list[Any]) -> str:
    """The text of the submit_sm parts of one message (a concatenated message's parts carry a UDH)."""
    bodies = [p.short_message[p.short_message[0] + 1:] if p.esm_class & 0x40 else p.short_message for p in parts]
    return "".join(smpp_codec.decode(p.data_coding, body) for p, body in zip(parts, bodies, strict=True))


@pytest.mark.parametrize("variant", ["ja", "ja-easy", "en"])
async def test_a_long_digest_still_arrives_by_sms(db: Database, settings: Settings, client: Any,
                                                  variant: str) -> None:
    """37 notices in one SMS digest, through the worker and a real SMPP gateway: one message of at most
    10 parts, not a failover to email; its link opens a page listing every notice."""
    async with db.begin() as conn:
        digester = await make_subscriber(conn, variant=variant, channels=["sms", "email"], digest_time="18:00",
                                         contacts={"sms": "+819012345678", "email": "long@example.jp"})
        rows = [await make_notice(conn, variants=(), title=n["title"], body=n["body"],
                                  translations=n["translations"]) for n in long_day()]
    for row in rows:
        await ensure_renderings(db, row, variants={variant, "ja-easy", "ja"}, formats={"sms"}, settings=settings,
                                audio=False)
        await fan_out(db, row, tz=TZ, now=MORNING)
    email = MemoryChannel()
    async with smpp_server() as smsc:
        sms = SmppChannel(config=SmppConfig.from_url(f"smpp://todoke:pw@127.0.0.1:{smsc.port}"), db=db)
        await sms.open()
        try:
            worker = Worker(db, Gateways({"sms": [sms], "email": [email]}), settings, clock=lambda: EVENING)
            while await worker.run_once():
                pass
        finally:
            await sms.close()
        parts = list(smsc.submits)
    deliveries = await _deliveries(db, digester)
    assert not email.sent and {r["channel"] for r in deliveries} == {"sms"}  # nothing failed over
    assert [r["status"] for r in deliveries] == ["delivered"] * len(rows)
    assert 2 <= len(parts) <= 10 and len({p.short_message[3] for p in parts}) == 1  # one concatenated message
    text = _sms_text(parts)
    header = {"ja": "お知らせ（37件）", "ja-easy": "お知らせ（37）", "en": "Notices for you (37):"}[variant]
    assert text.split("\n")[0] == header
    link = text.split("\n")[-1]
    assert link.startswith(f"{settings.base_url}/d/{deliveries[0]['id']}-")
    page = await client.get(urlsplit(link).path)
    html = await page.text()
    assert page.status == 200 and html.count('<a href="/n/') == len(rows)
    assert f'<html lang="{"ja" if variant == "ja-easy" else variant}">' in html
    if variant != "ja-easy":  # (easy Japanese titles carry <ruby> readings on the page)
        titles = [n["translations"]["en"]["title"] if variant == "en" else n["title"] for n in long_day()]
        assert all(title in html for title in titles)
    path = urlsplit(link).path
    forged = path[:-1] + ("1" if path.endswith("0") else "0")
    assert (await client.get(forged)).status == 404  # the token is signed: no reading someone else's digest


async def test_digest_page_marks_untranslated_titles_as_easy_japanese(db: Database, settings: Settings,
                                                                      client: Any) -> None:
    """An English reader's digest of free text nobody translated: the titles are easy Japanese (lang="ja",
    with readings), the page around them English."""
    async with db.begin() as conn:
        digester = await make_subscriber(conn, variant="en", digest_time="18:00")
        rows = [await make_notice(conn, variants=(), title=n["title"], body=n["body"]) for n in long_day()[:2]]
    for row in rows:
        await ensure_renderings(db, row, variants={"en", "ja-easy", "ja"}, formats={"email"}, settings=settings,
                                audio=False)
        await fan_out(db, row, tz=TZ, now=MORNING)
    worker = Worker(db, Gateways({"email": [MemoryChannel()]}), settings, clock=lambda: EVENING)
    while await worker.run_once():
        pass
    leader = (await _deliveries(db, digester))[0]["id"]
    html = await (await client.get(f"/d/{page_token(settings.secret_key, leader)}")).text()
    assert '<html lang="en">' in html and "Your notices" in html
    assert html.count('lang="ja"><ruby>') == 2 and html.count('?lang=en"') == 2
