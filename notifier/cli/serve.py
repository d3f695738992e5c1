"""``todoke serve``: the web app, delivery workers and scheduler in one process."""

from __future__ import annotations

import argparse
from typing import Any

from aiohttp import web

from notifier.cli.common import load_settings
from notifier.config import settings_help


def register(sub: Any) -> None:
    serve = sub.add_parser(
        "serve", help="web app, delivery workers and scheduler in one process",
        epilog=settings_help(), formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8080, help="port to listen on (default: 8080)")
    serve.set_defaults(func=_serve)


def _serve(args: argparse.Namespace) -> int:
    from notifier.app import create_app
    from notifier.dispatch.service import enable, worker_count

    settings = load_settings()
    app = create_app(settings)
    enable(app, workers=worker_count(settings))  # workers + scheduler in this process
    print(f"Todoke is serving on http://{args.host}:{args.port}/", flush=True)
    web.run_app(app, host=args.host, port=args.port, print=None, access_log=None)
    return 0
