"""The OpenAPI 3.1 document, generated from the routes declared through ``notifier.web.api``."""

from __future__ import annotations

import re
from typing import Any

from aiohttp import web

import notifier
from notifier.web.api import API_BASE, OPERATIONS, PROBLEM_SCHEMA, Api, Operation

api = Api("operations")
_PATH_PARAM = re.compile(r"\{(\w+)(?::[^}]*)?\}")

_STATUS_TEXT = {200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 303: "See Other",
                400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
                409: "Conflict", 413: "Payload Too Large", 415: "Unsupported Media Type",
                422: "Invalid input", 429: "Too Many Requests"}


def build_document(operations: list[Operation]) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for op in operations:
        path = _PATH_PARAM.sub(r"{\1}", op.path)
        paths.setdefault(path, {})[op.method.lower()] = _operation(op, path)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Todoke API", "version": notifier.__version__,
                 "description": "Subscriptions, notices, previews and deliveries of Todoke (届け)."},
        "servers": [{"url": API_BASE}],
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": {"Problem": PROBLEM_SCHEMA},
            "securitySchemes": {
                "api_key": {"type": "http", "scheme": "bearer", "description": "an API key with scopes"},
                "session": {"type": "apiKey", "in": "cookie", "name": "todoke_session"},
            },
        },
    }


def _operation(op: Operation, path: str) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "summary": op.summary,
        "operationId": op.handler.__name__,
        "responses": {str(code): _response(code, schema) for code, schema in op.responses.items()},
    }
    if op.tags:
        doc["tags"] = op.tags
    params = [{"name": n, "in": "path", "required": True, "schema": {"type": "string"}}
              for n in _PATH_PARAM.findall(path)]
    params += [{"name": n, "in": "query", "required": False, "schema": s} for n, s in op.params.items()]
    if params:
        doc["parameters"] = params
    if op.body is not None:
        doc["requestBody"] = {"required": True, "content": {"application/json": {"schema": op.body}}}
        doc["responses"].setdefault("400", _response(400, None))
        doc["responses"].setdefault("413", _response(413, None))
        doc["responses"].setdefault("415", _response(415, None))
        doc["responses"].setdefault("422", _response(422, None))
    if op.security:
        doc["security"] = [{name: []} for name in op.security]
    return doc


def _response(code: int, schema: dict[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {"description": _STATUS_TEXT.get(code, str(code))}
    if code >= 400:
        out["content"] = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    elif schema is not None:
        out["content"] = {"application/json": {"schema": schema}}
    return out


@api.get("/openapi.json", summary="This document", responses={200: {"type": "object"}})
async def openapi_document(request: web.Request) -> web.Response:
    return web.json_response(build_document(request.app[OPERATIONS]))
