"""An aiosmtpd sink in its own process, optionally recording the Message-ID of every message.

    .venv/bin/python bench/smtp_sink.py --port 2525 --record /tmp/ids.txt

Prints ``ready`` once it listens. The crash test and ``bench/fanout.py`` run it as the far end of
the real SMTP channel; with ``--record`` each accepted message appends its Message-ID's local part
(the delivery's idempotency key) to the file, one per line, flushed at once so a reader in another
process sees every message the sink answered 250 to.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from typing import IO, Any

MESSAGE_ID = re.compile(rb"^Message-ID:\s*<([^@>]+)", re.IGNORECASE | re.MULTILINE)


class Recorder:
    """aiosmtpd handler: 250 to everything; the Message-ID goes to ``out`` when there is one."""

    def __init__(self, out: IO[str] | None) -> None:
        self.out = out

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.out is not None:
            found = MESSAGE_ID.search(envelope.original_content or envelope.content or b"")
            self.out.write((found.group(1).decode("ascii", "replace") if found else "-") + "\n")
            self.out.flush()
        return "250 OK"


def serve(port: int, record: str | None = None) -> None:
    from aiosmtpd.controller import Controller

    out = open(record, "a", encoding="ascii") if record else None  # noqa: SIM115 - open for the process's life
    controller = Controller(Recorder(out), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--record", help="append each message's Message-ID local part to this file")
    args = parser.parse_args(argv)
    try:
        serve(args.port, args.record)
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
