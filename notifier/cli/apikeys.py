"""``todoke apikeys``: create, list and revoke API keys for other systems."""

from __future__ import annotations

import argparse
from typing import Any

from notifier.cli import CliError
from notifier.cli.common import load_settings, operator, run_with_db
from notifier.officers import accounts, apikeys
from notifier.officers.principal import SCOPES
from notifier.storage.db import Database


def register(sub: Any) -> None:
    cmd = sub.add_parser("apikeys", help="API keys for other systems")
    cmd_sub = cmd.add_subparsers(dest="apikeys_command", required=True, metavar="ACTION")
    create = cmd_sub.add_parser("create", help="create a key and print it (once)")
    create.add_argument("name")
    create.add_argument("--scope", action="append", required=True, choices=SCOPES, dest="scopes",
                        help="a scope; repeat for several")
    create.add_argument("--user", default=None, help="the officer the key acts for (never beyond their roles)")
    create.set_defaults(func=_create)
    revoke = cmd_sub.add_parser("revoke", help="revoke a key by its prefix")
    revoke.add_argument("prefix")
    revoke.set_defaults(func=_revoke)
    listing = cmd_sub.add_parser("list", help="list keys (prefixes, never the secrets)")
    listing.set_defaults(func=_list)


def _run(work: Any) -> Any:
    try:
        return run_with_db(load_settings(), work)
    except accounts.AccountError as exc:
        raise CliError(f"{exc.field}: {exc.described}") from None


def _create(args: argparse.Namespace) -> int:
    async def work(db: Database) -> tuple[apikeys.ApiKey, str]:
        return await accounts.create_api_key(db, operator(), name=args.name, scopes=args.scopes, username=args.user)

    key, plaintext = _run(work)
    print(f"created API key {key.name!r} (prefix {key.prefix}) with scopes {', '.join(key.scopes)}")
    print(f"key (shown once): {plaintext}")
    return 0


def _revoke(args: argparse.Namespace) -> int:
    async def work(db: Database) -> apikeys.ApiKey:
        return await accounts.revoke_api_key(db, operator(), args.prefix)

    key = _run(work)
    print(f"revoked API key {key.name!r} (prefix {key.prefix})")
    return 0


def _list(args: argparse.Namespace) -> int:
    async def work(db: Database) -> list[apikeys.ApiKey]:
        async with db.connect() as conn:
            return await apikeys.list_all(conn)

    for key in _run(work):
        state = "revoked" if key.revoked else "active"
        print(f"{key.prefix}\t{key.name}\t{','.join(key.scopes)}\t{key.username or '-'}\t{state}")
    return 0
