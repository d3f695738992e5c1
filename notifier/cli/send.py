"""``todoke send NOTICE.json [--wait]``: create, approve (as the CLI operator) and send a notice.

With ``--wait``, this process also delivers (alongside any running workers) until nothing of the
notice is pending, then prints a JSON summary of counts by channel and status.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from notifier import audit
from notifier.cli import CliError
from notifier.cli.common import load_settings, operator, run_with_db
from notifier.config import Settings
from notifier.notices import store
from notifier.notices.model import NoticeError, NoticeInput, parse_notice
from notifier.storage import schema
from notifier.storage.db import Database, utcnow


def register(sub: Any) -> None:
    send = sub.add_parser("send", help="create, approve and send a notice from a JSON file")
    send.add_argument("notice", metavar="NOTICE.json", help="notice JSON (see DESIGN.md); - reads standard input")
    send.add_argument("--wait", action="store_true",
                      help="deliver until nothing is pending, then print a JSON summary by channel and status")
    send.add_argument("--timeout", type=float, default=None,
                      help="with --wait: give up waiting after this many seconds (exit 1)")
    send.set_defaults(func=_send)


def read_notice(path: str) -> NoticeInput:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"cannot read {path}: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CliError(f"{path} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    try:
        return parse_notice(data)
    except NoticeError as exc:
        raise CliError(f"{path}: {exc}") from None


def _send(args: argparse.Namespace) -> int:
    if args.timeout is not None and args.timeout <= 0:
        raise CliError("--timeout must be a positive number of seconds")
    notice = read_notice(args.notice)
    settings = load_settings()
    out = run_with_db(settings, lambda db: send(db, settings, notice, wait=args.wait, wait_seconds=args.timeout))
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 1 if out.get("timed_out") else 0


async def create_approved(db: Database, notice: NoticeInput, actor: str) -> dict[str, Any]:
    """One transaction: the notice, approved by ``actor``, with its audit entries."""
    scheduled = notice.send_at is not None and notice.send_at > utcnow()
    async with db.begin() as conn:
        row = await store.create(conn, notice, source="cli", created_by=actor,
                                 status="scheduled" if scheduled else "approved")
        await conn.execute(schema.notices.update().where(schema.notices.c.id == row["id"]).values(approved_by=actor))
        await audit.record(conn, actor, "notice.created", row["public_id"], {"source": "cli"})
        await audit.record(conn, actor, "notice.approved", row["public_id"], {"urgency": notice.urgency})
    return row


async def send(db: Database, settings: Settings, notice: NoticeInput, *, wait: bool,
               wait_seconds: float | None) -> dict[str, Any]:
    from notifier.dispatch import outbox
    from notifier.dispatch.service import send_notice

    actor = operator()
    row = await create_approved(db, notice, actor)
    if row["status"] == "scheduled":
        return {"notice": row["public_id"], "status": "scheduled", "send_at": row["send_at"].isoformat()}
    fanout = await send_notice(db, row["id"], settings, actor=actor)
    out: dict[str, Any] = {"notice": row["public_id"], "status": "sent", "deliveries_created": fanout.inserted}
    if wait:
        try:
            await asyncio.wait_for(_deliver(db, settings, row["id"]), wait_seconds)
        except TimeoutError:
            out["timed_out"] = True
        async with db.connect() as conn:
            out["summary"] = await outbox.summary(conn, row["id"])
            out["pending"] = await outbox.open_count(conn, row["id"])
    return out


async def _deliver(db: Database, settings: Settings, notice_id: int) -> None:
    from channels.registry import Channels
    from notifier.dispatch import outbox
    from notifier.dispatch.service import gateways_for
    from notifier.dispatch.worker import Worker

    channels = Channels.from_settings(settings, db=db)
    await channels.open()
    try:
        worker = Worker(db, gateways_for(db, channels), settings)

        async def done() -> bool:
            async with db.connect() as conn:
                return await outbox.open_count(conn, notice_id) == 0
        await worker.drain(done)
    finally:
        await channels.close()
