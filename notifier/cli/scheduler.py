"""``todoke scheduler``: the schedules alone (send_at, expiry, retry sweeps, lease reclaim).

Start one on every machine if you like: on PostgreSQL an advisory lock lets exactly one run
and the others stand by to take over.
"""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from notifier.cli.common import load_settings
from notifier.cli.worker import run_delivery


def register(sub: Any) -> None:
    scheduler = sub.add_parser("scheduler", help="the scheduler only (exactly one runs; others stand by)")
    scheduler.set_defaults(func=_scheduler)


def _scheduler(args: argparse.Namespace) -> int:
    settings = load_settings()
    asyncio.run(run_delivery(settings, workers=0, scheduler=True))
    return 0
