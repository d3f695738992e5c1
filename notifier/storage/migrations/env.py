"""Alembic environment: runs on a connection handed in by ``notifier.storage.migrate``."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from notifier.storage.db import create_engine
from notifier.storage.schema import metadata

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_with_own_engine(url: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            await conn.run_sync(_run)
            await conn.commit()
    finally:
        await engine.dispose()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    asyncio.run(_run_with_own_engine(config.get_main_option("sqlalchemy.url") or ""))
