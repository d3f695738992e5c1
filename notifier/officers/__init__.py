"""Officer accounts, sessions, API keys and access control.

Building blocks for every route (see :mod:`notifier.officers.auth` for the full guide)::

    from notifier.officers.auth import current_user, require_role, require_scope

    @routes.get("/console/notices/new")
    @require_role("author", "emergency")          # HTML: login redirect / 403 page
    async def new_notice(request): ...

    @api.post("/notices", summary="Create a notice", body=SCHEMA, security=["session", "api_key"],
              responses={201: NOTICE, 401: None, 403: None})
    @require_scope("notices:write")                # API key scope, or an officer whose roles grant it
    async def create(request, body):
        actor = current_user(request).actor        # "user:<name>" or "apikey:<prefix>" for the audit log

Modules: ``principal`` (roles, scopes), ``passwords``, ``users``/``sessions``/``apikeys`` (SQL),
``accounts`` (validated changes + audit), ``login``, ``auth`` (middleware, decorators), ``web`` (pages).
"""

from __future__ import annotations

from notifier.officers.principal import ROLES, SCOPES, Principal

__all__ = ["N_", "ROLES", "SCOPES", "Principal"]


def N_(text: str) -> str:
    """Mark ``text`` for gettext extraction; it is translated where it is shown."""
    return text
