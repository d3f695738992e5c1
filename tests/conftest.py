"""Shared fixtures. The ``db`` fixture is parametrised: every test that uses it runs on
SQLite and on PostgreSQL, each test on a fresh copy of a database migrated once per run."""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from notifier.config import Settings
from notifier.storage.db import Database, pg_admin
from notifier.storage.migrate import upgrade_url

BACKENDS = ("sqlite", "postgres")
PG_ADMIN_URL = os.environ.get("TODOKE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
RUN_ID = uuid.uuid4().hex[:8]
TEST_SECRET = "test-secret-key-0123456789abcdef"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A skipped test fails the run: a check that did not run is not a check that passed."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter is not None else []
    if skipped and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        if reporter is not None:
            reporter.write_line(f"FAILED: {len(skipped)} test(s) skipped; every test must run", red=True)


def _pg_url(database: str) -> str:
    return make_url(PG_ADMIN_URL).set(drivername="postgresql+asyncpg", database=database).render_as_string(
        hide_password=False)




@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    asyncio.run(upgrade_url(f"sqlite:///{path}"))
    return path


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    name = f"todoke_tmpl_{RUN_ID}"
    try:
        asyncio.run(pg_admin(PG_ADMIN_URL, f'CREATE DATABASE "{name}"'))
    except (OSError, asyncpg.PostgresError) as exc:  # a missing server fails the run, never skips it
        pytest.fail(f"PostgreSQL at {PG_ADMIN_URL} is not usable: {exc}. Run the suite with `make test`.")
    asyncio.run(upgrade_url(_pg_url(name)))
    yield name
    asyncio.run(pg_admin(PG_ADMIN_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated database for this test only."""
    if backend == "sqlite":
        path = tmp_path / "todoke.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite+aiosqlite:///{path}"
        return
    template = request.getfixturevalue("postgres_template")
    name = f"todoke_t_{RUN_ID}_{uuid.uuid4().hex[:8]}"
    asyncio.run(pg_admin(PG_ADMIN_URL, f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    yield _pg_url(name)
    asyncio.run(pg_admin(PG_ADMIN_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url)
    yield database
    await database.dispose()


@pytest.fixture
def make_settings(tmp_path: Path) -> Callable[..., Settings]:
    """Settings for tests; keyword arguments override the defaults."""
    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "database_url": f"sqlite:///{tmp_path / 'unused.db'}",
            "secret_key": TEST_SECRET,
            "base_url": "http://todoke.test",
            "audio_dir": str(tmp_path / "audio"),
        }
        values.update(overrides)
        return Settings(**values)
    return make


@pytest.fixture
def settings(make_settings: Callable[..., Settings], database_url: str) -> Settings:
    return make_settings(database_url=database_url)


@pytest.fixture
async def client(aiohttp_client: Any, settings: Settings, db: Database) -> Any:
    """An HTTP client for the whole app on this test's database."""
    from notifier.app import create_app

    return await aiohttp_client(create_app(settings, db=db))
