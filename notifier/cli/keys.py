"""``todoke keys rotate``: re-seal stored contact details with the current secret key."""

from __future__ import annotations

import argparse
from typing import Any

from notifier import audit
from notifier.cli import CliError
from notifier.cli.common import load_settings, operator, run_with_db
from notifier.keyring import keys_of
from notifier.storage.db import Database
from subscribers.rekey import BATCH, RekeyResult, rekey


def register(sub: Any) -> None:
    keys = sub.add_parser("keys", help="the secret key")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True, metavar="ACTION")
    rotate = keys_sub.add_parser(
        "rotate", help="re-seal every stored contact detail with TODOKE_SECRET_KEY",
        description="Step 2 of a key rotation: with the new key in TODOKE_SECRET_KEY and the old one in "
                    "TODOKE_SECRET_KEY_PREVIOUS, re-encrypt and re-hash every contact point sealed with the "
                    "old key. Safe to stop and run again. Afterwards, remove TODOKE_SECRET_KEY_PREVIOUS.")
    rotate.add_argument("--batch-size", type=int, default=BATCH, help=f"rows per transaction (default {BATCH})")
    rotate.set_defaults(func=_rotate)


def _rotate(args: argparse.Namespace) -> int:
    if args.batch_size < 1:
        raise CliError("--batch-size must be at least 1")
    settings = load_settings()
    retired = len(keys_of(settings.secret_key)) - 1

    async def work(db: Database) -> RekeyResult:
        result = await rekey(db, settings.secret_key, batch_size=args.batch_size)
        async with db.begin() as conn:
            await audit.record(conn, operator(), "keys.rotated", None, {
                "resealed": result.resealed, "current": result.current, "retired_keys": retired,
                "unreadable": len(result.unreadable), "conflicts": len(result.conflicts)})
        return result

    result = run_with_db(settings, work)
    print(f"contact points re-sealed with the current key: {result.resealed}; already current: {result.current}")
    if result.unreadable:
        shown = ", ".join(map(str, result.unreadable[:20]))
        raise CliError(f"{len(result.unreadable)} contact points open with no accepted key (ids {shown}): "
                       "add the key they were sealed with to TODOKE_SECRET_KEY_PREVIOUS and run again")
    if result.conflicts:
        shown = ", ".join(map(str, result.conflicts[:20]))
        raise CliError(f"{len(result.conflicts)} contact points have an address another contact point already has "
                       f"(ids {shown}); the rest were re-sealed")
    print("done: TODOKE_SECRET_KEY_PREVIOUS can now be removed" if retired else
          "TODOKE_SECRET_KEY_PREVIOUS is empty: every contact point already uses the current key")
    return 0



