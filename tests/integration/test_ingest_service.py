"""Ingest into the database (SQLite and PostgreSQL): idempotency, Update/Cancel linking, rules, no half-writes."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from notifier.ingest.base import IngestError, IngestSkip
from notifier.ingest.service import ingest
from notifier.notices import store
from notifier.storage import schema
from notifier.storage.db import Database
from tests.ingest_samples import cap_message, sample

ACTOR = "cli:test"


async def _count(db: Database, table: sa.Table) -> int:
    async with db.connect() as conn:
        return int((await conn.execute(sa.select(sa.func.count()).select_from(table))).scalar_one())


async def _audit(db: Database) -> list[dict[str, Any]]:
    async with db.connect() as conn:
        return [dict(r) for r in (await conn.execute(sa.select(schema.audit_log))).mappings()]


async def test_sample_warning_becomes_a_draft_and_repeats_are_idempotent(db: Database) -> None:
    first = await ingest(db, sample("jma/19_08_01_150916_VPHW50.xml"), actor=ACTOR)
    again = await ingest(db, sample("jma/19_08_01_150916_VPHW50.xml"), actor=ACTOR)
    got = (first.notice["type"], first.notice["status"], first.notice["areas"])
    assert got == ("weather_warning", "draft", ["all"])
    assert first.notice["source"] == "jma" and first.notice["source_ref"].startswith("jma:")
    assert again.duplicate and again.notice["id"] == first.notice["id"]
    assert await _count(db, schema.notices) == 1 and await _count(db, schema.ingested_messages) == 1


async def test_skips_are_recorded_once_and_rejections_leave_nothing(db: Database) -> None:
    for _ in range(2):
        with pytest.raises(IngestSkip, match="other region"):
            await ingest(db, sample("jma/15_15_01_220314_VPWW54.xml"), actor=ACTOR)
    async with db.connect() as conn:
        rows = (await conn.execute(sa.select(schema.ingested_messages))).mappings().all()
    assert [(r["source"], r["outcome"]) for r in rows] == [("jma", "skipped")] and "other region" in rows[0]["reason"]
    with pytest.raises(IngestError):
        await ingest(db, sample("cap/google_cap_library/invalid.cap.xml"), actor=ACTOR)
    assert await _count(db, schema.notices) == 0 and await _count(db, schema.ingested_messages) == 1


async def test_invalid_mapped_notice_creates_nothing(db: Database) -> None:
    # An evacuation whose issuedAt is not a date-time fails validation after parsing: nothing half-created.
    data = sample("lalert/evacuation_order_sakura.xml").replace(b"2025-07-01T10:00:00+09:00", b"yesterday")
    with pytest.raises(IngestError) as error:
        await ingest(db, data, actor=ACTOR)
    assert error.value.element == "(notice).params.issued_at"
    assert await _count(db, schema.notices) == 0 and await _count(db, schema.ingested_messages) == 0
    assert await _audit(db) == []


async def test_lalert_evacuation_order_is_auto_sent_then_updated_and_cancelled(db: Database) -> None:
    order = await ingest(db, sample("lalert/evacuation_order_sakura.xml"), actor=ACTOR)
    assert (order.notice["status"], order.notice["approved_by"], order.notice["urgency"]) == (
        "approved", "rule:lalert-evacuation-order", "emergency")
    assert any(e["flagged"] and e["actor"] == "rule:lalert-evacuation-order" for e in await _audit(db))
    async with db.begin() as conn:  # the delivery engine sent it
        await store.set_status(conn, order.notice["id"], "sent")
    update = await ingest(db, sample("lalert/evacuation_order_sakura_rev2.xml"), actor=ACTOR)
    assert (update.notice["related_id"], update.notice["relation"]) == (order.notice["id"], "update")
    assert update.notice["params"]["level"] == 5 and update.notice["status"] == "approved"
    async with db.begin() as conn:
        await store.set_status(conn, update.notice["id"], "sent")
    cancel = await ingest(db, sample("lalert/evacuation_order_sakura_cancel.xml"), actor=ACTOR)
    assert (cancel.notice["related_id"], cancel.notice["relation"]) == (update.notice["id"], "cancel")
    assert cancel.notice["areas"] == ["11106"] and cancel.notice["status"] == "approved"  # correction follows


async def test_draft_is_superseded_by_update_and_cancel_cancels_a_draft(db: Database) -> None:
    first = await ingest(db, cap_message(identifier="a1"), actor=ACTOR)
    update = await ingest(db, cap_message(identifier="a2", msg_type="Update",
                                          references="bousai@city.saitama.example,a1,2025-07-01T10:00:00+09:00"),
                          actor=ACTOR)
    async with db.connect() as conn:
        old = await store.get(conn, first.notice["id"])
    assert old is not None and old["status"] == "cancelled" and old["meta"]["superseded"]
    assert (update.notice["related_id"], update.notice["status"]) == (first.notice["id"], "draft")
    cancel = await ingest(db, cap_message(identifier="a3", msg_type="Cancel", infos="",
                                          references="bousai@city.saitama.example,a2,2025-07-01T10:00:00+09:00"),
                          actor=ACTOR)
    assert cancel.notice["id"] == update.notice["id"] and cancel.notice["status"] == "cancelled"
    assert await _count(db, schema.notices) == 2


async def test_jma_cancellation_corrects_the_earlier_quake(db: Database) -> None:
    # The 2009 震度速報 re-dated to the EventID of the cancellation sample (same message, its own event).
    original = sample("jma/32-35_01_01_100806_VXSE51.xml").replace(b"20090811050711", b"20220509152315")
    quake = await ingest(db, original, actor=ACTOR)
    cancel = await ingest(db, sample("jma/32-35_10_01_220510_VXSE51.xml"), actor=ACTOR)
    assert cancel.notice["id"] == quake.notice["id"] and cancel.notice["status"] == "cancelled"
    # A second cancellation (another message) finds the notice already cancelled: nothing new.
    later = sample("jma/32-35_10_01_220510_VXSE51.xml").replace(b"09:10:20Z", b"09:11:20Z")
    again = await ingest(db, later, actor=ACTOR)
    assert again.notice["id"] == quake.notice["id"] and again.actions == ["already cancelled"]
    assert await _count(db, schema.notices) == 1


async def test_cancel_without_earlier_notice_is_skipped(db: Database) -> None:
    with pytest.raises(IngestSkip, match="never ingested"):
        await ingest(db, sample("jma/32-35_10_01_220510_VXSE51.xml"), actor=ACTOR)
    assert await _count(db, schema.notices) == 0


async def test_strong_quake_is_auto_sent_as_emergency(db: Database) -> None:
    data = sample("jma/32-35_08_08_240613_VXSE53.xml").replace(
        b"<Code>1110500</Code><MaxInt>2</MaxInt>", b"<Code>1110500</Code><MaxInt>5-</MaxInt>")
    outcome = await ingest(db, data, actor=ACTOR)
    assert outcome.rule == "earthquake-5-lower" and outcome.notice["status"] == "approved"
    assert outcome.notice["params"]["intensity"] == "5-" and outcome.notice["urgency"] == "emergency"


async def test_special_warning_for_saitama_is_auto_sent(db: Database) -> None:
    # The Tokyo 大雨特別警報 sample with one municipality re-coded as さいたま市.
    data = sample("jma/15_14_01_170216_VPWW53.xml")
    assert b"<Code>1310400</Code>" in data
    outcome = await ingest(db, data.replace(b"<Code>1310400</Code>", b"<Code>1110000</Code>"), actor=ACTOR)
    assert outcome.notice["params"]["level"] == "special_warning" and outcome.rule == "special-warning"
    assert outcome.notice["params"]["phenomenon"] == "heavy_rain" and outcome.notice["areas"] == ["all"]
