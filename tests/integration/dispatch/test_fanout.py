"""Fan-out selection on both backends: who gets a row, on which channel, variant and time."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from notifier.dispatch.fanout import fan_out, next_local, resolve_variant
from notifier.dispatch.keys import as_utc, idempotency_key
from notifier.dispatch.testing import link_caregiver, make_notice, make_subscriber
from notifier.storage import schema
from notifier.storage.db import Database

TZ = ZoneInfo("Asia/Tokyo")
d = schema.deliveries


async def _rows(db: Database, notice_id: int) -> dict[tuple[int, int], dict]:
    async with db.connect() as conn:
        rows = (await conn.execute(sa.select(d).where(d.c.notice_id == notice_id))).mappings().all()
    return {(r["subscriber_id"], r["caregiver_of"]): dict(r) for r in rows}


async def test_topics_wards_and_all(db: Database) -> None:
    async with db.begin() as conn:
        west = await make_subscriber(conn, topics=["disaster"], areas=["11101"])
        north = await make_subscriber(conn, topics=["disaster", "water"], areas=["11102"])
        other_topic = await make_subscriber(conn, topics=["tax"], areas=["11101"])
        gone = await make_subscriber(conn, status="unsubscribed")
        unverified = await make_subscriber(conn, unverified=["email"])
        wards = await make_notice(conn, areas=["11101", "11103"])
        everywhere = await make_notice(conn, areas=["all"], topics=["water", "disaster"])
    await fan_out(db, wards, tz=TZ)
    await fan_out(db, everywhere, tz=TZ)
    assert set(await _rows(db, wards["id"])) == {(west, 0)}
    assert set(await _rows(db, everywhere["id"])) == {(west, 0), (north, 0)}
    assert not {other_topic, gone, unverified} & {k[0] for k in await _rows(db, everywhere["id"])}


async def test_needs_target_age65_in_two_wards(db: Database) -> None:
    async with db.begin() as conn:
        old_west = await make_subscriber(conn, areas=["11101"], needs=["age65"])
        old_south = await make_subscriber(conn, areas=["11108"], needs=["age65", "hearing"])
        await make_subscriber(conn, areas=["11101"])  # not 65+
        await make_subscriber(conn, areas=["11110"], needs=["age65"])  # another ward
        notice = await make_notice(conn, areas=["11101", "11108"], needs=["age65"])
    await fan_out(db, notice, tz=TZ)
    assert set(await _rows(db, notice["id"])) == {(old_west, 0), (old_south, 0)}


async def test_first_verified_channel_in_order_and_no_voice_for_hearing(db: Database) -> None:
    async with db.begin() as conn:
        line_unverified = await make_subscriber(
            conn, channels=["line", "sms", "email"], contacts={"line": "U1", "sms": "+819011112222", "email": "a@x.jp"},
            unverified=["line"])
        deaf = await make_subscriber(conn, channels=["voice", "email"], needs=["hearing"],
                                     contacts={"voice": "+81488290001", "email": "b@x.jp"})
        caller = await make_subscriber(conn, channels=["voice-relay", "email"],
                                       contacts={"voice": "+81488290002", "email": "c@x.jp"})
        nothing = await make_subscriber(conn, channels=["sms"], contacts={"email": "d@x.jp"})
        notice = await make_notice(conn)
    await fan_out(db, notice, tz=TZ)
    rows = await _rows(db, notice["id"])
    assert (rows[(line_unverified, 0)]["channel"], rows[(line_unverified, 0)]["step"]) == ("sms", 1)
    assert (rows[(deaf, 0)]["channel"], rows[(deaf, 0)]["step"]) == ("email", 1)
    assert (rows[(caller, 0)]["channel"], rows[(caller, 0)]["step"]) == ("voice-relay", 0)
    assert (nothing, 0) not in rows


async def test_caregiver_gets_a_copy_in_their_own_language_and_channel(db: Database) -> None:
    async with db.begin() as conn:
        resident = await make_subscriber(conn, variant="ja-easy", channels=["voice"], contacts={"voice": "+8148111"})
        caregiver = await make_subscriber(conn, variant="en", channels=["line"], contacts={"line": "Ucare"},
                                          topics=["tax"], areas=["11110"])
        revoked = await make_subscriber(conn, variant="en", topics=["tax"])
        await link_caregiver(conn, resident, caregiver)
        await link_caregiver(conn, resident, revoked, status="revoked")
        notice = await make_notice(conn, areas=["11101"], variants=["ja", "ja-easy", "en"])
    await fan_out(db, notice, tz=TZ)
    rows = await _rows(db, notice["id"])
    assert set(rows) == {(resident, 0), (caregiver, resident)}
    copy = rows[(caregiver, resident)]
    assert (copy["channel"], copy["variant"]) == ("line", "en")
    assert copy["idempotency_key"] == idempotency_key(notice["id"], caregiver, 0, resident)


async def test_fallback_variant(db: Database) -> None:
    async with db.begin() as conn:
        ko = await make_subscriber(conn, variant="ko", fallback=["en", "ja-easy"])
        vi = await make_subscriber(conn, variant="vi", fallback=["ja-easy"])
        ne = await make_subscriber(conn, variant="ne")
        ja = await make_subscriber(conn, variant="ja")
        notice = await make_notice(conn, variants=["ja", "ja-easy", "en"])
    await fan_out(db, notice, tz=TZ)
    rows = await _rows(db, notice["id"])
    assert {sid: rows[(sid, 0)]["variant"] for sid in (ko, vi, ne, ja)} == {
        ko: "en", vi: "ja-easy", ne: "ja-easy", ja: "ja"}


def test_resolve_variant_and_next_local() -> None:
    assert resolve_variant("ko", ["en"], {"en", "ja"}) == "en"
    assert resolve_variant("ko", [], {"en"}) == "ja-easy"
    now = datetime(2026, 7, 1, 14, 0, tzinfo=UTC)  # 23:00 in Tokyo
    assert next_local(now, "07:00", TZ) == datetime(2026, 7, 1, 22, 0, tzinfo=UTC)
    assert next_local(now, "23:30", TZ) == datetime(2026, 7, 1, 14, 30, tzinfo=UTC)


async def test_quiet_hours_and_digest_except_emergency(db: Database) -> None:
    now = datetime(2026, 7, 1, 14, 0, tzinfo=UTC)  # 23:00 in Tokyo
    async with db.begin() as conn:
        sleeper = await make_subscriber(conn, quiet=("22:00", "07:00"))
        day_quiet = await make_subscriber(conn, quiet=("09:00", "17:00"))
        digester = await make_subscriber(conn, digest_time="18:00")
        normal = await make_notice(conn)
        emergency = await make_notice(conn, urgency="emergency")
    await fan_out(db, normal, tz=TZ, now=now)
    await fan_out(db, emergency, tz=TZ, now=now)
    rows = await _rows(db, normal["id"])
    assert as_utc(rows[(sleeper, 0)]["next_attempt_at"]) == datetime(2026, 7, 1, 22, 0, tzinfo=UTC)
    assert as_utc(rows[(day_quiet, 0)]["next_attempt_at"]) == now
    assert as_utc(rows[(digester, 0)]["next_attempt_at"]) == datetime(2026, 7, 2, 9, 0, tzinfo=UTC)
    assert rows[(digester, 0)]["digest"] and not rows[(sleeper, 0)]["digest"]
    for row in (await _rows(db, emergency["id"])).values():
        assert as_utc(row["next_attempt_at"]) == now and not row["digest"] and row["priority"] == 0


async def test_fan_out_twice_inserts_nothing_twice(db: Database) -> None:
    async with db.begin() as conn:
        for _ in range(5):
            await make_subscriber(conn)
        resident = await make_subscriber(conn)
        await link_caregiver(conn, resident, await make_subscriber(conn, topics=["tax"]))
        notice = await make_notice(conn)
    first = await fan_out(db, notice, tz=TZ, chunk_ids=2)
    before = await _rows(db, notice["id"])
    second = await fan_out(db, notice, tz=TZ, chunk_ids=3)
    assert (first.inserted, second.inserted, len(before)) == (7, 0, 7)
    assert await _rows(db, notice["id"]) == before
    for (sid, cg), row in before.items():
        assert row["idempotency_key"] == idempotency_key(notice["id"], sid, row["step"], cg)
