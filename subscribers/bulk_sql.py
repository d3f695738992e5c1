"""The driver-level writes behind a bulk import, one class per backend.

SQLAlchemy's executemany costs more per row than checking the row does, so an import talks
to the driver underneath the caller's connection (and transaction): SQLite through
``executemany`` on the aiosqlite connection, PostgreSQL through asyncpg's binary
``COPY``. Ids are allocated up front (the sequence on PostgreSQL; ``max(id)`` under SQLite's
write lock, which ``Database.begin`` takes with ``BEGIN IMMEDIATE``) so no row has to be
read back. Values are converted with the column types' own bind processors.

References are checked once per batch where the database lets the import turn off its per-row
foreign-key checks (``import_tuning``): a foreign key costs one lookup per child row (a trigger
and a row lock per row on PostgreSQL: more than half of the server's work at 1M rows), and a
batch of 5,000 subscribers has some 50,000 of them. ``Writer.check_references`` then asks, in
one statement per referenced table, for what the batch's rows point at.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from notifier.storage import schema

SQLITE_IMPORT_CACHE_KIB = 65_536  # SQLite's page cache while an import runs (default: 2 MiB)
SQLITE_MAX_PARAMS = 30_000  # below SQLite's 32,766 bound-parameter limit
BATCH_REFERENCES = "todoke_batch_references"  # conn.info key: per-row foreign-key checks are off
# Table names in the SQL below are this module's own constants, never input.


class MissingReference(Exception):
    """A batch's rows point at a subscriber, topic or ward that is not (or no longer) there."""


class Writer:
    def __init__(self, conn: AsyncConnection, raw: Any) -> None:
        self.conn, self.raw = conn, raw
        self.batch_references = bool(conn.info.get(BATCH_REFERENCES))
        dialect = conn.dialect
        self._ts = schema.TS.dialect_impl(dialect).bind_processor(dialect)
        self._json = schema.subscribers.c.fallback.type.dialect_impl(dialect).bind_processor(dialect)
        self._json_cache: dict[tuple[str, ...], Any] = {}
        self._queued: list[asyncio.Task[None]] = []

    @staticmethod
    async def open(conn: AsyncConnection) -> Writer:
        # A statement through SQLAlchemy first, so its transaction has begun on the driver connection.
        await conn.execute(sa.text("SELECT 1"))
        raw = (await conn.get_raw_connection()).driver_connection
        writer = (SqliteWriter if conn.dialect.name == "sqlite" else PostgresWriter)(conn, raw)
        await writer.begun()
        return writer

    async def begun(self) -> None:
        """Called once a batch's transaction is open."""

    def ts(self, value: datetime | None) -> Any:
        return self._ts(value) if self._ts and value is not None else value

    def json_list(self, values: tuple[str, ...]) -> Any:
        """A JSON list column's value (few distinct lists in an import: cached)."""
        done = self._json_cache.get(values)
        if done is None:
            done = self._json(list(values)) if self._json else list(values)
            if len(self._json_cache) < 1000:
                self._json_cache[values] = done
        return done

    async def owners(self, kind: str, hashes: list[bytes]) -> list[tuple[bytes, int]]:
        raise NotImplementedError

    async def new_ids(self, table: str, count: int) -> Sequence[int]:
        raise NotImplementedError

    async def insert(self, table: str, columns: tuple[str, ...], records: list[tuple[Any, ...]]) -> None:
        raise NotImplementedError

    async def queue_insert(self, table: str, columns: tuple[str, ...], records: list[tuple[Any, ...]]) -> None:
        """``insert``, or start it and return, where the driver runs statements in order on a
        thread of its own (SQLite): the caller builds the next records meanwhile. ``drain`` waits
        for what was started, and raises the first failure."""
        await self.insert(table, columns, records)

    async def check_references(self, subscriber_ids: set[int], topic_keys: set[str], area_codes: set[str]) -> None:
        """Where the database no longer checks them row by row: that every subscriber, topic and
        ward the batch's rows point at exists (and, on PostgreSQL, that topics and wards stay until
        the transaction ends, as the foreign key's row lock would). Raises ``MissingReference``."""
        if not self.batch_references:
            return
        await self.drain()
        for table, column, wanted in (("subscribers", "id", subscriber_ids), ("topics", "key", topic_keys),
                                      ("areas", "code", area_codes)):
            if wanted:
                found = await self.existing(table, column, sorted(wanted), lock=table != "subscribers")
                if found != len(wanted):
                    raise MissingReference(f"{len(wanted) - found} of the {table} this batch refers to are gone "
                                           "(removed while the import ran?)")

    async def existing(self, table: str, column: str, values: list[Any], *, lock: bool) -> int:
        """How many of ``values`` (distinct) are in ``table.column``; ``lock``: keep them until commit."""
        raise NotImplementedError

    async def drain(self) -> None:
        queued, self._queued = self._queued, []
        outcomes = await asyncio.gather(*queued, return_exceptions=True)
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome


