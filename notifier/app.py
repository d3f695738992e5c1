"""The application factory: one aiohttp app holding settings, database, channels and metrics.

Feature modules plug in through ``FEATURES``: each names a module with ``setup(app)``.
Lifetimes (database, channel connections, workers, scheduler) live in ``cleanup_ctx``.
"""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import AsyncIterator, Callable

from aiohttp import web

from channels.registry import Channels
from notifier.config import Settings
from notifier.metrics import Metrics
from notifier.paths import TEMPLATES
from notifier.secrets import resolve_secret_key
from notifier.storage.db import Database
from notifier.web import keys, openapi, ops, proxies
from notifier.web.csrf import csrf_middleware
from notifier.web.problems import Handler, problem_middleware
from notifier.web.security import security_headers

log = logging.getLogger(__name__)

# Modules with a ``setup(app)``; each adds its routes and, if it needs them, its lifetimes.
FEATURES: tuple[str, ...] = (
    "subscribers.web",
    "notifier.dispatch.service",
    "notifier.officers.web",
    "notifier.ingest.web",
    "notifier.rendering.web",
    "notifier.console.web",
    "channels.web",
)


def create_app(
    settings: Settings, *, db: Database | None = None, features: tuple[str, ...] = FEATURES
) -> web.Application:
    """Build the web application. ``db`` may be passed in (tests); otherwise made from settings."""
    settings = resolve_secret_key(settings)
    networks = proxies.parse_networks(settings.trusted_proxies)
    # First, so that everything after it (throttles, sign-up limits, logs) sees the client's address.
    first = [proxies.middleware(networks)] if networks else []
    app = web.Application(
        client_max_size=settings.max_body_bytes,
        middlewares=[*first, problem_middleware, security_headers, _count_requests, csrf_middleware],
    )
    app[keys.SETTINGS] = settings
    app[keys.METRICS] = Metrics()
    app[keys.SERVICES] = {}
    app.cleanup_ctx.append(_database(db))
    app.cleanup_ctx.append(_channels)
    app.router.add_routes(ops.routes)
    app.router.add_static("/static", TEMPLATES / "static", name="static")
    openapi.api.setup(app)
    for name in features:
        importlib.import_module(name).setup(app)
    return app


def _database(given: Database | None) -> Callable[[web.Application], AsyncIterator[None]]:
    async def ctx(app: web.Application) -> AsyncIterator[None]:
        db = given or Database(app[keys.SETTINGS].database_url)
        app[keys.DB] = db
        yield
        if given is None:
            await db.dispose()
    return ctx


async def _channels(app: web.Application) -> AsyncIterator[None]:
    channels = Channels.from_settings(app[keys.SETTINGS], db=app[keys.DB])
    await channels.open()
    app[keys.CHANNELS] = channels
    yield
    await channels.close()


@web.middleware
async def _count_requests(request: web.Request, handler: Handler) -> web.StreamResponse:
    started = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as exc:
        status = exc.status
        raise
    finally:
        request.app[keys.METRICS].http_requests.labels(request.method, str(status)).inc()
        log.debug("%s %s %s %.1f ms", request.method, request.path, status, (time.perf_counter() - started) * 1000)
