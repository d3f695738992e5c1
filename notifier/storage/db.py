"""Engine creation for both backends, and the small ``Database`` handle passed around the app."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from notifier.storage import sqlite_driver


def async_url(url: str) -> str:
    """Map the plain URL forms of DESIGN.md onto the async drivers."""
    parsed = make_url(url)
    driver = {
        "sqlite": "sqlite+aiosqlite",
        "postgresql": "postgresql+asyncpg",
        "postgres": "postgresql+asyncpg",
    }.get(parsed.drivername, parsed.drivername)
    return parsed.set(drivername=driver).render_as_string(hide_password=False)


def sync_url(url: str) -> str:
    """The same database through a synchronous driver (Alembic's offline tooling, CLI helpers)."""
    parsed = make_url(async_url(url))
    driver = {"sqlite+aiosqlite": "sqlite", "postgresql+asyncpg": "postgresql+psycopg"}.get(
        parsed.drivername, parsed.drivername
    )
    return parsed.set(drivername=driver).render_as_string(hide_password=False)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_connect(dbapi_conn: Any, record: Any) -> None:
    _sqlite_pragmas(dbapi_conn, record)
    # Let SQLAlchemy emit BEGIN itself (pysqlite's implicit transactions get it wrong).
    dbapi_conn.isolation_level = None


def _sqlite_begin(conn: Any) -> None:
    # Writers take the write lock up front: a deferred transaction that later upgrades to
    # a write can fail with SQLITE_BUSY at once instead of waiting for busy_timeout.
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    if mode is not None:  # None: Database.autocommit(), each statement its own transaction
        conn.exec_driver_sql(f"BEGIN {mode}")


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    url = async_url(url)
    if is_sqlite(url):
        _ensure_sqlite_dir(url)
        kwargs.setdefault("module", sqlite_driver.dbapi())  # one thread hop per statement, not four
        # Every SQLite connection is a thread of aiosqlite's; an overflow connection (the default
        # pool: 5 kept + 10 overflow) is opened and closed again under any burst, and each time costs
        # a thread start and six round trips (connect, functions, pragmas). Keep them all instead:
        # the same ceiling of 15, without the churn. (An in-memory database has a single connection.)
        if make_url(url).database not in (None, "", ":memory:"):
            kwargs.setdefault("pool_size", 15)
            kwargs.setdefault("max_overflow", 0)
        engine = create_async_engine(url, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_connect)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
        return engine
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 10)
    kwargs.setdefault("pool_pre_ping", True)
    return create_async_engine(url, **kwargs)


def _ensure_sqlite_dir(url: str) -> None:
    from pathlib import Path

    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)


_READER_BUSY_MS = 50


def _loop_thread_reader(url: str) -> sa.Engine | None:
    """A synchronous, read-only engine on the same SQLite file, with one connection (see ``snapshot``)."""
    database = make_url(url).database
    if database in (None, "", ":memory:"):  # a second connection would see another database
        return None
    engine = sa.create_engine(sync_url(url), poolclass=sa.pool.StaticPool,
                              connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _read_only(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # no implicit transactions: each SELECT is its own
        dbapi_conn.execute(f"PRAGMA busy_timeout={_READER_BUSY_MS}")
        dbapi_conn.execute("PRAGMA query_only=ON")

    return engine


class Database:
    """The async engine plus the few helpers every storage module needs."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = async_url(url)
        self.engine = create_engine(self.url, **engine_kwargs)
        self.is_sqlite = is_sqlite(self.url)
        # Same pool, no transaction around statements (see autocommit()). SQLite: our own BEGIN is
        # skipped (SQLAlchemy's AUTOCOMMIT would cost a thread hop to set and another to reset);
        # PostgreSQL: asyncpg runs each statement in its own implicit transaction.
        self._autocommit = self.engine.execution_options(
            **({"sqlite_begin": None} if self.is_sqlite else {"isolation_level": "AUTOCOMMIT"}))
        self._reader = _loop_thread_reader(self.url) if self.is_sqlite else None

    @contextlib.asynccontextmanager
    async def begin(self) -> AsyncIterator[AsyncConnection]:
        """A connection inside one transaction: committed on success, rolled back on error."""
        async with self.engine.connect() as conn:
            if self.is_sqlite:
                await conn.execution_options(sqlite_begin="IMMEDIATE")
            async with conn.begin():
                yield conn

    @contextlib.asynccontextmanager
    async def writer(self) -> AsyncIterator[AsyncConnection]:
        """A connection for a series of write transactions (``begin``/``commit`` on it): the same
        write-lock rule as ``begin`` on SQLite; an open transaction is rolled back on exit."""
        async with self.engine.connect() as conn:
            if self.is_sqlite:
                await conn.execution_options(sqlite_begin="IMMEDIATE")
            yield conn

    @contextlib.asynccontextmanager
    async def connect(self) -> AsyncIterator[AsyncConnection]:
        """A connection for reads (a deferred transaction on SQLite, so readers never block)."""
        async with self.engine.connect() as conn:
            yield conn

    @contextlib.asynccontextmanager
    async def autocommit(self) -> AsyncIterator[AsyncConnection]:
        """A connection for ONE read statement, which is then a consistent snapshot by itself.

        No BEGIN before it and no ROLLBACK after it: on SQLite those are two more round trips to
        the driver's thread per request. Two statements here may see two different states of the
        database; anything that needs more than one statement to agree uses ``connect()``.
        """
        async with self._autocommit.connect() as conn:
            yield conn

    async def snapshot(self, statement: sa.Executable, params: dict[str, Any]) -> list[sa.Row[Any]]:
        """The rows of ONE read statement, which is a consistent snapshot by itself.

        On a SQLite file it runs on the calling thread, the event loop's, through a read-only
        connection kept for it: a lookup by key takes SQLite tens of microseconds, less than the
        hop to aiosqlite's thread and back costs (a queue, a wake-up, GIL hand-overs, a self-pipe
        write), which under load was most of a subscription read. A WAL reader does not wait for
        writers; in the rare case SQLite answers busy (a checkpoint resetting the log), the
        statement goes the ordinary way after at most ``_READER_BUSY_MS``.
        """
        if self._reader is not None:
            try:
                with self._reader.connect() as conn:
                    return list(conn.execute(statement, params))
            except sa.exc.OperationalError:
                pass
        async with self.autocommit() as aconn:
            return list(await aconn.execute(statement, params))

    async def ping(self) -> bool:
        try:
            async with self.engine.connect() as conn:
                await conn.execute(sa.text("SELECT 1"))
        except Exception:  # noqa: BLE001 - any failure means "not ready"
            return False
        return True

    async def dispose(self) -> None:
        if self._reader is not None:
            self._reader.dispose()
        await self.engine.dispose()


def utcnow() -> datetime:
    return datetime.now(UTC)


async def pg_admin(url: str, *statements: str) -> None:
    """Run statements outside a transaction (CREATE/DROP DATABASE) on the PostgreSQL server at ``url``."""
    import asyncpg

    parsed = make_url(url)
    conn = await asyncpg.connect(host=parsed.host, port=parsed.port or 5432, user=parsed.username,
                                 password=parsed.password, database=parsed.database or "postgres")
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()