class SqliteWriter(Writer):
    async def queue_insert(self, table: str, columns: tuple[str, ...], records: list[tuple[Any, ...]]) -> None:
        self._queued.append(asyncio.ensure_future(self.insert(table, columns, records)))
        await asyncio.sleep(0)  # let the task hand its statement to aiosqlite's queue (FIFO) before we go on

    async def owners(self, kind: str, hashes: list[bytes]) -> list[tuple[bytes, int]]:
        found: list[tuple[bytes, int]] = []
        step = SQLITE_MAX_PARAMS - 1
        for start in range(0, len(hashes), step):
            part = hashes[start:start + step]
            # kind first: the unique index is (kind, address_hash)
            sql = ("SELECT address_hash, subscriber_id FROM contact_points WHERE kind = ? AND address_hash IN ("
                   + ",".join("?" * len(part)) + ")")
            found += [(h, sid) for h, sid in await self.raw.execute_fetchall(sql, (kind, *part))]
        return found

    async def existing(self, table: str, column: str, values: list[Any], *, lock: bool) -> int:
        # no lock needed: the import's transaction holds SQLite's write lock until it commits
        found = 0
        for start in range(0, len(values), SQLITE_MAX_PARAMS):
            part = values[start:start + SQLITE_MAX_PARAMS]
            sql = f"SELECT count(*) FROM {table} WHERE {column} IN ({','.join('?' * len(part))})"
            found += int((await self.raw.execute_fetchall(sql, part))[0][0])
        return found

    async def new_ids(self, table: str, count: int) -> Sequence[int]:
        rows = await self.raw.execute_fetchall(f"SELECT coalesce(max(id), 0) FROM {table}")
        first = int(next(iter(rows))[0]) + 1
        return range(first, first + count)

    async def insert(self, table: str, columns: tuple[str, ...], records: list[tuple[Any, ...]]) -> None:
        if records:
            marks = ",".join("?" * len(columns))
            await self.raw.executemany(f"INSERT INTO {table} ({','.join(columns)}) VALUES ({marks})",
                                       records)


class PostgresWriter(Writer):
    async def begun(self) -> None:
        if self.batch_references:  # until this transaction ends: no row-level triggers, foreign keys' included
            await self.raw.execute("SET LOCAL session_replication_role = replica")

    async def existing(self, table: str, column: str, values: list[Any], *, lock: bool) -> int:
        array = "bigint[]" if column == "id" else "text[]"
        # a join on the unnested list, as in owners(); FOR KEY SHARE is the lock a foreign key's check takes
        sql = (f"SELECT count(*) FROM (SELECT 1 FROM unnest($1::{array}) AS v(x) JOIN {table} t ON t.{column} = v.x"
               f"{' FOR KEY SHARE OF t' if lock else ''}) AS found")
        return int(await self.raw.fetchval(sql, values))

    async def owners(self, kind: str, hashes: list[bytes]) -> list[tuple[bytes, int]]:
        # One probe of the unique index per hash, whatever the statistics say: during a bulk load they
        # lag far behind the table, and the planner may then prefer reading every contact of the kind
        # into a hash (seen at 1M rows: ten times the import's other work). A lateral subquery cannot
        # be turned into that join.
        rows = await self.raw.fetch("SELECT h.v, c.subscriber_id FROM unnest($2::bytea[]) AS h(v) "
                                    "CROSS JOIN LATERAL (SELECT subscriber_id FROM contact_points "
                                    "WHERE kind = $1 AND address_hash = h.v LIMIT 1) AS c", kind, hashes)
        return [(r[0], r[1]) for r in rows]

    async def new_ids(self, table: str, count: int) -> Sequence[int]:
        # The sequence's name resolved once, not once per id (a third of the statement's time).
        rows = await self.raw.fetch("WITH s AS MATERIALIZED (SELECT pg_get_serial_sequence($1, 'id')::regclass AS seq) "
                                    "SELECT nextval(s.seq) FROM s, generate_series(1, $2)", table, count)
        return [r[0] for r in rows]

    async def insert(self, table: str, columns: tuple[str, ...], records: list[tuple[Any, ...]]) -> None:
        if records:
            await self.raw.copy_records_to_table(table, records=records, columns=columns)


@contextlib.asynccontextmanager
async def import_tuning(conn: AsyncConnection) -> AsyncIterator[None]:
    """The import's connection, set up for bulk writes and restored afterwards (call it before
    the first transaction).

    References checked per batch rather than per row, where the database allows it: SQLite's
    ``foreign_keys`` pragma is per connection (and the import's transactions hold the write lock,
    so nothing it refers to can go away meanwhile); on PostgreSQL, a role that may set
    ``session_replication_role`` (a superuser, or on PostgreSQL 15 and later one granted
    ``SET ON PARAMETER session_replication_role``) turns row triggers off inside each import
    transaction. Otherwise the foreign keys check each row, as always.

    SQLite also gets a larger page cache: the contact hash and public id indexes take random keys,
    and with the default 2 MiB cache every batch re-reads and rewrites thousands of their pages.
    The cache is bounded, so memory stays flat; durability settings are left as they are.
    A transaction still open on exit is rolled back.
    """
    raw: Any = (await conn.get_raw_connection()).driver_connection
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        cache = (await raw.execute_fetchall("PRAGMA cache_size"))[0][0]
        await raw.execute(f"PRAGMA cache_size=-{SQLITE_IMPORT_CACHE_KIB}")
        await raw.execute("PRAGMA foreign_keys=OFF")  # a no-op inside a transaction: read back
        conn.info[BATCH_REFERENCES] = (await raw.execute_fetchall("PRAGMA foreign_keys"))[0][0] == 0
    else:  # SET LOCAL in each transaction (PostgresWriter.begun): nothing to restore
        conn.info[BATCH_REFERENCES] = await _may_turn_off_triggers(raw)
    try:
        yield
    finally:
        conn.info.pop(BATCH_REFERENCES, None)
        if conn.in_transaction():  # rolled back here, as writer() would, so the pragmas below apply
            await conn.rollback()
        if sqlite:
            await raw.execute("PRAGMA foreign_keys=ON")
            await raw.execute(f"PRAGMA cache_size={int(cache)}")


async def _may_turn_off_triggers(raw: Any) -> bool:
    if await raw.fetchval("SELECT current_setting('is_superuser') = 'on'"):
        return True
    if raw.get_server_version().major < 15:  # no privileges on parameters before 15
        return False
    return bool(await raw.fetchval("SELECT has_parameter_privilege('session_replication_role', 'SET')"))
