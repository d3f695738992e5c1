"""The SMTP server misbehaves mid-broadcast: 4xx for a while, then slow, then dropping connections.

The worker runs in this process with the production code path (``Channels.from_settings`` →
``SmtpChannel``, ``gateways_for``, ``Worker``) and a short retry policy and breaker cooldown, so
the minutes-long production backoff does not make the suite wait; what is tested is that every
temporary failure is retried until delivered, and nothing is sent twice without a cause.
"""

from __future__ import annotations

import asyncio
import time

from channels.registry import Channels
from notifier.config import Settings
from notifier.dispatch.gateways import Gateways
from notifier.dispatch.retry import RetryPolicy
from notifier.dispatch.worker import Worker
from notifier.storage.db import Database
from tests.reliability.scenarios import SECRET, Report, broadcast, remaining, settle
from tests.reliability.sink import FaultySink


async def smtp_faults(db: Database, sink: FaultySink, *, subscribers: int, outage: float, batch: int = 50,
                      timeout: float = 60) -> Report:
    notice, started = await broadcast(db, subscribers), time.perf_counter()
    settings = Settings(database_url=db.url, secret_key=SECRET, smtp_url=sink.url)
    channels = Channels.from_settings(settings, db=db)
    await channels.open()
    gateways = Gateways.from_channels(channels, breaker_cooldown=0.2)
    worker = Worker(db, gateways, settings, batch_size=batch,
                    retry=RetryPolicy(max_attempts=50, base_seconds=0.05, max_seconds=0.3))
    report = Report("SMTP 4xx, then slow, then dropping connections", subscribers, bound=0)
    sink.mode = "4xx"
    deadline = time.monotonic() + timeout
    try:
        while await remaining(db, notice["id"]):
            if time.monotonic() > deadline:
                raise TimeoutError(f"SMTP fault scenario did not finish in {timeout:.0f} s")
            _next_phase(sink, started, outage, subscribers)
            if await worker.run_once() == 0:
                await worker.housekeeping()
                await asyncio.sleep(0.02)
    finally:
        sink.mode = "ok"
        await channels.close()
    report.faults = sum(sink.faults.values())
    report.extra.update({k: v for k, v in sink.faults.items()})
    # A dropped connection after DATA is ambiguous in SMTP; this sink drops before accepting,
    # so any duplicate here would be the engine's own fault.
    return await settle(db, sink, notice, report, started)


def _next_phase(sink: FaultySink, started: float, outage: float, subscribers: int) -> None:
    if sink.mode == "4xx" and time.perf_counter() - started > outage:
        sink.mode = "slow"
    elif sink.mode == "slow" and len(sink.received()) >= subscribers // 2:
        sink.mode = "drop"
