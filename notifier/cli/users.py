"""``todoke users``: officer accounts from the command line (the first admin, above all)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from notifier.cli import CliError
from notifier.cli.common import load_settings, operator, run_with_db
from notifier.officers import accounts, passwords, users
from notifier.officers.principal import ROLES
from notifier.storage.db import Database


def register(sub: Any) -> None:
    cmd = sub.add_parser("users", help="officer accounts")
    cmd_sub = cmd.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    create = cmd_sub.add_parser("create", help="create an officer (prints a generated password unless given one)")
    create.add_argument("username")
    create.add_argument("--role", action="append", required=True, choices=ROLES, dest="roles",
                        help="a role; repeat for several")
    create.add_argument("--display-name", default="", help="the name shown in the console (default: USERNAME)")
    create.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    create.set_defaults(func=_create)
    listing = cmd_sub.add_parser("list", help="list officers and their roles")
    listing.set_defaults(func=_list)


def _read_password() -> str:
    line = sys.stdin.readline()
    if not line:
        raise CliError("--password-stdin: no password on standard input")
    return line.rstrip("\r\n")


def _create(args: argparse.Namespace) -> int:
    password = _read_password() if args.password_stdin else passwords.generate()
    settings = load_settings()

    async def work(db: Database) -> users.User:
        return await accounts.create_user(db, operator(), username=args.username, roles=args.roles,
                                          password=password, display_name=args.display_name)

    try:
        user = run_with_db(settings, work)
    except accounts.AccountError as exc:
        field = "--password-stdin" if exc.field == "password" else exc.field
        raise CliError(f"{field}: {exc.described}") from None
    print(f"created user {user.username!r} with roles {', '.join(user.roles)}")
    if not args.password_stdin:
        print(f"password (shown once): {password}")
    return 0


def _list(args: argparse.Namespace) -> int:
    settings = load_settings()

    async def work(db: Database) -> list[users.User]:
        async with db.connect() as conn:
            return await users.list_all(conn)

    for user in run_with_db(settings, work):
        state = "active" if user.active else "deactivated"
        print(f"{user.username}\t{','.join(user.roles)}\t{state}\t{user.display_name}")
    return 0
