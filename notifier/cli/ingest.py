"""``todoke ingest FILE`` (CAP, L-Alert or JMA XML → the notice as JSON) and ``todoke ingest --poll URL…``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from notifier.cli import CliError
from notifier.cli.common import load_settings, operator, run_with_db
from notifier.ingest.base import IngestError, IngestSkip
from notifier.ingest.xml import MAX_MESSAGE_BYTES


def register(sub: Any) -> None:
    parser = sub.add_parser("ingest", help="ingest a CAP, L-Alert or JMA XML file, or poll JMA Atom feeds",
                            description="Print the resulting notice as JSON, or exit 2 with why the message "
                                        "was rejected or skipped.")
    parser.add_argument("file", nargs="?", help="the XML message (- for standard input)")
    parser.add_argument("--poll", nargs="+", metavar="URL", help="poll these Atom feeds once and ingest new entries")
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    if bool(args.file) == bool(args.poll):
        raise CliError("give either FILE or --poll URL…")
    settings = load_settings()
    if args.poll:
        return _poll(args.poll, settings)
    data = _read(args.file)

    async def work(db: Any) -> Any:
        from notifier.ingest.service import ingest

        return await ingest(db, data, actor=operator(), settings=settings)

    try:
        outcome = run_with_db(settings, work)
    except IngestError as exc:
        raise CliError(f"rejected: {exc}") from None
    except IngestSkip as skip:
        raise CliError(f"skipped: {skip.reason}") from None
    from notifier.ingest.web import notice_json

    print(json.dumps(notice_json(outcome.notice), ensure_ascii=False, indent=2, default=str))
    return 0


def _read(name: str) -> bytes:
    if name == "-":
        data = sys.stdin.buffer.read(MAX_MESSAGE_BYTES + 1)
    else:
        path = Path(name)
        try:
            if path.stat().st_size > MAX_MESSAGE_BYTES:
                raise CliError(f"{name}: larger than {MAX_MESSAGE_BYTES} bytes")
            data = path.read_bytes()
        except OSError as exc:
            raise CliError(f"{name}: {exc.strerror}") from None
    return data


def _poll(urls: list[str], settings: Any) -> int:
    from notifier.ingest.poller import Poller

    for url in urls:
        if not url.startswith(("http://", "https://")):
            raise CliError(f"--poll: not an http(s) URL: {url!r}")

    async def work(db: Any) -> Any:
        return await Poller(db, urls=urls, settings=settings).poll()

    try:
        results = run_with_db(settings, work)
    except Exception as exc:  # noqa: BLE001 - network and HTTP errors: one line, exit 2
        raise CliError(f"poll failed: {exc}") from None
    print(json.dumps([r.__dict__ for r in results], ensure_ascii=False, indent=2))
    return 0
