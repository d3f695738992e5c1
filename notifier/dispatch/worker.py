"""The delivery worker: claim a batch, send it through the gateways, record what happened.

Batches are small (``batch_size``) so an emergency waits at most for the batch in flight: the
next claim always takes the lowest priority number first. Stopping (SIGTERM) finishes the batch
in flight and records it before returning.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from channels.base import Message, Result
from notifier.config import Settings
from notifier.dispatch import digest, outbox
from notifier.dispatch.failover import fail_over
from notifier.dispatch.gateways import Gateways, SendOutcome
from notifier.dispatch.keys import as_utc
from notifier.dispatch.messages import MessageBuilder
from notifier.dispatch.outbox import Delivered, Failed, Outcome, Retry
from notifier.dispatch.retry import RetryPolicy
from notifier.storage.db import Database, utcnow

log = logging.getLogger(__name__)
HOUSEKEEPING_EVERY = 5.0  # seconds between retry sweeps / lease reclaims done by an idle worker


class Worker:
    def __init__(self, db: Database, gateways: Gateways, settings: Settings, *, metrics: Any = None,
                 retry: RetryPolicy | None = None, batch_size: int | None = None, lease: timedelta = outbox.LEASE,
                 clock: Callable[[], datetime] = utcnow, idle_sleep: float = 0.2) -> None:
        self.db = db
        self.gateways = gateways
        self.metrics = metrics
        self.retry = retry or RetryPolicy.from_settings(settings)
        self.batch_size = batch_size or settings.batch_size
        self.lease = lease
        self.clock = clock
        self.idle_sleep = idle_sleep
        self.builder = MessageBuilder(db, settings)
        self.base_url = settings.base_url
        self.secret = settings.secret_key  # signs the digest page links
        self._last_housekeeping = 0.0

    async def run_once(self) -> int:
        """Claim, send and record one batch; returns how many deliveries it handled."""
        rows = await outbox.claim(self.db, self.batch_size, now=self.clock(), lease=self.lease)
        if rows:
            await self.handle(rows)
        return len(rows)

    async def handle(self, rows: Sequence[Mapping[str, Any]]) -> None:
        rows = [*rows, *await digest.claim_siblings(self.db, rows, now=self.clock(), lease=self.lease)]
        built = dict(zip((r["id"] for r in rows), await self.builder.build(rows), strict=True))
        by_id = {r["id"]: r for r in rows}
        singles, merged = digest.split(rows)
        outcomes: list[Outcome] = [Failed(i, m) for i, m in built.items() if isinstance(m, str)]
        groups: dict[str, list[Message]] = defaultdict(list)
        digests: dict[int, list[Mapping[str, Any]]] = {}  # leader id -> the rows its message carries
        for row in singles:
            if isinstance(message := built[row["id"]], Message):
                groups[row["channel"]].append(message)
        for group in merged:
            sendable = [r for r in group if isinstance(built[r["id"]], Message)]
            if sendable:
                digests[sendable[0]["id"]] = sendable
                messages = [m for r in sendable if isinstance(m := built[r["id"]], Message)]
                groups[sendable[0]["channel"]].append(await self._digest(messages, {r["notice_id"] for r in sendable}))
        sent = await asyncio.gather(*(self.gateways.send(ch, msgs) for ch, msgs in groups.items()))
        for channel, result in zip(groups, sent, strict=True):
            for outcome in self._classify(channel, result, by_id):
                outcomes += digest.spread(outcome, digests[outcome.id]) if outcome.id in digests else [outcome]
        await self._record(outcomes, by_id)

    async def _digest(self, messages: Sequence[Message], notice_ids: set[int]) -> Message:
        if len(messages) == 1:
            return messages[0]
        notices = await self.builder.by_public_id(notice_ids)
        url = digest.page_url(self.base_url, self.secret, messages[0].delivery_id or 0)
        return digest.compose(messages, notices, self.base_url, digest_url=url)

    def _classify(self, channel: str, sent: SendOutcome, by_id: Mapping[int, Mapping[str, Any]]) -> list[Outcome]:
        now = self.clock()
        out: list[Outcome] = [Retry(m.delivery_id or 0, now + timedelta(seconds=sent.retry_in),
                                    "gateway circuit open; deferred", count_attempt=False) for m in sent.deferred]
        for result in sent.results:
            out.append(self._outcome(result, by_id[result.message.delivery_id or 0], now))
            self._count(channel, result, by_id)
        return out

    def _outcome(self, result: Result, row: Mapping[str, Any], now: datetime) -> Outcome:
        if result.ok:
            return Delivered(row["id"], result.provider_ref, accepted=result.status == "accepted")
        error = result.error or result.status
        attempts = int(row["attempts"]) + 1
        if result.status == "temporary" and not self.retry.exhausted(attempts):
            return Retry(row["id"], now + self.retry.delay(attempts, retry_after=result.retry_after), error)
        if result.status == "temporary":
            error = f"{error} (gave up after {attempts} attempts)"
        return Failed(row["id"], error)

    async def _record(self, outcomes: list[Outcome], by_id: Mapping[int, Mapping[str, Any]]) -> None:
        now = self.clock()
        failed = [by_id[o.id] for o in outcomes if isinstance(o, Failed)]
        async with self.db.begin() as conn:
            await outbox.record(conn, outcomes, now=now)
            await fail_over(conn, failed, now=now)

    def _count(self, channel: str, result: Result, by_id: Mapping[int, Mapping[str, Any]]) -> None:
        if self.metrics is None:
            return
        self.metrics.deliveries.labels(channel, result.status).inc()
        sent_at = self.builder.cache.get(by_id[result.message.delivery_id or 0]["notice_id"], ({}, {}))[0].get(
            "sent_at")
        if result.ok and sent_at is not None:
            self.metrics.delivery_latency.labels(channel).observe((self.clock() - as_utc(sent_at)).total_seconds())

    async def housekeeping(self) -> None:
        """Retry sweep and lease reclaim, so a worker without a scheduler still makes progress."""
        now = self.clock()
        await outbox.sweep_retries(self.db, now=now)
        await outbox.reclaim_leases(self.db, now=now)
        if self.metrics is not None:
            async with self.db.connect() as conn:
                self.metrics.outbox_pending.set(await outbox.pending_count(conn))

    async def run(self, stop: asyncio.Event) -> None:
        """Work until ``stop`` is set; the batch in flight is always finished and recorded."""
        loop = asyncio.get_running_loop()
        while not stop.is_set():
            try:
                if loop.time() - self._last_housekeeping >= HOUSEKEEPING_EVERY:
                    self._last_housekeeping = loop.time()
                    await self.housekeeping()
                if await self.run_once() == 0:
                    await _wait(stop, self.idle_sleep)
            except Exception:  # a database blip must not kill the worker; the lease protects the batch
                log.exception("delivery batch failed; retrying shortly")
                await _wait(stop, 1.0)

    async def drain(self, done: Callable[[], Any], *, poll: float = 0.2) -> None:
        """Work until ``await done()`` is true (``todoke send --wait`` and tests)."""
        while not await done():
            if await self.run_once() == 0:
                await self.housekeeping()
                await asyncio.sleep(poll)


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
