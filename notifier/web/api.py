"""Declaring an API route also documents it: ``Api`` feeds both the router and OpenAPI 3.1.

    api = Api()

    @api.post("/subscribers", summary="Subscribe", body=SUBSCRIBE_SCHEMA, responses={201: SUBSCRIBER})
    async def subscribe(request, body): ...

A handler declared with ``body=`` receives the parsed JSON, already validated against the
schema; a violation is a 422 problem naming each field.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from jsonschema import Draft202012Validator

from notifier.web.problems import invalid_many, read_json

API_BASE = "/api/v1"

BodyHandler = Callable[..., Awaitable[web.StreamResponse]]

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}


@dataclass
class Operation:
    method: str
    path: str  # relative to API_BASE, aiohttp syntax: /notices/{id}
    summary: str
    handler: BodyHandler
    body: dict[str, Any] | None = None
    responses: dict[int, dict[str, Any] | None] = field(default_factory=dict)
    params: dict[str, dict[str, Any]] = field(default_factory=dict)  # query parameters
    security: list[str] = field(default_factory=list)  # "session", "api_key"
    tags: list[str] = field(default_factory=list)
    public: bool = True  # exercised by the schemathesis run without credentials


OPERATIONS: web.AppKey[list[Operation]] = web.AppKey("api_operations", list)


class Api:
    """A group of documented API routes; ``setup(app)`` adds them to the router."""

    def __init__(self, tag: str = "") -> None:
        self.tag = tag
        self.operations: list[Operation] = []

    def route(self, method: str, path: str, *, summary: str, body: dict[str, Any] | None = None,
              responses: dict[int, dict[str, Any] | None] | None = None,
              params: dict[str, dict[str, Any]] | None = None,
              security: list[str] | None = None, public: bool = True,
              ) -> Callable[[BodyHandler], BodyHandler]:
        def decorate(handler: BodyHandler) -> BodyHandler:
            wrapped = _with_body(handler, body) if body is not None else handler
            self.operations.append(Operation(
                method.upper(), path, summary, wrapped, body, responses or {200: None}, params or {},
                security or [], [self.tag] if self.tag else [], public,
            ))
            return handler
        return decorate

    def get(self, path: str, **kw: Any) -> Callable[[BodyHandler], BodyHandler]:
        return self.route("GET", path, **kw)

    def post(self, path: str, **kw: Any) -> Callable[[BodyHandler], BodyHandler]:
        return self.route("POST", path, **kw)

    def put(self, path: str, **kw: Any) -> Callable[[BodyHandler], BodyHandler]:
        return self.route("PUT", path, **kw)

    def patch(self, path: str, **kw: Any) -> Callable[[BodyHandler], BodyHandler]:
        return self.route("PATCH", path, **kw)

    def delete(self, path: str, **kw: Any) -> Callable[[BodyHandler], BodyHandler]:
        return self.route("DELETE", path, **kw)

    def setup(self, app: web.Application) -> None:
        registry = app.setdefault(OPERATIONS, [])
        for op in self.operations:
            app.router.add_route(op.method, API_BASE + op.path, op.handler)
            registry.append(op)


def _with_body(handler: BodyHandler, schema: dict[str, Any]) -> BodyHandler:
    validator = Draft202012Validator(schema)

    @functools.wraps(handler)
    async def wrapper(request: web.Request) -> web.StreamResponse:
        data = await read_json(request)
        errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
        if errors:
            raise invalid_many([_describe(e) for e in errors[:20]])
        return await handler(request, data)

    return wrapper


def _describe(error: Any) -> dict[str, str]:
    path = ".".join(str(p) for p in error.absolute_path)
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return {"field": f"{path}.{missing}" if path else missing, "message": "is required"}
    if error.validator == "additionalProperties":
        return {"field": path or "(body)", "message": error.message}
    return {"field": path or "(body)", "message": error.message}
