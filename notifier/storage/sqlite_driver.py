"""SQLAlchemy's aiosqlite adapter with one thread hop per statement instead of four.

aiosqlite runs every call on its connection's own thread; SQLAlchemy's adapter makes a cursor,
executes, fetches and closes it as four separate calls, each a round trip between the event loop
and that thread (a future, a wake-up and a GIL hand-over). Under load those hops, not SQLite,
were most of the cost of a read. This cursor does the four steps in a single call on the
connection's thread and keeps the results, so the rest of SQLAlchemy sees an ordinary cursor.

Passed to ``create_async_engine(module=...)`` (see ``notifier.storage.db.create_engine``).
Relies on ``aiosqlite.Connection._execute`` (queue a callable on the connection's thread), the
same private entry SQLAlchemy's own adapter uses to set the isolation level.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)


class _Statement:
    """Stands in for an aiosqlite cursor: the sqlite3 cursor lives and dies on the connection's thread."""

    arraysize = 1

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._connection = connection
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None
        self._rows: list[Any] = []

    async def __aenter__(self) -> _Statement:
        return self

    async def execute(self, sql: str, parameters: Any = ()) -> None:
        await self._run(sql, parameters, many=False)

    async def executemany(self, sql: str, seq_of_parameters: Any) -> None:
        await self._run(sql, seq_of_parameters, many=True)

    async def _run(self, sql: str, parameters: Any, *, many: bool) -> None:
        self.description, self.rowcount, self.lastrowid, self._rows = await self._connection._execute(
            _on_thread, self._connection._conn, sql, parameters, many)

    async def fetchall(self) -> list[Any]:
        rows, self._rows = self._rows, []
        return rows

    def close(self) -> None:
        self._rows = []


def _on_thread(conn: sqlite3.Connection, sql: str, parameters: Any, many: bool) -> tuple[Any, int, Any, list[Any]]:
    cursor = conn.cursor()
    try:
        if many:
            cursor.executemany(sql, parameters)
        else:
            cursor.execute(sql, parameters)
        rows = cursor.fetchall() if cursor.description else []
        # rowcount/lastrowid read after fetching, as SQLAlchemy would (RETURNING counts rows as fetched)
        return cursor.description, cursor.rowcount, cursor.lastrowid, rows
    finally:
        cursor.close()


class OneHopCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ()
    _awaitable_cursor_close = False  # nothing left to close on the thread

    def _make_new_cursor(self, connection: Any) -> Any:
        return _Statement(connection)


class OneHopConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = OneHopCursor

    def rollback(self) -> None:
        # Nothing to roll back after a statement run without BEGIN (Database.autocommit()), and
        # the pool rolls back on every check-in: skip that hop. ``in_transaction`` is read
        # here as aiosqlite's own property does; the connection is ours alone at this point.
        if self._connection._connection is not None and not self._connection._conn.in_transaction:
            return
        super().rollback()


class OneHopDBAPI(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *arg: Any, **kw: Any) -> AsyncAdapt_aiosqlite_connection:
        adapted = super().connect(*arg, **kw)
        return OneHopConnection(self, adapted._connection)


def dbapi() -> OneHopDBAPI:
    return OneHopDBAPI(aiosqlite, sqlite3)
