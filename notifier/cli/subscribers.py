"""``todoke subscribers import FILE.csv [--verified]`` and ``todoke subscribers export [--output FILE]``."""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from channels.registry import Channels
from notifier.cli import CliError
from notifier.cli.common import load_settings, operator, run_with_db
from notifier.config import Settings
from notifier.keyring import keys_of
from notifier.storage.db import Database
from subscribers.bulk import Counts
from subscribers.csvio import HEADER, CsvError, check_utf8, read_rows
from subscribers.importer import Importer, export_rows


def register(sub: Any) -> None:
    parser = sub.add_parser("subscribers", help="bulk import and export of subscribers (CSV)")
    actions = parser.add_subparsers(dest="subscribers_command", required=True, metavar="ACTION")
    imp = actions.add_parser("import", help=f"import a CSV file with the header {','.join(HEADER)}")
    imp.add_argument("file", help="UTF-8 CSV file (lists separated by |)")
    imp.add_argument("--verified", action="store_true",
                     help="mark contact points as verified (consent obtained elsewhere; audited with your name)")
    imp.set_defaults(func=_import)
    exp = actions.add_parser("export", help="write active subscribers in the same CSV format")
    exp.add_argument("--output", "-o", help="file to write (default: standard output)")
    exp.set_defaults(func=_export)


class Progress:
    """A bar on stderr when it is a terminal; otherwise a line every 50,000 rows (logs stay readable)."""

    def __init__(self, stream: IO[bytes], total: int, out: IO[str] | None = None) -> None:
        self.stream, self.total, self.out = stream, total, out or sys.stderr
        self.tty = self.out.isatty()
        self.started = time.monotonic()
        self.next_line = 50_000

    def __call__(self, counts: Counts) -> None:
        done = counts.imported + counts.updated + counts.skipped + counts.bad
        rate = done / max(time.monotonic() - self.started, 1e-6)
        if self.tty:
            fraction = min(self.stream.tell() / self.total, 1.0) if self.total else 0.0
            bar = "#" * int(fraction * 30)
            self.out.write(f"\r[{bar:<30}] {fraction:4.0%} {done:,} rows {rate:,.0f}/s")
            self.out.flush()
        elif done >= self.next_line:
            self.out.write(f"… {done:,} rows ({rate:,.0f}/s)\n")
            self.next_line += 50_000

    def finish(self) -> None:
        if self.tty:
            self.out.write("\n")


def _report(line: int, reason: str) -> None:
    sys.stderr.write(f"line {line}: {reason}\n")


async def import_stream(db: Database, settings: Settings, stream: IO[bytes], *, verified: bool, source: str,
                        progress: Callable[[Counts], None] | None = None) -> Counts:
    """The import behind the command (also used by the benchmark): ``stream`` is already UTF-8 checked."""
    channels = Channels.from_settings(settings, db=db)
    await channels.open()
    try:
        importer = Importer(db, settings, operator=operator(), verified=verified, channels=channels,
                            report=_report, progress=progress, source=source)
        return await importer.run(read_rows(stream))
    finally:
        await channels.close()


def _import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise CliError(f"{args.file}: no such file")
    settings = load_settings()
    if keys_of(settings.secret_key)[1:]:
        # the import finds existing people by their keyed hash under the current key only
        raise CliError("a key rotation is under way (TODOKE_SECRET_KEY_PREVIOUS is set): run `todoke keys rotate` "
                       "and remove TODOKE_SECRET_KEY_PREVIOUS before importing")
    with path.open("rb") as stream:
        try:
            check_utf8(stream)
            bar = Progress(stream, path.stat().st_size)
            counts = run_with_db(settings, lambda db: import_stream(
                db, settings, stream, verified=args.verified, source=path.name, progress=bar))
        except CsvError as exc:
            raise CliError(f"{args.file}: {exc}") from None
        bar.finish()
    print(counts.line())
    return 0


def _export(args: argparse.Namespace) -> int:
    settings = load_settings()
    try:
        out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout  # noqa: SIM115
    except OSError as exc:
        raise CliError(f"{args.output}: {exc.strerror}") from None

    async def work(db: Database) -> int:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(HEADER)
        count = 0
        async for row in export_rows(db, settings.secret_key):
            writer.writerow(row)
            count += 1
        return count

    try:
        count = run_with_db(settings, work)
    finally:
        if args.output:
            out.close()
    sys.stderr.write(f"exported {count} subscribers\n")
    return 0
