"""Operations endpoints: liveness, readiness (database reachable) and Prometheus metrics."""

from __future__ import annotations

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from notifier.web import keys

routes = web.RouteTableDef()


@routes.get("/healthz")
async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


@routes.get("/readyz")
async def readyz(request: web.Request) -> web.Response:
    if await request.app[keys.DB].ping():
        return web.json_response({"status": "ready", "database": "ok"})
    return web.json_response({"status": "not ready", "database": "unreachable"}, status=503)


@routes.get("/metrics")
async def metrics(request: web.Request) -> web.Response:
    body = request.app[keys.METRICS].render()
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})
