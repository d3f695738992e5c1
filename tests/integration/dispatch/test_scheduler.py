"""Schedules with injected time, and the advisory lock that lets exactly one scheduler run."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
import sqlalchemy as sa

from notifier.config import Settings
from notifier.dispatch.scheduler import INTERVALS, Jobs, Leadership, Scheduler
from notifier.dispatch.testing import make_notice, make_subscriber
from notifier.storage import schema
from notifier.storage.db import Database, utcnow

n, d = schema.notices, schema.deliveries


async def _status(db: Database, notice_id: int) -> str:
    async with db.connect() as conn:
        return str((await conn.execute(sa.select(n.c.status).where(n.c.id == notice_id))).scalar_one())


async def _delivery_statuses(db: Database, notice_id: int) -> list[str]:
    async with db.connect() as conn:
        return [s for (s,) in await conn.execute(sa.select(d.c.status).where(d.c.notice_id == notice_id))]


async def test_send_at_sends_when_due(db: Database, settings: Settings) -> None:
    now = utcnow()
    async with db.begin() as conn:
        await make_subscriber(conn)
        due = await make_notice(conn, status="scheduled", send_at=now + timedelta(minutes=10), sent_at=None)
        later = await make_notice(conn, status="scheduled", send_at=now + timedelta(hours=2), sent_at=None)
    clock = [now]
    jobs = Jobs(db, settings, clock=lambda: clock[0])
    assert await jobs.send_due() == 0
    clock[0] = now + timedelta(minutes=11)
    assert await jobs.send_due() == 1
    assert (await _status(db, due["id"]), await _status(db, later["id"])) == ("sent", "scheduled")
    assert await _delivery_statuses(db, due["id"]) == ["pending"]


async def test_expiry_skips_open_deliveries(db: Database, settings: Settings) -> None:
    now = utcnow()
    async with db.begin() as conn:
        await make_subscriber(conn)
        notice = await make_notice(conn, status="scheduled", send_at=now, sent_at=None,
                                   expires_at=now + timedelta(hours=1))
    jobs = Jobs(db, settings, clock=lambda: now)
    await jobs.send_due()
    assert await Jobs(db, settings, clock=lambda: now + timedelta(minutes=59)).expire() == 0
    assert await Jobs(db, settings, clock=lambda: now + timedelta(hours=1)).expire() == 1
    assert await _status(db, notice["id"]) == "expired"
    assert await _delivery_statuses(db, notice["id"]) == ["skipped"]


async def test_a_crashed_fan_out_is_resumed(db: Database, settings: Settings) -> None:
    now = utcnow()
    async with db.begin() as conn:
        await make_subscriber(conn)
        notice = await make_notice(conn, status="sending", updated_at=now)
    assert await Jobs(db, settings, clock=lambda: now + timedelta(seconds=30)).send_due() == 0
    assert await Jobs(db, settings, clock=lambda: now + timedelta(minutes=3)).send_due() == 1
    assert await _status(db, notice["id"]) == "sent" and len(await _delivery_statuses(db, notice["id"])) == 1


async def test_only_one_scheduler_holds_the_lock(db: Database, settings: Settings, backend: str) -> None:
    if backend == "sqlite":
        assert await Leadership(db).acquire()  # one process: always the scheduler
        return
    first, second = Scheduler(db, settings), Scheduler(db, settings)
    run_first, run_second = first._guarded("reclaim"), second._guarded("reclaim")
    assert await run_first() == 0  # ran (nothing to reclaim)
    assert await run_second() is None  # stood by
    assert first.leadership.held and not second.leadership.held
    await first.stop()  # the first dies: its lock goes with its connection
    assert await run_second() == 0
    assert second.leadership.held
    await second.stop()


async def test_apscheduler_runs_the_jobs_in_the_city_time_zone(db: Database, settings: Settings) -> None:
    async with db.begin() as conn:
        await make_subscriber(conn)
        notice = await make_notice(conn, status="scheduled", send_at=utcnow() - timedelta(seconds=1), sent_at=None)
    scheduler = Scheduler(db, settings)
    scheduler.start()
    try:
        assert {job.id for job in scheduler.aps.get_jobs()} == set(INTERVALS)
        assert str(scheduler.aps.timezone) == "Asia/Tokyo"
        for _ in range(100):
            if await _status(db, notice["id"]) == "sent":
                break
            await asyncio.sleep(0.05)
        assert await _status(db, notice["id"]) == "sent"
    finally:
        await scheduler.stop()


@pytest.mark.parametrize("status", ["draft", "cancelled"])
async def test_unsendable_notices_are_left_alone(db: Database, settings: Settings, status: str) -> None:
    from notifier.dispatch.sending import NotSendable, start_sending

    async with db.begin() as conn:
        notice = await make_notice(conn, status=status)
    with pytest.raises(NotSendable):
        await start_sending(db, notice["id"], settings)
