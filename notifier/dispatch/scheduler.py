"""Schedules (APScheduler 3, in the city's time zone) and the lock that lets exactly one run.

The database is the source of truth: jobs are in-memory and stateless (``send_at`` is a column,
not a job), so any scheduler that takes the lock picks up where the last one stopped. On
PostgreSQL the lock is ``pg_try_advisory_lock`` held on a dedicated connection — a scheduler
whose process dies loses it with its connection, and a standby takes over at its next tick.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncConnection

from notifier.config import Settings
from notifier.dispatch import outbox
from notifier.dispatch.sending import NotSendable, start_sending
from notifier.storage import schema
from notifier.storage.db import Database, utcnow

log = logging.getLogger(__name__)
LOCK_KEY = 0x746F646F6B65  # "todoke": the advisory lock id of the scheduler
STUCK_SENDING = timedelta(minutes=2)  # a fan-out this old with the notice still "sending" crashed
n = schema.notices

# job id -> seconds between runs
INTERVALS = {"send_due": 5.0, "expire": 30.0, "retry_sweep": 5.0, "reclaim": 15.0}


class Leadership:
    """Who may run the jobs: always this process on SQLite; the advisory lock holder on PostgreSQL."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.conn: AsyncConnection | None = None
        self.lock = asyncio.Lock()  # jobs run concurrently; the lock connection serves one at a time

    @property
    def held(self) -> bool:
        return self.db.is_sqlite or self.conn is not None

    async def acquire(self) -> bool:
        if self.db.is_sqlite:
            return True
        async with self.lock:
            return await self._acquire()

    async def _acquire(self) -> bool:
        if self.conn is not None:
            return await self._still_held()
        conn = await self.db.engine.connect()
        try:
            got = (await conn.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": LOCK_KEY})).scalar()
            await conn.commit()  # end the implicit transaction; the session-level lock stays
        except Exception:
            await conn.close()
            raise
        if got:
            self.conn = conn
            log.info("scheduler lock taken: this process runs the schedules")
            return True
        await conn.close()
        return False

    async def _still_held(self) -> bool:
        assert self.conn is not None
        try:
            await self.conn.execute(sa.text("SELECT 1"))
            await self.conn.commit()
            return True
        except Exception:  # noqa: BLE001 - a broken connection means the lock is gone
            log.warning("scheduler lock connection lost; standing by")
            await self._release()
            return False

    async def release(self) -> None:
        async with self.lock:
            await self._release()

    async def _release(self) -> None:
        if self.conn is None:
            return
        conn, self.conn = self.conn, None
        try:
            await conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": LOCK_KEY})
            await conn.commit()
        except Exception:  # noqa: BLE001 - closing the connection releases it anyway
            log.debug("advisory unlock failed; closing the connection instead")
        finally:
            await conn.close()


class Jobs:
    """The scheduled work; each job takes ``now`` from an injectable clock (tests freeze it)."""

    def __init__(self, db: Database, settings: Settings, *, clock: Callable[[], datetime] = utcnow) -> None:
        self.db = db
        self.settings = settings
        self.clock = clock

    async def send_due(self) -> int:
        """Scheduled notices whose time has come, and fan-outs that crashed half-way, are sent."""
        now = self.clock()
        async with self.db.connect() as conn:
            ids = [i for (i,) in await conn.execute(sa.select(n.c.id).where(sa.or_(
                sa.and_(n.c.status == "scheduled", n.c.send_at <= now),
                sa.and_(n.c.status == "sending", n.c.updated_at <= now - STUCK_SENDING),
            )).order_by(n.c.send_at))]
        for notice_id in ids:
            try:
                await start_sending(self.db, notice_id, self.settings, now=now, actor="system:scheduler")
            except NotSendable as exc:  # changed meanwhile (cancelled by an officer): nothing to do
                log.info("%s", exc)
        return len(ids)

    async def expire(self) -> int:
        """Notices past ``expires_at`` expire; their deliveries not yet made are skipped."""
        now = self.clock()
        async with self.db.begin() as conn:
            ids = [i for (i,) in await conn.execute(
                n.update().where(n.c.expires_at <= now, n.c.status.in_(("approved", "scheduled", "sending", "sent")))
                .values(status="expired", updated_at=now, version=n.c.version + 1).returning(n.c.id))]
            await outbox.expire_notice_deliveries(conn, ids, now=now)
        return len(ids)

    async def retry_sweep(self) -> int:
        return await outbox.sweep_retries(self.db, now=self.clock())

    async def reclaim(self) -> int:
        return await outbox.reclaim_leases(self.db, now=self.clock())

    async def jma_poll(self) -> int:
        """New entries of the JMA Atom feeds (``jma_feeds``) become notices; see notifier.ingest.poller."""
        from notifier.ingest.poller import poll_feeds

        return await poll_feeds(self.db, self.settings)


class Scheduler:
    """APScheduler with in-memory jobs; every run first checks that this process holds the lock."""

    def __init__(self, db: Database, settings: Settings, *, clock: Callable[[], datetime] = utcnow,
                 intervals: dict[str, float] | None = None) -> None:
        self.jobs = Jobs(db, settings, clock=clock)
        self.leadership = Leadership(db)
        jma = {"jma_poll": float(settings.jma_poll_seconds)} if settings.jma_feeds else {}
        self.intervals = intervals or {**INTERVALS, **jma}
        self.aps = AsyncIOScheduler(timezone=settings.tz)

    def _guarded(self, name: str) -> Callable[[], Awaitable[Any]]:
        job = getattr(self.jobs, name)

        async def run() -> Any:
            try:
                if await self.leadership.acquire():
                    return await job()
            except Exception:  # one failing run must not stop the schedule
                log.exception("scheduled job %s failed", name)
            return None
        return run

    def start(self) -> None:
        """Register the jobs and start (inside a running event loop)."""
        for name, seconds in self.intervals.items():
            self.aps.add_job(self._guarded(name), "interval", seconds=seconds, id=name, max_instances=1,
                             coalesce=True, next_run_time=datetime.now(self.aps.timezone))
        self.aps.start()

    async def stop(self) -> None:
        if self.aps.running:
            self.aps.shutdown(wait=False)
        await self.leadership.release()
