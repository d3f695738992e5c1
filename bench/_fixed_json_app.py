"""The same-run baseline of ``bench/api_load.py``: aiohttp answering one fixed JSON body, nothing else.

    python bench/_fixed_json_app.py PORT BODY_FILE

No middleware, no database, no token check: ``GET /api/v1/subscriptions/me`` returns the bytes of
``BODY_FILE`` (a real subscription document, so the same bytes go over the wire). Run as its own
process like ``todoke serve``, so the subscription read can be quoted as a fraction of what aiohttp
itself does on this machine at that moment. (Its name starts with ``_``: ``run_all.py`` skips it.)
"""

from __future__ import annotations

import sys
from pathlib import Path

from aiohttp import web


def make_app(body: bytes) -> web.Application:
    async def fixed(request: web.Request) -> web.Response:
        return web.Response(body=body, content_type="application/json")

    async def healthz(request: web.Request) -> web.Response:
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_get("/api/v1/subscriptions/me", fixed)
    app.router.add_get("/healthz", healthz)
    return app


def main() -> None:
    port, body_file = int(sys.argv[1]), Path(sys.argv[2])
    web.run_app(make_app(body_file.read_bytes()), host="127.0.0.1", port=port, print=None, access_log=None)


if __name__ == "__main__":
    main()
