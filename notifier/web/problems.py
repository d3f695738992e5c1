"""RFC 9457 problem details, and the middleware that turns every API error into one."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from aiohttp import web

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
API_PREFIX = "/api/"
_BODY_METHODS = ("POST", "PUT", "PATCH")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Problem(Exception):
    """An error answered as a problem document. ``errors`` name the offending fields."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str = "",
        *,
        errors: Iterable[dict[str, str]] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail or title)
        self.status = status
        self.title = title
        self.detail = detail
        self.errors = list(errors)
        self.headers = headers or {}

    def response(self) -> web.Response:
        body: dict[str, Any] = {"type": "about:blank", "title": self.title, "status": self.status}
        if self.detail:
            body["detail"] = self.detail
        if self.errors:
            body["errors"] = self.errors
        return web.Response(
            status=self.status,
            text=json.dumps(body, ensure_ascii=False),
            content_type=PROBLEM_JSON,
            headers=self.headers,
        )


def invalid(field: str, message: str) -> Problem:
    """A 422 naming one field."""
    return Problem(422, "Invalid input", f"{field}: {message}", errors=[{"field": field, "message": message}])


def invalid_many(errors: list[dict[str, str]]) -> Problem:
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return Problem(422, "Invalid input", detail, errors=errors)


def not_found(what: str) -> Problem:
    return Problem(404, "Not found", f"{what} not found")


def _is_api(request: web.Request) -> bool:
    return request.path.startswith(API_PREFIX) or request.path.startswith("/callbacks/")


@web.middleware
async def problem_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        if _is_api(request) and request.method in _BODY_METHODS:
            _check_content_type(request)
        return await handler(request)
    except Problem as problem:
        return problem.response()
    except web.HTTPException as exc:
        if not _is_api(request) or exc.status < 400:
            raise
        detail = "" if exc.text in (None, f"{exc.status}: {exc.reason}") else exc.text
        return Problem(exc.status, exc.reason, detail or "", headers=_passthrough_headers(exc)).response()
    except Exception:
        log.exception("unhandled error on %s %s", request.method, request.path)
        if not _is_api(request):
            raise
        return Problem(500, "Internal Server Error", "the error was logged").response()


def _passthrough_headers(exc: web.HTTPException) -> dict[str, str]:
    return {k: v for k, v in exc.headers.items() if k.lower() in ("allow", "retry-after", "location")}


def _check_content_type(request: web.Request) -> None:
    if request.content_length == 0 and not request.body_exists:
        return
    allowed = request.match_info.route.resource is not None and getattr(
        request.match_info.handler, "todoke_content_types", None
    )
    types = allowed or ("application/json",)
    if request.content_type not in types:
        raise Problem(
            415,
            "Unsupported Media Type",
            f"Content-Type must be {' or '.join(types)}, got {request.content_type or 'none'}",
        )


async def read_json(request: web.Request) -> Any:
    """The request body as JSON; 413 when too large, 400 when not JSON."""
    try:
        raw = await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise Problem(413, "Payload Too Large",
                      f"the body is larger than {request.app._client_max_size} bytes") from None
    if not raw:
        raise Problem(400, "Bad Request", "the request body is empty; send a JSON object")
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise Problem(400, "Bad Request", "the body is not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise Problem(400, "Bad Request", f"the body is not valid JSON: {exc.msg} at line {exc.lineno} "
                      f"column {exc.colno}") from None
