"""Email throughput beside its two baselines, measured in the same run against the same aiosmtpd sink.

    .venv/bin/python bench/email_baselines.py [--messages 5000] [--apprise-messages 500] [--quick]

* the ceiling: bare aiosmtplib over N persistent connections (``bench/smtp_ceiling.bare``);
* Todoke's ``SmtpChannel`` with a pool of N, in batches as the dispatcher sends
  (``bench/smtp_ceiling.channel``);
* Apprise, the alternative a city might reach for first: ``mailto://`` to the same sink, one
  message per ``notify`` call, one ``Apprise`` object per recipient (each recipient is a
  different URL; reusing one object would also add Apprise's 5.5 s per-service throttle).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import sys
import time
from pathlib import Path

import apprise

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.figures import figure
from bench.smtp_ceiling import SENDER, _free_port, _serve, bare, channel

TEXT = "さいたま市からのお知らせです。" * 10


def with_apprise(port: int, messages: int) -> float:
    """messages/s through Apprise's email plugin, one call per message."""
    started = time.perf_counter()
    for i in range(messages):
        notifier = apprise.Apprise()
        notifier.add(f"mailto://127.0.0.1:{port}?mode=insecure&user=todoke&from={SENDER}&to=user{i}@example.jp")
        if not notifier.notify(body=TEXT, title="お知らせ"):
            raise SystemExit(f"Apprise failed to send message {i}")
    return messages / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--apprise-messages", type=int, default=500, help="Apprise is sequential: fewer")
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--quick", action="store_true", help="500 messages, 50 through Apprise")
    args = parser.parse_args()
    if args.quick:
        args.messages, args.apprise_messages = 500, 50
    port = _free_port()
    context = multiprocessing.get_context("spawn")
    ready = context.Event()
    sink = context.Process(target=_serve, args=(port, ready), daemon=True)
    sink.start()
    try:
        if not ready.wait(30):
            raise SystemExit("the aiosmtpd sink did not start")
        ceiling = asyncio.run(bare(port, args.messages, args.connections))
        todoke = asyncio.run(channel(port, args.messages, args.connections, 500))
        others = with_apprise(port, args.apprise_messages)
    finally:
        sink.terminate()
        sink.join(5)
    command = " ".join(["bench/email_baselines.py", *sys.argv[1:]])
    print(f"bare aiosmtplib, {args.connections} connections: {ceiling:8.0f} messages/s (ceiling)")
    print(f"Todoke SmtpChannel, pool of {args.connections}:   {todoke:8.0f} messages/s "
          f"({todoke / ceiling:.2f} of the ceiling, {todoke / others:.0f}× Apprise)")
    print(f"Apprise mailto://, one per call:   {others:8.1f} messages/s ({others / ceiling:.3f} of the ceiling)")
    figure("email: Todoke SMTP channel vs bare aiosmtplib", todoke, "messages/s", baseline=ceiling,
           baseline_name="bare aiosmtplib", command=command)
    figure("email: Todoke SMTP channel vs Apprise", todoke, "messages/s", baseline=others,
           baseline_name="Apprise mailto://", command=command)
    figure("email: Apprise mailto:// vs bare aiosmtplib", others, "messages/s", baseline=ceiling,
           baseline_name="bare aiosmtplib", command=command)


if __name__ == "__main__":
    main()
