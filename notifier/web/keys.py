"""Typed keys for what the application holds (aiohttp ``AppKey``)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from notifier.config import Settings
from notifier.officers.principal import Principal
from notifier.storage.db import Database

SETTINGS: web.AppKey[Settings] = web.AppKey("settings", Settings)
DB: web.AppKey[Database] = web.AppKey("db", Database)
# Filled by the parts that own them; typed loosely here to keep this module free of imports.
CHANNELS: web.AppKey[Any] = web.AppKey("channels", object)
TEMPLATES: web.AppKey[Any] = web.AppKey("templates", object)
METRICS: web.AppKey[Any] = web.AppKey("metrics", object)
SERVICES: web.AppKey[dict[str, Any]] = web.AppKey("services", dict)

# Per-request storage.
TEMPLATE_CONTEXT: web.RequestKey[dict[str, Any]] = web.RequestKey("template_context", dict)
CSRF_NEW_COOKIE: web.RequestKey[str] = web.RequestKey("csrf_new_cookie", str)
# The authenticated caller (officer session or API key), None when anonymous: see notifier.officers.auth.
USER: web.RequestKey[Principal | None] = web.RequestKey("user")
