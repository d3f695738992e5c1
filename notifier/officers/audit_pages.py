"""The audit log for admins: a filtered list, a CSV export, and the same as JSON on the API."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from notifier.officers import auditlog
from notifier.officers.accounts import AccountError
from notifier.officers.auth import require_role, require_scope
from notifier.web import keys
from notifier.web.api import Api
from notifier.web.labels import labeller
from notifier.web.problems import invalid
from notifier.web.templating import render, request_language

routes = web.RouteTableDef()
api = Api("administration")

ENTRY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"}, "at": {"type": "string", "format": "date-time"}, "actor": {"type": "string"},
        "action": {"type": "string"}, "target": {"type": ["string", "null"]}, "details": {"type": "object"},
        "flagged": {"type": "boolean"},
    },
}
FILTER_PARAMS: dict[str, dict[str, Any]] = {
    "actor": {"type": "string", "description": "actor prefix, e.g. user:"},
    "action": {"type": "string", "description": "action prefix, e.g. user."},
    "from": {"type": "string", "format": "date"},
    "to": {"type": "string", "format": "date"},
}


def setup(app: web.Application) -> None:
    app.router.add_routes(routes)
    api.setup(app)


@routes.get("/console/audit")
@require_role("admin")
async def audit_page(request: web.Request) -> web.StreamResponse:
    tz = request.app[keys.SETTINGS].tz
    try:
        filters = auditlog.parse_filters(request.query)
    except AccountError as exc:
        return render(request, "console/audit.html", {"entries": [], "filters": request.query,
                                                      "errors": {exc.field: exc.message}, "page": auditlog.PAGE},
                      status=422)
    if request.query.get("format") == "csv":
        return await _csv(request, filters)
    async with request.app[keys.DB].connect() as conn:
        entries = await auditlog.search(conn, filters, tz)
    return render(request, "console/audit.html", {"entries": entries, "filters": request.query, "errors": {},
                                                  "page": auditlog.PAGE})


async def _csv(request: web.Request, filters: auditlog.Filters) -> web.StreamResponse:
    response = web.StreamResponse(headers={
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": 'attachment; filename="todoke-audit.csv"',
    })
    await response.prepare(request)
    await response.write("\ufeff".encode())  # so spreadsheet software reads UTF-8 Japanese correctly
    label = labeller(request_language(request))
    header = [label("audit_column", column) for column in auditlog.CSV_COLUMNS]
    async with request.app[keys.DB].connect() as conn:
        async for chunk in auditlog.csv_chunks(conn, filters, request.app[keys.SETTINGS].tz, header):
            await response.write(chunk.encode())
    await response.write_eof()
    return response


@api.get("/audit", summary="Audit log entries, newest first (at most 200)", params=FILTER_PARAMS,
         security=["api_key", "session"], public=False,
         responses={200: {"type": "object", "properties": {"entries": {"type": "array", "items": ENTRY_SCHEMA}}},
                    401: None, 403: None, 422: None})
@require_scope("admin")
async def audit_api(request: web.Request) -> web.StreamResponse:
    try:
        filters = auditlog.parse_filters(request.query)
    except AccountError as exc:
        raise invalid(exc.field, exc.message) from None
    async with request.app[keys.DB].connect() as conn:
        entries = await auditlog.search(conn, filters, request.app[keys.SETTINGS].tz)
    return web.json_response({"entries": entries})
