"""Approval rules, sending, corrections/cancellations to the original audience, preview, progress, SSE."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from notifier.dispatch.testing import make_subscriber
from notifier.officers.testing import cheap_passwords, login, login_as, make_user
from notifier.storage import schema
from tests.integration.console.helpers import act, notice, post_new, public_id

d = schema.deliveries


@pytest.fixture(autouse=True)
def _fast(monkeypatch: Any) -> None:
    cheap_passwords(monkeypatch)


async def _audit(db: Any, action: str) -> list[Any]:
    async with db.connect() as conn:
        return list(await conn.execute(sa.select(schema.audit_log).where(schema.audit_log.c.action == action)))


async def _submitted(client: Any, db: Any, **overrides: Any) -> str:
    await login_as(client, db, "author", username="writer")
    pid = public_id(await post_new(client, do="submit", **overrides))
    assert (await notice(db, pid))["status"] == "submitted"
    return pid


async def _switch(client: Any, db: Any, *roles: str, username: str) -> None:
    client.session.cookie_jar.clear()
    await login_as(client, db, *roles, username=username)


async def test_author_cannot_approve_own_notice(client: Any, db: Any) -> None:
    await login_as(client, db, "author", "approver", username="both")
    pid = public_id(await post_new(client, do="submit"))
    resp = await act(client, db, pid, "approve")
    assert resp.status == 409
    assert (await notice(db, pid))["status"] == "submitted"
    assert await _audit(db, "notice.approved") == []


async def test_other_approver_approves_then_sends(client: Any, db: Any) -> None:
    async with db.begin() as conn:
        await make_subscriber(conn, topics=["water"], areas=["11101"])
        await make_subscriber(conn, topics=["water"], areas=["11102"])
    pid = await _submitted(client, db)
    await _switch(client, db, "approver", username="checker")
    assert (await act(client, db, pid, "approve")).status == 303
    row = await notice(db, pid)
    assert (row["status"], row["approved_by"]) == ("approved", "user:checker")
    resp = await act(client, db, pid, "send")
    assert resp.status == 303 and resp.headers["Location"].endswith("/progress?done=send")
    assert (await notice(db, pid))["status"] == "sent"
    async with db.connect() as conn:
        assert (await conn.execute(sa.select(sa.func.count()).select_from(d))).scalar_one() == 1
    again = await act(client, db, pid, "send")  # a second click: already sent, no second fan-out
    assert again.status in (303, 409)


async def test_reject_needs_a_reason(client: Any, db: Any) -> None:
    pid = await _submitted(client, db)
    await _switch(client, db, "approver", username="checker")
    assert (await act(client, db, pid, "reject", reason="")).status == 409
    assert (await act(client, db, pid, "reject", reason="日付が違います")).status == 303
    row = await notice(db, pid)
    assert row["status"] == "rejected" and row["meta"]["reject_reason"] == "日付が違います"


async def test_emergency_bypass_is_flagged(client: Any, db: Any) -> None:
    await login_as(client, db, "emergency", username="duty")
    pid = public_id(await post_new(client, urgency="emergency", topic="disaster"))
    resp = await act(client, db, pid, "emergency")
    assert resp.status == 303, await resp.text()
    assert (await notice(db, pid))["status"] == "sent"
    entries = await _audit(db, "notice.emergency_approved")
    assert len(entries) == 1 and entries[0].flagged and entries[0].actor == "user:duty"


async def test_emergency_bypass_refused_for_normal_urgency(client: Any, db: Any) -> None:
    await login_as(client, db, "emergency", username="duty")
    pid = public_id(await post_new(client, urgency="normal"))
    assert (await act(client, db, pid, "emergency")).status == 409
    assert (await notice(db, pid))["status"] == "draft"


async def _send_as_emergency(client: Any, db: Any, **overrides: Any) -> str:
    pid = public_id(await post_new(client, urgency="emergency", topic="disaster", **overrides))
    assert (await act(client, db, pid, "emergency")).status == 303
    return pid


@pytest.mark.parametrize("relation", ["correct", "cancel"])
async def test_correction_and_cancel_reach_exactly_the_original_audience(client: Any, db: Any, relation: str) -> None:
    async with db.begin() as conn:
        got = {await make_subscriber(conn, topics=["disaster"], areas=["11101"]) for _ in range(2)}
    await login_as(client, db, "emergency", username="duty")
    pid = await _send_as_emergency(client, db)
    async with db.begin() as conn:  # joins after the original went out: must not get the correction
        await make_subscriber(conn, topics=["disaster"], areas=["11101"])
    resp = await act(client, db, pid, relation, reason="誤りがありました")
    assert resp.status == 303, await resp.text()
    new_pid = public_id(resp)
    new = await notice(db, new_pid)
    assert new["related_id"] == (await notice(db, pid))["id"]
    assert new["relation"] == ("update" if relation == "correct" else "cancel")
    assert (await act(client, db, new_pid, "emergency")).status == 303
    async with db.connect() as conn:
        reached = {s for (s,) in await conn.execute(sa.select(d.c.subscriber_id).where(d.c.notice_id == new["id"]))}
    assert reached == got
    if relation == "cancel":
        assert (await notice(db, pid))["status"] == "cancelled"


async def test_preview_shows_variants_report_and_audience(client: Any, db: Any) -> None:
    async with db.begin() as conn:
        await make_subscriber(conn, topics=["water"], areas=["11101"], channels=["sms", "email"],
                              contacts={"sms": "+819011112222", "email": "a@example.jp"})
        await make_subscriber(conn, variant="en", topics=["water"], areas=["11101"])
        await make_subscriber(conn, topics=["water"], areas=["11105"])  # another ward: not counted
    await login_as(client, db, "author")
    pid = public_id(await post_new(client, body="西区において断水が発生する可能性が否定できないわけではありません。"))
    resp = await client.get(f"/console/notices/{pid}/preview")
    assert resp.status == 200
    page = await resp.text()
    assert "<mark" in page and "SSML" in page
    assert 'lang="en"' in page and "UCS-2" in page
    # channels and languages by name in the page's language (Japanese by default)
    assert '<th scope="row">SMS</th><td>1</td>' in page and '<th scope="row">メール</th><td>1</td>' in page
    assert '<th scope="row">英語</th><td>1</td>' in page


async def test_progress_page_and_events(client: Any, db: Any) -> None:
    async with db.begin() as conn:
        await make_subscriber(conn, topics=["disaster"], areas=["11101"])
    await login_as(client, db, "emergency", username="duty")
    pid = await _send_as_emergency(client, db)
    page = await (await client.get(f"/console/notices/{pid}/progress")).text()
    assert 'data-channel="email" data-status="pending">1<' in page
    assert f'href="/console/notices/{pid}/progress"' in page and "http-equiv" not in page
    resp = await client.get(f"/console/notices/{pid}/events")
    assert resp.headers["Content-Type"].startswith("text/event-stream")
    first = (await resp.content.readuntil(b"\n\n")).decode()
    resp.close()
    assert first.startswith("event: progress") and '"pending": 1' in first
    assert '"status": "sent"' in first and '"status_label": "配信済み"' in first  # code and label


async def test_resend_to_the_failed_uses_the_next_channel(client: Any, db: Any) -> None:
    async with db.begin() as conn:
        await make_subscriber(conn, topics=["disaster"], channels=["email", "sms"],
                              contacts={"email": "x@example.jp", "sms": "+819012345678"})
    await login_as(client, db, "emergency", username="duty")
    pid = await _send_as_emergency(client, db)
    async with db.begin() as conn:
        await conn.execute(d.update().values(status="permanent_failure", last_error="550 no such user"))
    page = await (await client.get(f"/console/notices/{pid}/progress")).text()
    assert "550 no such user" in page
    from notifier.officers.testing import form_token

    csrf = await form_token(client, f"/console/notices/{pid}/progress")
    resp = await client.post(f"/console/notices/{pid}/resend", data={"csrf_token": csrf}, allow_redirects=False)
    assert resp.status == 303
    async with db.connect() as conn:
        rows = {(r.channel, r.status) for r in await conn.execute(sa.select(d.c.channel, d.c.status))}
    assert rows == {("email", "permanent_failure"), ("sms", "pending")}


async def test_login_helper_reuse(client: Any, db: Any) -> None:
    name = await make_user(db, "approver", username="second")
    assert (await login(client, name)).status == 303
