"""Helpers shared by sub-commands: settings, running a coroutine with a database."""

from __future__ import annotations

import asyncio
import getpass
from collections.abc import Awaitable, Callable
from typing import TypeVar

from notifier import logs
from notifier.config import Settings
from notifier.secrets import resolve_secret_key
from notifier.storage.db import Database

T = TypeVar("T")


def load_settings() -> Settings:
    settings = resolve_secret_key(Settings.load())
    logs.configure(settings.log_level)
    return settings


def run_with_db(settings: Settings, work: Callable[[Database], Awaitable[T]]) -> T:
    async def go() -> T:
        db = Database(settings.database_url)
        try:
            return await work(db)
        finally:
            await db.dispose()
    return asyncio.run(go())


def operator() -> str:
    """Who runs the CLI, for the audit log."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli:unknown"
