"""``todoke db upgrade``: create or migrate the schema and the reference data."""

from __future__ import annotations

import argparse
from typing import Any

from notifier.cli.common import load_settings, run_with_db
from notifier.storage import migrate


def register(sub: Any) -> None:
    db = sub.add_parser("db", help="database schema")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    up = db_sub.add_parser("upgrade", help="apply migrations (schema, default topics and areas)")
    up.add_argument("--revision", default="head", help="target revision (default: head)")
    up.set_defaults(func=_upgrade)


def _upgrade(args: argparse.Namespace) -> int:
    settings = load_settings()

    async def work(db: Any) -> str | None:
        await migrate.upgrade(db, args.revision, secret_key=settings.secret_key)
        return await migrate.current(db)

    revision = run_with_db(settings, work)
    print(f"database at revision {revision}")
    return 0
