"""The gateway callback routes on the whole app: signatures, receipts, and the TwiML of notice calls."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from defusedxml import ElementTree

from channels.httpcommon import twilio_signature
from notifier.app import create_app
from notifier.config import Settings
from notifier.storage.db import Database
from tests.integration.channels import rows
from tests.integration.channels.peers import SID, TOKEN

BASE = "http://todoke.test"


@pytest.fixture
async def app_client(aiohttp_client: Any, make_settings: Callable[..., Settings], database_url: str,
                     db: Database) -> Any:
    gateway = f"http://{SID}:{TOKEN}@127.0.0.1:9?from=%2B815012345678"
    settings = make_settings(database_url=database_url, sms_url=gateway, voice_url=gateway + "&spacing=60,120")
    return await aiohttp_client(create_app(settings, db=db))


async def _post(client: Any, path: str, form: dict[str, str], *, token: str = TOKEN) -> Any:
    signature = twilio_signature(token, BASE + path, form.items())
    return await client.post(path, data=form, headers={"X-Twilio-Signature": signature})


async def test_sms_callback_applies_the_receipt(app_client: Any, db: Database) -> None:
    did = await rows.delivery(db, channel="sms", key="s1", provider_ref="SM1")
    response = await _post(app_client, "/callbacks/sms/twilio", {"MessageSid": "SM1", "MessageStatus": "failed",
                                                                 "ErrorCode": "30003"})
    assert response.status == 204
    got = await rows.row(db, did)
    assert (got["status"], got["last_error"]) == ("permanent_failure", "failed 30003")


@pytest.mark.parametrize("token", ["wrong-token", None])
async def test_sms_callback_refuses_a_bad_signature(app_client: Any, db: Database, token: str | None) -> None:
    did = await rows.delivery(db, channel="sms", key="s2", provider_ref="SM2", status="delivered")
    form = {"MessageSid": "SM2", "MessageStatus": "undelivered"}
    if token is None:
        response = await app_client.post("/callbacks/sms/twilio", data=form)
    else:
        response = await _post(app_client, "/callbacks/sms/twilio", form, token=token)
    assert response.status == 403
    assert (await rows.row(db, did))["status"] == "delivered"


async def test_unknown_provider_and_sid(app_client: Any, db: Database) -> None:
    assert (await _post(app_client, "/callbacks/sms/other", {"MessageSid": "x", "MessageStatus": "delivered"})
            ).status == 404
    assert (await _post(app_client, "/callbacks/sms/twilio", {"MessageSid": "x", "MessageStatus": "delivered"})
            ).status == 404


async def test_twiml_speaks_the_voice_rendering(app_client: Any, db: Database) -> None:
    await rows.delivery(db, channel="voice", key="v1", provider_ref="CA1", voice_text="ひなん して ください <&>")
    response = await _post(app_client, "/voice/twiml/v1", {"CallSid": "CA1"})
    assert response.status == 200 and response.content_type == "application/xml"
    root = ElementTree.fromstring(await response.text())
    gather = root.find("Gather")
    assert gather is not None and (gather.get("numDigits"), gather.get("action")) == ("1", "/voice/gather/v1")
    says = gather.findall("Say")
    assert [s.get("language") for s in says] == ["ja-JP", "ja-JP"]
    assert says[0].text == "ひなん して ください <&>"
    assert "2 を おすと かくにん" in (says[1].text or "")


async def test_twiml_refuses_unsigned_requests(app_client: Any, db: Database) -> None:
    await rows.delivery(db, channel="voice", key="v2", provider_ref="CA2", voice_text="テスト")
    assert (await app_client.post("/voice/twiml/v2", data={"CallSid": "CA2"})).status == 403
    assert (await _post(app_client, "/voice/twiml/nokey", {"CallSid": "CA2"})).status == 404


async def test_gather_2_confirms_and_1_replays(app_client: Any, db: Database) -> None:
    did = await rows.delivery(db, channel="voice", key="v3", provider_ref="CA3", voice_text="テスト",
                              status="delivered")
    replay = await _post(app_client, "/voice/gather/v3", {"CallSid": "CA3", "Digits": "1"})
    assert ElementTree.fromstring(await replay.text()).find("Gather") is not None
    assert not (await rows.row(db, did))["meta"].get("confirmed")
    done = await _post(app_client, "/voice/gather/v3", {"CallSid": "CA3", "Digits": "2"})
    assert ElementTree.fromstring(await done.text()).find("Hangup") is not None
    got = await rows.row(db, did)
    assert (got["status"], got["meta"]["confirmed"]) == ("delivered", True)
    # A confirmed call stays delivered whatever the final status says.
    await _post(app_client, "/callbacks/voice/twilio", {"CallSid": "CA3", "CallStatus": "failed"})
    assert (await rows.row(db, did))["status"] == "delivered"


async def test_unanswered_call_is_retried_after_the_spacing(app_client: Any, db: Database) -> None:
    did = await rows.delivery(db, channel="voice", key="v4", provider_ref="CA4", attempts=2)
    response = await _post(app_client, "/callbacks/voice/twilio", {"CallSid": "CA4", "CallStatus": "no-answer"})
    assert response.status == 204
    got = await rows.row(db, did)
    assert (got["status"], got["meta"]["call_status"]) == ("temporary_failure", "no-answer")
    wait = (got["next_attempt_at"] - got["updated_at"]).total_seconds()
    assert wait == pytest.approx(120, abs=1)  # the second spacing from the URL (?spacing=60,120)


async def test_completed_call_is_delivered(app_client: Any, db: Database) -> None:
    did = await rows.delivery(db, channel="voice", key="v5", provider_ref="CA5")
    await _post(app_client, "/callbacks/voice/twilio", {"CallSid": "CA5", "CallStatus": "completed"})
    assert (await rows.row(db, did))["meta"]["receipt"] == "delivered"
