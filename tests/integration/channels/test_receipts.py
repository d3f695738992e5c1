"""Receipts move delivery rows (both backends), and SMPP deliver_sm receipts arrive through the real SMSC."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from channels.base import Message
from channels.sms import smpp_codec
from channels.sms.smpp import SmppChannel, SmppConfig
from notifier.dispatch.keys import as_utc
from notifier.dispatch.receipts import apply_receipt
from notifier.storage.db import Database, utcnow
from tests.integration.channels import rows
from tests.integration.channels.conftest import smpp_server


async def test_delivered_receipt(db: Database) -> None:
    did = await rows.delivery(db, channel="sms", key="k1", provider_ref="ref-1")
    assert await apply_receipt(db, channel="sms", provider_ref="ref-1", status="delivered", meta={"x": 1})
    got = await rows.row(db, did)
    assert (got["status"], got["meta"]["receipt"], got["meta"]["x"]) == ("delivered", "delivered", 1)
    assert got["delivered_at"] is not None


async def test_permanent_receipt(db: Database) -> None:
    did = await rows.delivery(db, channel="sms", key="k2", provider_ref="ref-2")
    assert await apply_receipt(db, channel="sms", provider_ref="ref-2", status="permanent", error="UNDELIV")
    got = await rows.row(db, did)
    assert (got["status"], got["last_error"]) == ("permanent_failure", "UNDELIV")


async def test_temporary_receipt_schedules_a_retry(db: Database) -> None:
    did = await rows.delivery(db, channel="voice", key="k3", provider_ref="CA3")
    before = utcnow()
    assert await apply_receipt(db, channel="voice", provider_ref="CA3", status="temporary", retry_after=300)
    got = await rows.row(db, did)
    assert got["status"] == "temporary_failure"
    assert as_utc(got["next_attempt_at"]) >= before + timedelta(seconds=299)


async def test_unknown_reference_or_other_channel_matches_nothing(db: Database) -> None:
    did = await rows.delivery(db, channel="sms", key="k4", provider_ref="ref-4")
    assert not await apply_receipt(db, channel="sms", provider_ref="nope", status="delivered")
    assert not await apply_receipt(db, channel="line", provider_ref="ref-4", status="permanent")
    assert (await rows.row(db, did))["status"] == "delivered"


async def _wait_for(db: Database, did: int, key: str, value: str) -> dict[str, object]:
    for _ in range(100):
        got = await rows.row(db, did)
        if got["meta"].get(key) == value:
            return got
        await asyncio.sleep(0.05)
    raise AssertionError(f"no receipt applied: {got}")


async def test_smpp_receipt_updates_the_delivery(db: Database) -> None:
    """The SMSC's deliver_sm may come before the worker records the message id: it is applied anyway."""
    async with smpp_server() as smsc:
        smsc.receipt_stat = "UNDELIV"
        channel = SmppChannel(config=SmppConfig.from_url(f"smpp://todoke:pw@127.0.0.1:{smsc.port}"), db=db)
        await channel.open()
        try:
            [result] = await channel.send([Message(recipient="+819012345678", text="テスト", idempotency_key="k5")])
            assert result.status == "accepted"
            did = await rows.delivery(db, channel="sms", key="k5", provider_ref=result.provider_ref)
            got = await _wait_for(db, did, "smpp_stat", "UNDELIV")
        finally:
            await channel.close()
    assert got["status"] == "permanent_failure"


async def test_smpp_sends_ucs2_in_concatenated_parts() -> None:
    text = "避難指示が発令されました。" * 12 + "👍"  # 157 UTF-16 units: three parts; the emoji is a surrogate pair
    async with smpp_server() as smsc:
        channel = SmppChannel(config=SmppConfig.from_url(f"smpp://todoke:pw@127.0.0.1:{smsc.port}"), db=None)
        try:
            [result] = await channel.send([Message(recipient="+819012345678", text=text, idempotency_key="k6")])
        finally:
            await channel.close()
        parts = smsc.submits
    assert result.status == "accepted"
    assert [(p.data_coding, p.esm_class & 0x40) for p in parts] == [(8, 0x40)] * 3
    udh = [p.short_message[:6] for p in parts]
    assert [(h[4], h[5]) for h in udh] == [(3, 1), (3, 2), (3, 3)] and len({h[3] for h in udh}) == 1
    assert "".join(smpp_codec.decode(8, p.short_message[6:]) for p in parts) == text
    assert [p.registered_delivery for p in parts] == [0, 0, 1]
    assert parts[0].destination_addr == "819012345678"


async def test_smpp_gsm_text_stays_in_one_part() -> None:
    async with smpp_server() as smsc:
        channel = SmppChannel(config=SmppConfig.from_url(f"smpp://todoke:pw@127.0.0.1:{smsc.port}"), db=None)
        try:
            await channel.send([Message(recipient="+819012345678", text="Evacuate now: 5 €", idempotency_key="k7")])
        finally:
            await channel.close()
    [part] = smsc.submits
    assert (part.data_coding, part.esm_class) == (0, 0)
    assert smpp_codec.decode(0, part.short_message) == "Evacuate now: 5 €"
