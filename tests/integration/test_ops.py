"""Operations endpoints, problem documents and the OpenAPI document."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from notifier.web.api import API_BASE, OPERATIONS


async def test_healthz_and_readyz(client: Any) -> None:
    assert (await client.get("/healthz")).status == 200
    resp = await client.get("/readyz")
    assert resp.status == 200
    assert (await resp.json())["database"] == "ok"


async def test_metrics_in_prometheus_text_format(client: Any) -> None:
    await client.get("/healthz")
    resp = await client.get("/metrics")
    assert resp.status == 200
    assert resp.headers["Content-Type"].startswith("text/plain")
    assert 'todoke_http_requests_total{method="GET",status="200"}' in await resp.text()


async def test_security_headers_on_every_response(client: Any) -> None:
    resp = await client.get("/healthz")
    csp = resp.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert resp.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in resp.headers  # plain HTTP: RFC 6797 forbids sending it


async def test_unknown_api_route_is_a_problem_document(client: Any) -> None:
    resp = await client.get("/api/v1/nothing-here")
    assert resp.status == 404
    assert resp.headers["Content-Type"].startswith("application/problem+json")
    assert (await resp.json())["status"] == 404


async def test_openapi_documents_every_api_route(client: Any) -> None:
    resp = await client.get("/api/v1/openapi.json")
    doc = await resp.json()
    assert doc["openapi"].startswith("3.1")
    app: web.Application = client.server.app
    documented = {(m.upper(), API_BASE + p) for p, ops in doc["paths"].items() for m in ops}
    routed = set()
    for route in app.router.routes():
        info = route.resource.get_info() if route.resource else {}
        path = info.get("path") or info.get("formatter") or ""
        if path.startswith(API_BASE) and route.method != "HEAD":
            routed.add((route.method, path))
    assert routed, "no API routes found"
    assert routed <= documented, f"undocumented routes: {sorted(routed - documented)}"
    assert len(app[OPERATIONS]) == len(documented)
