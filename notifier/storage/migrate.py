"""Apply Alembic migrations programmatically (``todoke db upgrade``)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection

from notifier.storage.db import Database

MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATION_LOCK = 0x746F646F6B6D  # the advisory lock id migrations hold on PostgreSQL (the scheduler's is …6B65)


def alembic_config(url: str = "") -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def _upgrade_on(connection: Connection, revision: str, secret_key: str) -> None:
    cfg = alembic_config()
    cfg.attributes["connection"] = connection
    cfg.attributes["secret_key"] = secret_key  # 0003 encrypts existing contact points with it
    command.upgrade(cfg, revision)


def _downgrade_on(connection: Connection, revision: str, secret_key: str) -> None:
    cfg = alembic_config()
    cfg.attributes["connection"] = connection
    cfg.attributes["secret_key"] = secret_key
    command.downgrade(cfg, revision)


async def upgrade(db: Database, revision: str = "head", *, secret_key: str = "") -> None:
    """Bring the schema and reference data to ``revision`` in one transaction.

    ``secret_key`` encrypts contact points stored before 0003 (without it, the migration resolves
    the key as the service does); a new, empty database needs none.
    """
    async with db.begin() as conn:  # on SQLite, BEGIN IMMEDIATE: the write lock is taken before anything is read
        if not db.is_sqlite:
            # Several replicas may start at once and each run `todoke db upgrade`: the second waits
            # here until the first has committed, then finds the schema current.
            await conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        await conn.run_sync(_upgrade_on, revision, secret_key)


async def upgrade_url(url: str) -> None:
    """``upgrade`` of the (new) database at ``url``, through an engine of its own."""
    db = Database(url)
    try:
        await upgrade(db)
    finally:
        await db.dispose()


async def downgrade(db: Database, revision: str, *, secret_key: str = "") -> None:
    """Back to ``revision`` in one transaction (tests of the migrations themselves)."""
    async with db.engine.begin() as conn:
        await conn.run_sync(_downgrade_on, revision, secret_key)


def _current_on(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


async def current(db: Database) -> str | None:
    async with db.engine.connect() as conn:
        return await conn.run_sync(_current_on)
