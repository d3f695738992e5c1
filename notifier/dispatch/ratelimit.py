"""Token-bucket rate limits per gateway.

On PostgreSQL every worker process shares one bucket per gateway in ``gateway_buckets``,
refilled and debited by a single atomic statement; on SQLite (one process) the bucket is in memory.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from notifier.storage import schema
from notifier.storage.db import Database, utcnow


@dataclass(frozen=True)
class Rate:
    per_second: float
    burst: float  # bucket size: how many may go at once after a quiet spell

    @classmethod
    def of(cls, per_second: float, burst: float | None = None) -> Rate:
        return cls(per_second, burst if burst is not None else max(per_second, 1.0))


class RateLimiter(Protocol):
    async def take(self, name: str, rate: Rate, wanted: int) -> int:
        """Take up to ``wanted`` tokens now; returns how many were granted (maybe 0)."""


async def acquire(limiter: RateLimiter, name: str, rate: Rate, wanted: int,
                  sleep: Callable[[float], object] = asyncio.sleep) -> None:
    """Wait until ``wanted`` tokens have been granted (in as many takes as the bucket needs)."""
    granted = 0
    while granted < wanted:
        granted += await limiter.take(name, rate, wanted - granted)
        if granted < wanted:
            await sleep(min(max(1.0, wanted - granted) / rate.per_second, 1.0))  # type: ignore[misc]


class MemoryRateLimiter:
    """In-process buckets (SQLite: one process sends)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.buckets: dict[str, tuple[float, float]] = {}  # name -> (tokens, at)

    async def take(self, name: str, rate: Rate, wanted: int) -> int:
        now = self.clock()
        tokens, at = self.buckets.get(name, (rate.burst, now))
        tokens = min(rate.burst, tokens + (now - at) * rate.per_second)
        granted = min(wanted, math.floor(tokens))
        self.buckets[name] = (tokens - granted, now)
        return granted


_TAKE = sa.text("""
WITH cur AS (
    SELECT name, LEAST(:burst, tokens + GREATEST(0, EXTRACT(EPOCH FROM (:now - updated_at))) * :rate) AS avail
    FROM gateway_buckets WHERE name = :name FOR UPDATE
)
UPDATE gateway_buckets g
SET tokens = cur.avail - LEAST(FLOOR(cur.avail), :wanted), updated_at = :now
FROM cur WHERE g.name = cur.name
RETURNING LEAST(FLOOR(cur.avail), :wanted)::int AS granted
""").bindparams(sa.bindparam("now", type_=schema.TS))


class SqlRateLimiter:
    """Buckets shared by every worker through ``gateway_buckets`` (PostgreSQL)."""

    def __init__(self, db: Database, clock: Callable[[], datetime] = utcnow) -> None:
        self.db = db
        self.clock = clock
        self.known: set[str] = set()

    async def take(self, name: str, rate: Rate, wanted: int) -> int:
        now = self.clock()
        async with self.db.begin() as conn:
            if name not in self.known:
                await conn.execute(
                    postgresql.insert(schema.gateway_buckets)
                    .values(name=name, tokens=rate.burst, updated_at=now).on_conflict_do_nothing())
                self.known.add(name)
            row = (await conn.execute(_TAKE, {"name": name, "now": now, "rate": rate.per_second,
                                              "burst": rate.burst, "wanted": wanted})).first()
        return int(row.granted) if row else 0


def for_database(db: Database) -> RateLimiter:
    return MemoryRateLimiter() if db.is_sqlite else SqlRateLimiter(db)
