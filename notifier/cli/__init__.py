"""The ``todoke`` command. Each sub-command lives in its own module with ``register(subparsers)``.

Bad input exits 2 with one line naming what is wrong; nothing is half-written.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from notifier.config import ConfigError

# Modules that add sub-commands, in the order ``todoke --help`` lists them.
COMMANDS: tuple[str, ...] = (
    "notifier.cli.serve",
    "notifier.cli.db",
    "notifier.cli.demo",
    "notifier.cli.render",
    "notifier.cli.subscribers",
    "notifier.cli.send",
    "notifier.cli.worker",
    "notifier.cli.scheduler",
    "notifier.cli.users",
    "notifier.cli.apikeys",
    "notifier.cli.keys",
    "notifier.cli.ingest",
)


class CliError(Exception):
    """A user error: printed as one line, exit status 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(2)


def build_parser() -> Parser:
    parser = Parser(prog="todoke", description="Todoke (届け): citizen notifications for Japanese cities.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=Parser)
    for name in COMMANDS:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (CliError, ConfigError) as exc:
        sys.stderr.write(f"todoke: error: {exc}\n")
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`todoke subscribers export | head`): stop quietly, as Unix tools do,
        # and keep the interpreter from failing again on flushing stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, what a shell reports for a tool killed by it
