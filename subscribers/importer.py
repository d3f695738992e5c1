"""Streaming CSV import and export of subscribers (``todoke subscribers import/export``).

Rows are pulled one at a time from an iterator and written in batches, so memory stays flat
whatever the file's size; each batch is one transaction.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any

import sqlalchemy as sa

from notifier import audit
from notifier.config import Settings
from notifier.storage import schema
from notifier.storage.db import Database
from subscribers import bulk, verification
from subscribers.bulk import BATCH, Counts, Row
from subscribers.csvio import format_row, parse_row
from subscribers.store import CP, S
from subscribers.validation import FieldError, Reference

Report = Callable[[int, str], None]


class Importer:
    def __init__(self, db: Database, settings: Settings, *, operator: str, verified: bool, channels: Any,
                 report: Report, progress: Callable[[Counts], None] | None = None, source: str = "",
                 batch_size: int = BATCH) -> None:
        self.db, self.settings, self.operator, self.channels = db, settings, operator, channels
        self.verified_by = f"import:{operator}"[:64] if verified else None
        self.report, self.progress, self.source, self.batch_size = report, progress, source, batch_size
        self.counts = Counts()
        self._audited = False

    async def run(self, rows: Iterable[tuple[int, list[str]]]) -> Counts:
        """Import (line number, cells) records; bad ones are reported and counted, good ones written."""
        async with self.db.connect() as conn:
            ref = await Reference.load(conn)
        batch: list[Row] = []
        for line, cells in rows:
            if not any(cell.strip() for cell in cells):
                self.counts.skipped += 1
                continue
            try:
                batch.append(Row(line, parse_row(cells, ref)))
            except FieldError as exc:
                self._bad(line, f"{exc.field}: {exc.message}")
            if len(batch) >= self.batch_size:
                await self.flush(batch)
                batch = []
        await self.flush(batch)
        return self.counts

    def _bad(self, line: int, reason: str) -> None:
        self.counts.bad += 1
        self.report(line, reason)

    async def flush(self, batch: list[Row]) -> None:
        if not batch:
            return
        async with self.db.begin() as conn:
            result = await bulk.write_batch(conn, self.settings, batch, verified_by=self.verified_by)
            if not self._audited:  # one entry per import, naming who asserted consent
                await audit.record(conn, self.operator, "subscribers.imported", None,
                                   {"file": self.source, "verified": bool(self.verified_by)})
                self._audited = True
            outgoing = await bulk.prepare_verifications(conn, self.settings, result.new_contacts)
        if outgoing:
            await verification.send(self.channels, outgoing)
        self.counts.imported += result.imported
        self.counts.updated += result.updated
        for line, kind, reason in result.problems:
            if kind == "bad":
                self._bad(line, reason)
            else:
                self.counts.skipped += 1
                self.report(line, f"skipped: {reason}")
        if self.progress:
            self.progress(self.counts)


async def export_rows(db: Database, batch_size: int = BATCH) -> AsyncIterator[list[str]]:
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
                by_kind.setdefault(kind, address)
            yield format_row(by_kind, s.variant, sorted(t[1] for t in topics.get(s.id, [])),
                             sorted(a[1] for a in areas.get(s.id, [])), list(s.channel_order))
        last = subs[-1].id


async def _grouped(conn: Any, query: Any) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = {}
    for row in await conn.execute(query):
        out.setdefault(row[0], []).append(tuple(row))
    return out
