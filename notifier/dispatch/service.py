"""Delivery inside the app: the deliveries API always; workers and scheduler when asked to run.

``todoke serve`` sets ``app[keys.SERVICES][RUN]`` (see ``enable``); an app built for tests serves
the API only, so no test's database is drained by a background worker it did not ask for.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from aiohttp import web

from notifier.config import Settings
from notifier.dispatch import api, breaker, outbox, ratelimit
from notifier.dispatch.fanout import FanoutResult
from notifier.dispatch.gateways import Gateways
from notifier.dispatch.scheduler import Scheduler
from notifier.dispatch.sending import NotSendable, start_sending
from notifier.dispatch.worker import Worker
from notifier.storage.db import Database, is_sqlite
from notifier.web import keys

log = logging.getLogger(__name__)
RUN = "dispatch.run"  # value: {"workers": int, "scheduler": bool}
__all__ = ("Delivery", "NotSendable", "enable", "gateways_for", "send_notice", "setup", "worker_count")


def enable(app: web.Application, *, workers: int = 1, scheduler: bool = True) -> None:
    app[keys.SERVICES][RUN] = {"workers": workers, "scheduler": scheduler}


def setup(app: web.Application) -> None:
    api.api.setup(app)
    app.cleanup_ctx.append(_delivery)


@dataclass
class Delivery:
    """Workers (asyncio tasks) and the scheduler of one process."""

    db: Database
    settings: Settings
    gateways: Gateways
    metrics: Any = None
    workers: int = 1
    scheduler: bool = True
    batch_size: int | None = None  # None: TODOKE_BATCH_SIZE
    lease: timedelta = outbox.LEASE
    stop_event: asyncio.Event = field(default_factory=asyncio.Event)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    schedule: Scheduler | None = None

    def start(self) -> None:
        for _ in range(self.workers):
            worker = Worker(self.db, self.gateways, self.settings, metrics=self.metrics, batch_size=self.batch_size,
                            lease=self.lease)
            self.tasks.append(asyncio.create_task(worker.run(self.stop_event)))
        if self.scheduler:
            self.schedule = Scheduler(self.db, self.settings)
            self.schedule.start()

    async def stop(self) -> None:
        """Finish the batches in flight, then stop."""
        self.stop_event.set()
        if self.tasks:
            await asyncio.gather(*self.tasks, return_exceptions=True)
        if self.schedule is not None:
            await self.schedule.stop()

    async def wait(self) -> None:
        await self.stop_event.wait()


def gateways_for(db: Database, channels: Any) -> Gateways:
    """The channels' gateways (spares from ``TODOKE_<FAMILY>_URL_2`` included) with the database's rate limiter."""
    return Gateways.from_channels(channels, limiter=ratelimit.for_database(db), breakers=breaker.store_for(db))


def worker_count(settings: Settings) -> int:
    """``TODOKE_WORKERS``; 0 means 1 on SQLite (one writer at a time) and 2 on PostgreSQL."""
    if settings.workers:
        return settings.workers
    return 1 if is_sqlite(settings.database_url) else 2


async def send_notice(db: Database, notice_id: int, settings: Settings, *, actor: str = "system",
                      now: datetime | None = None) -> FanoutResult:
    """The one public way to send a notice (CLI, console, ingest auto-send rules): render and fan out;
    the workers deliver. Raises ``NotSendable`` for a draft, cancelled or expired notice."""
    return await start_sending(db, notice_id, settings, actor=actor, now=now)


async def _delivery(app: web.Application) -> AsyncIterator[None]:
    wanted = app[keys.SERVICES].get(RUN)
    if not wanted:
        yield
        return
    db = app[keys.DB]
    delivery = Delivery(db, app[keys.SETTINGS], gateways_for(db, app[keys.CHANNELS]), app[keys.METRICS],
                        workers=int(wanted["workers"]), scheduler=bool(wanted["scheduler"]))
    delivery.start()
    log.info("delivery started: %d worker(s), scheduler %s", delivery.workers, "on" if delivery.scheduler else "off")
    try:
        yield
    finally:
        with contextlib.suppress(Exception):
            await delivery.stop()
