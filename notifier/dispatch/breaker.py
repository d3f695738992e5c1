"""A circuit breaker per gateway: stop sending to a gateway that keeps failing, probe it now and then.

In process on SQLite; shared by all workers through ``gateway_buckets`` on PostgreSQL (``SqlBreakerStore``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from notifier.storage import schema
from notifier.storage.db import Database

State = Literal["closed", "open", "half_open"]
_gb = schema.gateway_buckets


@dataclass
class CircuitBreaker:
    """Opens after ``threshold`` consecutive temporary failures; after ``cooldown`` seconds one
    probe is let through (half-open): success closes it, failure opens it again."""

    name: str
    threshold: int = 5
    cooldown: float = 30.0
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)
    failures: int = 0
    opened_at: float | None = None
    probing: bool = False

    @property
    def state(self) -> State:
        if self.opened_at is None:
            return "closed"
        if self.clock() - self.opened_at >= self.cooldown:
            return "half_open"
        return "open"

    def allowance(self, wanted: int) -> int:
        """How many of ``wanted`` messages may go now: all, one probe, or none."""
        state = self.state
        if state == "closed":
            return wanted
        if state == "half_open" and not self.probing:
            self.probing = True
            return min(wanted, 1)
        return 0

    def retry_in(self) -> float:
        """Seconds until a probe is allowed (0 when closed)."""
        if self.opened_at is None:
            return 0.0
        return max(self.cooldown - (self.clock() - self.opened_at), 0.0)

    def record(self, *, success: bool) -> None:
        """Feed one outcome. Permanent failures count as success: the gateway answered."""
        self.probing = False
        if success:
            self.failures, self.opened_at = 0, None
            return
        self.failures += 1
        if self.failures >= self.threshold or self.opened_at is not None:
            self.opened_at = self.clock()


class SqlBreakerStore:
    """Breaker state shared by every worker process through ``gateway_buckets`` (PostgreSQL).

    Row ``breaker:<gateway>`` holds the consecutive failures and ``open_until``; each process reads
    it before a batch and folds the batch's outcome into it with one atomic upsert, so a gateway
    that failed in one process is avoided by all. Breakers given to it use the wall clock (shared
    across processes); the half-open probe stays per process (at most one probe per process).
    """

    def __init__(self, db: Database, clock: Callable[[], float] = time.time) -> None:
        self.db = db
        self.clock = clock

    @staticmethod
    def key(breaker: CircuitBreaker) -> str:
        return f"breaker:{breaker.name}"[:64]

    def _apply(self, breaker: CircuitBreaker, failures: int, open_until: datetime | None) -> None:
        breaker.failures = int(failures)
        breaker.opened_at = None if open_until is None else open_until.timestamp() - breaker.cooldown

    async def refresh(self, breaker: CircuitBreaker) -> None:
        async with self.db.connect() as conn:
            row = (await conn.execute(sa.select(_gb.c.failures, _gb.c.open_until)
                                      .where(_gb.c.name == self.key(breaker)))).first()
        if row is not None:
            self._apply(breaker, row.failures, row.open_until)

    async def record(self, breaker: CircuitBreaker, *, succeeded: bool, failures: int) -> None:
        """One batch's outcome: any answer resets; else ``failures`` more, opening at the threshold."""
        now = datetime.fromtimestamp(self.clock(), UTC)
        until = now + timedelta(seconds=breaker.cooldown)
        opens = not succeeded and failures >= breaker.threshold
        ins = postgresql.insert(_gb).values(name=self.key(breaker), tokens=0.0, updated_at=now,
                                            failures=0 if succeeded else failures, open_until=until if opens else None)
        old = _gb.c
        stmt = ins.on_conflict_do_update(index_elements=[_gb.c.name], set_={
            "failures": sa.case((sa.literal(succeeded), 0), else_=old.failures + failures),
            "open_until": sa.case(
                (sa.literal(succeeded), sa.null()),
                (sa.or_(old.failures + failures >= breaker.threshold, old.open_until.is_not(None)), until),
                else_=old.open_until),
            "updated_at": now,
        }).returning(_gb.c.failures, _gb.c.open_until)
        async with self.db.begin() as conn:
            row = (await conn.execute(stmt)).one()
        self._apply(breaker, row.failures, row.open_until)


def store_for(db: Database) -> SqlBreakerStore | None:
    """Shared breakers on PostgreSQL; on SQLite (one process) the in-memory breaker is the truth."""
    return None if db.is_sqlite else SqlBreakerStore(db)
