"""Relay-operator outcomes, the dial-in TwiML, subscriber lookup and the dev outbox viewer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from defusedxml import ElementTree

from notifier.console.relay import QUEUED, RelayQueueChannel
from notifier.dispatch.testing import make_notice, make_subscriber
from notifier.officers.testing import cheap_passwords, form_token, login_as
from notifier.privacy import keyed_hash
from notifier.rendering.store import load_renderings
from notifier.storage import schema
from notifier.storage.db import utcnow
from tests.conftest import TEST_SECRET

d = schema.deliveries
PHONE = "+819012345678"


@pytest.fixture(autouse=True)
def _fast(monkeypatch: Any) -> None:
    cheap_passwords(monkeypatch)


async def _relay_delivery(db: Any, *, queued: bool = True) -> int:
    async with db.begin() as conn:
        sid = await make_subscriber(conn, channels=["voice-relay", "email"],
                                    contacts={"voice": PHONE, "email": "r@example.jp"})
        notice = await make_notice(conn)
        cp = (await conn.execute(sa.select(schema.contact_points.c.id).where(
            schema.contact_points.c.subscriber_id == sid, schema.contact_points.c.kind == "voice"))).scalar_one()
        now = utcnow()
        return int((await conn.execute(d.insert().values(
            notice_id=notice["id"], subscriber_id=sid, contact_point_id=cp, channel="voice-relay", variant="ja",
            step=0, status="delivered" if queued else "pending", attempts=1 if queued else 0,
            provider_ref=QUEUED if queued else None, next_attempt_at=now, idempotency_key=f"k{sid}",
            created_at=now, updated_at=now, meta={}).returning(d.c.id))).scalar_one())


async def _outcome(client: Any, delivery: int, outcome: str) -> Any:
    csrf = await form_token(client, "/console/relay")
    return await client.post(f"/console/relay/{delivery}/outcome", data={"csrf_token": csrf, "outcome": outcome},
                             allow_redirects=False)


async def _rows(db: Any) -> list[Any]:
    async with db.connect() as conn:
        return list(await conn.execute(sa.select(d).order_by(d.c.id)))


async def test_relay_channel_queues() -> None:
    from channels.base import Message

    result = (await RelayQueueChannel().send([Message(PHONE, "本文", "k1")]))[0]
    assert (result.status, result.provider_ref) == ("accepted", QUEUED)


async def test_queue_lists_masked_number_and_reveal_is_audited(client: Any, db: Any) -> None:
    delivery = await _relay_delivery(db)
    await login_as(client, db, "author")
    page = await (await client.get("/console/relay")).text()
    assert "+81******5678" in page and PHONE not in page and "<ruby>" in page
    csrf = await form_token(client, "/console/relay")
    page = await (await client.post(f"/console/relay/{delivery}/reveal", data={"csrf_token": csrf})).text()
    assert PHONE in page
    async with db.connect() as conn:
        actions = [a for (a,) in await conn.execute(sa.select(schema.audit_log.c.action))]
    assert "relay.number_revealed" in actions


async def test_reached_marks_delivered(client: Any, db: Any) -> None:
    delivery = await _relay_delivery(db)
    await login_as(client, db, "approver")
    assert (await _outcome(client, delivery, "reached")).status == 303
    row = (await _rows(db))[0]
    assert (row.status, row.provider_ref) == ("delivered", "relay:reached")
    assert "+81" not in await (await client.get("/console/relay")).text()


async def test_no_answer_retries_later(client: Any, db: Any) -> None:
    delivery = await _relay_delivery(db)
    await login_as(client, db, "approver")
    assert (await _outcome(client, delivery, "no_answer")).status == 303
    row = (await _rows(db))[0]
    assert row.status == "temporary_failure" and row.last_error == "relay: no answer"


async def test_wrong_number_fails_over_to_next_channel(client: Any, db: Any) -> None:
    delivery = await _relay_delivery(db)
    await login_as(client, db, "approver")
    assert (await _outcome(client, delivery, "wrong_number")).status == 303
    rows = await _rows(db)
    assert [(r.channel, r.status) for r in rows] == [("voice-relay", "permanent_failure"), ("email", "pending")]


async def test_bad_outcome_changes_nothing(client: Any, db: Any) -> None:
    delivery = await _relay_delivery(db)
    await login_as(client, db, "approver")
    assert (await _outcome(client, delivery, "hung_up")).status == 200
    assert (await _rows(db))[0].provider_ref == QUEUED


def _says(xml: str) -> list[str]:
    root = ElementTree.fromstring(xml.encode())
    return [el.text or "" for el in root.iter("Say")]


async def test_dialin_known_caller_hears_ward_notices(client: Any, db: Any) -> None:
    now = utcnow()
    async with db.begin() as conn:
        sid = await make_subscriber(conn, channels=["voice"], contacts={"voice": PHONE}, areas=["11103"])
        await conn.execute(schema.contact_points.update().where(schema.contact_points.c.subscriber_id == sid)
                           .values(address_hash=keyed_hash(TEST_SECRET, "voice", PHONE)))
        ours = await make_notice(conn, status="sent", areas=["11103"], title="大宮区の断水", body="明日断水します。",
                                 variants=(), sent_at=now)
        other = await make_notice(conn, status="sent", areas=["11101"], title="西区の話", body="関係ない",
                                  variants=(), sent_at=now)
    resp = await client.post("/voice/dialin", data={"From": PHONE})
    assert resp.status == 200 and resp.content_type == "application/xml"
    xml = await resp.text()
    spoken = " ".join(_says(xml)) + " " + " ".join(_plays(xml))
    # Each notice is read out as its voice rendering: the synthesized WAV where there is one, else <Say>.
    async with db.connect() as conn:
        mine = (await load_renderings(conn, _id(ours)))[("ja", "voice")]
        theirs = await load_renderings(conn, _id(other))
    heard = Path(mine.extra["audio"]).name if mine.extra.get("audio") else "断水"
    assert heard in spoken
    assert "西区の話" not in spoken and not theirs, "another ward's notice was rendered or read out"


def _plays(xml: str) -> list[str]:
    return [el.text or "" for el in ElementTree.fromstring(xml.encode()).iter("Play")]


def _id(notice: Any) -> int:
    return int(notice["id"])


async def test_dialin_unknown_caller_picks_ward(client: Any, db: Any) -> None:
    resp = await client.post("/voice/dialin", data={"From": "+819099999999"})
    root = ElementTree.fromstring((await resp.text()).encode())
    gather = root.find("Gather")
    assert gather is not None and gather.get("numDigits") == "2" and gather.get("action") == "/voice/dialin/ward"
    ok = await client.post("/voice/dialin/ward", data={"Digits": "03"})
    assert "大宮区" in " ".join(_says(await ok.text()))
    bad = await client.post("/voice/dialin/ward", data={"Digits": "11"})
    assert ElementTree.fromstring((await bad.text()).encode()).find("Gather") is not None


async def test_subscriber_lookup_masks_contacts(client: Any, db: Any) -> None:
    async with db.begin() as conn:
        sid = await make_subscriber(conn, contacts={"email": "hanako@example.jp"})
        await conn.execute(schema.contact_points.update().where(schema.contact_points.c.subscriber_id == sid)
                           .values(address_hash=keyed_hash(TEST_SECRET, "email", "hanako@example.jp")))
    await login_as(client, db, "admin")
    csrf = await form_token(client, "/console/subscribers")
    page = await (await client.post("/console/subscribers", data={"csrf_token": csrf, "kind": "email",
                                                                  "address": "Hanako@example.jp"})).text()
    assert "h***@e***.jp" in page and "hanako@example.jp" not in page
    bad = await client.post("/console/subscribers", data={"csrf_token": csrf, "kind": "fax", "address": ""})
    assert bad.status == 422 and 'id="address-error"' in await bad.text()


async def test_outbox_viewer_masks_and_orders(client: Any, db: Any) -> None:
    async with db.begin() as conn:
        await conn.execute(schema.dev_outbox.insert(), [
            {"channel": "email", "recipient": f"user{i}@example.jp", "subject": f"件名{i}", "text": "本文",
             "created_at": utcnow(), "meta": {}} for i in range(3)])
    await login_as(client, db, "admin")
    page = await (await client.get("/console/outbox")).text()
    assert "u***@e***.jp" in page and "user1@example.jp" not in page
    assert page.index("件名2") < page.index("件名0")
