"""The rate limiter shared through ``gateway_buckets`` (PostgreSQL) and in memory (SQLite)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from notifier.dispatch.ratelimit import Rate, SqlRateLimiter, for_database
from notifier.storage.db import Database, utcnow


async def test_shared_bucket_grants_no_more_than_its_tokens(db: Database, backend: str) -> None:
    if backend == "sqlite":
        assert type(for_database(db)).__name__ == "MemoryRateLimiter"
        return
    start = utcnow()
    clock = [start]
    workers = [SqlRateLimiter(db, clock=lambda: clock[0]) for _ in range(3)]
    rate = Rate.of(5, burst=20)
    granted = await asyncio.gather(*(w.take("sms:smpp", rate, 10) for w in workers))
    assert sum(granted) == 20 and sorted(granted) == [0, 10, 10]
    clock[0] = start + timedelta(seconds=2)  # 2 s at 5/s refills 10 tokens
    assert await workers[0].take("sms:smpp", rate, 50) == 10
    assert await workers[1].take("other", rate, 3) == 3
