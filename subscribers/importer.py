"""Streaming CSV import and export of subscribers (``todoke subscribers import/export``).

Rows are pulled lazily and handled in chunks: each chunk is checked (in worker processes for
large files, see ``pipeline``) and written as it arrives, so memory stays flat whatever the
file's size. A transaction spans several chunks (fewer commits: on SQLite each one rewrites
every index page the batch touched); counts and problems are reported, in line order, once
their transaction is committed.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from notifier import audit, crypto
from notifier.config import Settings
from notifier.storage import schema
from notifier.storage.db import Database
from subscribers import bulk, bulk_sql, gctune, rowcheck, verification
from subscribers.bulk import BATCH, Counts
from subscribers.csvio import format_row
from subscribers.pipeline import Checker, WorkerCheck, chunks, default_workers
from subscribers.rowcheck import Checked, RowChecker
from subscribers.store import CP, S
from subscribers.validation import Reference
from subscribers.verification import Outgoing

Report = Callable[[int, str], None]


COMMIT_ROWS = 50_000  # rows per transaction when nothing waits on the commit (--verified)


@dataclass
class _Pending:
    """What the open transaction has written: counted and reported only once it is committed."""

    imported: int = 0
    updated: int = 0
    blank: int = 0
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # (line, "bad"|"skipped", reason)
    outgoing: list[Outgoing] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return self.imported + self.updated


class Importer:
    def __init__(self, db: Database, settings: Settings, *, operator: str, verified: bool, channels: Any,
                 report: Report, progress: Callable[[Counts], None] | None = None, source: str = "",
                 batch_size: int = BATCH, workers: int | None = None, pool_after: int | None = None,
                 worker_check: WorkerCheck = rowcheck.check_chunk, commit_rows: int = COMMIT_ROWS) -> None:
        self.db, self.settings, self.operator, self.channels = db, settings, operator, channels
        self.verified_by = f"import:{operator}"[:64] if verified else None
        self.report, self.progress, self.source, self.batch_size = report, progress, source, batch_size
        self.workers = default_workers() if workers is None else workers
        self.pool_after, self.worker_check, self.commit_rows = pool_after, worker_check, commit_rows
        self.counts = Counts()
        self.worker_rss_kib = 0
        self.worker_cpu_seconds = 0.0
        self._audited = False
        self._pending = _Pending()

    async def run(self, rows: Iterable[tuple[int, list[str]]]) -> Counts:
        """Import (line number, cells) records; bad ones are reported and counted, good ones written.

        One connection for the whole import; a transaction spans chunks until ``commit_rows`` rows
        are written, or ends with its chunk when verification messages wait on the commit. A
        failure rolls back the open transaction only: every count reported so far is committed.
        """
        async with self.db.connect() as conn:
            ref = await Reference.load(conn)
        checker = Checker(RowChecker(ref, self.settings.secret_key), self.settings.secret_key,
                          workers=self.workers, worker_check=self.worker_check,
                          **({} if self.pool_after is None else {"pool_after": self.pool_after}))
        with gctune.collecting_rarely():
            async with self.db.writer() as conn, bulk_sql.import_tuning(conn), \
                    contextlib.aclosing(checker.run(chunks(rows, self.batch_size))) as checked_chunks:
                async for checked in checked_chunks:
                    await self.flush(conn, checked)
                await self.commit(conn)
        self.worker_rss_kib, self.worker_cpu_seconds = checker.worker_rss_kib, checker.worker_cpu_seconds
        return self.counts

    async def flush(self, conn: AsyncConnection, checked: Checked) -> None:
        """Write one checked chunk inside the open transaction (begun here if none is)."""
        pending = self._pending
        pending.blank += checked.blank
        pending.problems += [(line, "bad", reason) for line, reason in checked.bad]
        if checked.rows:
            if not conn.in_transaction():
                await conn.begin()
            result = await bulk.write_batch(conn, checked.rows, verified_by=self.verified_by)
            if not self._audited:  # one entry per import, naming who asserted consent
                await audit.record(conn, self.operator, "subscribers.imported", None,
                                   {"file": self.source, "verified": bool(self.verified_by)})
                self._audited = True
            pending.outgoing += await bulk.prepare_verifications(conn, self.settings, result.new_contacts)
            pending.imported += result.imported
            pending.updated += result.updated
            pending.problems += result.problems
        if pending.outgoing or pending.rows >= self.commit_rows or not conn.in_transaction():
            await self.commit(conn)

    async def commit(self, conn: AsyncConnection) -> None:
        """Commit, then send the transaction's verification messages and report its rows."""
        if conn.in_transaction():
            await conn.commit()
        pending, self._pending = self._pending, _Pending()
        if pending.outgoing:
            await verification.send(self.channels, pending.outgoing)
        self.counts.imported += pending.imported
        self.counts.updated += pending.updated
        self.counts.skipped += pending.blank
        for line, kind, reason in sorted(pending.problems):
            if kind == "bad":
                self.counts.bad += 1
                self.report(line, reason)
            else:
                self.counts.skipped += 1
                self.report(line, f"skipped: {reason}")
        if self.progress:
            self.progress(self.counts)


async def export_rows(db: Database, secret: str, batch_size: int = BATCH) -> AsyncIterator[list[str]]:
    """Active subscribers as CSV cells, fetched by id ranges (constant memory)."""
    last = 0
    while True:
        async with db.connect() as conn:
            subs = (await conn.execute(sa.select(S.c.id, S.c.variant, S.c.channel_order).where(
                S.c.id > last, S.c.status == "active").order_by(S.c.id).limit(batch_size))).all()
            if not subs:
                return
            ids = [s.id for s in subs]
            contacts = await _grouped(conn, sa.select(CP.c.subscriber_id, CP.c.kind, CP.c.address)
                                      .where(CP.c.subscriber_id.in_(ids)).order_by(CP.c.id))
            topics = await _grouped(conn, sa.select(schema.subscriber_topics).where(
                schema.subscriber_topics.c.subscriber_id.in_(ids)))
            areas = await _grouped(conn, sa.select(schema.subscriber_areas).where(
                schema.subscriber_areas.c.subscriber_id.in_(ids)))
        for s in subs:
            by_kind: dict[str, str] = {}
            for _, kind, address in contacts.get(s.id, []):
                if kind not in by_kind:
                    by_kind[kind] = crypto.decrypt(secret, address)
            yield format_row(by_kind, s.variant, sorted(t[1] for t in topics.get(s.id, [])),
                             sorted(a[1] for a in areas.get(s.id, [])), list(s.channel_order))
        last = subs[-1].id


async def _grouped(conn: Any, query: Any) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = {}
    for row in await conn.execute(query):
        out.setdefault(row[0], []).append(tuple(row))
    return out
