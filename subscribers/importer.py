"""Streaming CSV import and export of subscribers (``todoke subscribers import/export``).

Rows are pulled lazily and handled in chunks: each chunk is checked (in worker processes for
large files, see ``pipeline``) and written as one transaction, so memory stays flat whatever
the file's size. Problems are reported in line order within each chunk.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any

import sqlalchemy as sa

from notifier import audit, crypto
from notifier.config import Settings
from notifier.storage import schema
from notifier.storage.db import Database
from subscribers import bulk, rowcheck, verification
from subscribers.bulk import BATCH, Counts
from subscribers.csvio import format_row
from subscribers.pipeline import Checker, WorkerCheck, chunks, default_workers
from subscribers.rowcheck import Checked, RowChecker
from subscribers.store import CP, S
from subscribers.validation import Reference

Report = Callable[[int, str], None]


class Importer:
    def __init__(self, db: Database, settings: Settings, *, operator: str, verified: bool, channels: Any,
                 report: Report, progress: Callable[[Counts], None] | None = None, source: str = "",
                 batch_size: int = BATCH, workers: int | None = None, pool_after: int | None = None,
                 worker_check: WorkerCheck = rowcheck.check_chunk) -> None:
        self.db, self.settings, self.operator, self.channels = db, settings, operator, channels
        self.verified_by = f"import:{operator}"[:64] if verified else None
        self.report, self.progress, self.source, self.batch_size = report, progress, source, batch_size
        self.workers = default_workers() if workers is None else workers
        self.pool_after, self.worker_check = pool_after, worker_check
        self.counts = Counts()
        self.worker_rss_kib = 0
        self._audited = False

    async def run(self, rows: Iterable[tuple[int, list[str]]]) -> Counts:
        """Import (line number, cells) records; bad ones are reported and counted, good ones written."""
        async with self.db.connect() as conn:
            ref = await Reference.load(conn)
        checker = Checker(RowChecker(ref, self.settings.secret_key), self.settings.secret_key,
                          workers=self.workers, worker_check=self.worker_check,
                          **({} if self.pool_after is None else {"pool_after": self.pool_after}))
        async with contextlib.aclosing(checker.run(chunks(rows, self.batch_size))) as checked_chunks:
            async for checked in checked_chunks:
                await self.flush(checked)
        self.worker_rss_kib = checker.worker_rss_kib
        return self.counts

    async def flush(self, checked: Checked) -> None:
        self.counts.skipped += checked.blank
        problems: list[tuple[int, str, str]] = [(line, "bad", reason) for line, reason in checked.bad]
        if checked.rows:
            async with self.db.begin() as conn:
                result = await bulk.write_batch(conn, checked.rows, secret=self.settings.secret_key,
                                               verified_by=self.verified_by)
                if not self._audited:  # one entry per import, naming who asserted consent
                    await audit.record(conn, self.operator, "subscribers.imported", None,
                                       {"file": self.source, "verified": bool(self.verified_by)})
                    self._audited = True
                outgoing = await bulk.prepare_verifications(conn, self.settings, result.new_contacts)
            if outgoing:
                await verification.send(self.channels, outgoing)
            self.counts.imported += result.imported
            self.counts.updated += result.updated
            problems += result.problems
        for line, kind, reason in sorted(problems):
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
