"""``todoke worker``: delivery workers alone (scale-out); SIGTERM finishes the batch in flight and exits."""

from __future__ import annotations

import argparse
import asyncio
import signal
from datetime import timedelta
from typing import Any

from notifier.cli import CliError
from notifier.cli.common import load_settings
from notifier.config import Settings


def register(sub: Any) -> None:
    worker = sub.add_parser("worker", help="delivery workers only (run any number, on any machine)")
    worker.add_argument("--concurrency", type=int, default=1,
                        help="workers in this process (default: 1; more only helps on PostgreSQL)")
    worker.add_argument("--batch-size", type=int, default=None,
                        help="deliveries claimed at a time (default: TODOKE_BATCH_SIZE; smaller lets emergencies "
                             "in sooner)")
    worker.add_argument("--lease", type=int, default=300,
                        help="seconds a claimed batch stays reserved; a worker that dies is recovered after it "
                             "(default: 300)")
    worker.set_defaults(func=_worker)


def check_positive(value: int, option: str, *, upper: int) -> None:
    if not 1 <= value <= upper:
        raise CliError(f"{option} must be between 1 and {upper}, got {value}")


def _worker(args: argparse.Namespace) -> int:
    check_positive(args.concurrency, "--concurrency", upper=64)
    check_positive(args.lease, "--lease", upper=86_400)
    settings = load_settings()
    args.batch_size = settings.batch_size if args.batch_size is None else args.batch_size
    check_positive(args.batch_size, "--batch-size", upper=10_000)
    asyncio.run(run_delivery(settings, workers=args.concurrency, scheduler=False, batch_size=args.batch_size,
                             lease=args.lease))
    return 0


async def run_delivery(settings: Settings, *, workers: int, scheduler: bool, batch_size: int | None = None,
                       lease: int = 300) -> None:
    """Run workers and/or the scheduler until SIGTERM or SIGINT."""
    from channels.registry import Channels
    from notifier.dispatch.service import Delivery, gateways_for
    from notifier.metrics import Metrics
    from notifier.storage.db import Database

    db = Database(settings.database_url)
    channels = Channels.from_settings(settings, db=db)
    await channels.open()
    delivery = Delivery(db, settings, gateways_for(db, channels), Metrics(), workers=workers,
                        scheduler=scheduler, batch_size=batch_size, lease=timedelta(seconds=lease))
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, delivery.stop_event.set)
    try:
        delivery.start()
        await delivery.wait()
        await delivery.stop()
    finally:
        await channels.close()
        await db.dispose()
