"""Who is asking, and may they? The middleware and the two decorators every route uses.

The middleware (installed by ``notifier.officers.web.setup``) loads the caller once per request
from the ``todoke_session`` cookie or an ``Authorization: Bearer tdk_…`` API key and stores a
:class:`~notifier.officers.principal.Principal` under ``request[keys.USER]`` (None: anonymous).
Read it with ``current_user(request)``; use ``.actor`` for the audit log.

HTML pages (officer console)::

    @routes.get("/console/notices")
    @require_role()                       # any signed-in officer
    async def notices(request): ...

    @routes.post("/console/notices/{id}/approve")
    @require_role("approver")             # any of the named roles
    async def approve(request): ...

- not signed in → 303 to ``/console/login?next=<this page>``;
- signed in without the role → the 403 page (``console/forbidden.html``).

API routes (under ``/api/``) — put the decorator *below* ``@api.…`` (it is enforced before the
body is read all the same)::

    @api.post("/notices", summary="…", body=SCHEMA, security=["session", "api_key"],
              responses={201: NOTICE, 401: None, 403: None}, public=False)
    @require_scope("notices:write")
    async def create_notice(request, body): ...

- no or bad credentials → 401 problem (``WWW-Authenticate: Bearer``); missing scope → 403 problem.
- An officer's session counts on the API with the scopes its roles grant (``principal.ROLE_SCOPES``);
  an API key has exactly its scopes (a key tied to a user: never more than that user's roles).
- ``require_role`` on an API route admits officers' sessions only (API keys have no roles).

Scopes: ``notices:read``, ``notices:write``, ``notices:approve``, ``ingest``, ``subscribers:read``,
``subscribers:write``, ``admin``. Roles: ``author``, ``approver``, ``emergency``, ``admin``.
Forms need no extra work here: the CSRF middleware guards every non-API POST. API calls are exempt
from it; a session cookie there is refused with a form-encodable body, and SameSite=Lax keeps it off
cross-site POSTs anyway.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast
from urllib.parse import quote

from aiohttp import web

from notifier.officers import apikeys, sessions, users
from notifier.officers.principal import ROLES, SCOPES, Principal, scopes_for_roles
from notifier.web import keys
from notifier.web.problems import API_PREFIX, Handler, Problem
from notifier.web.templating import render

H = TypeVar("H", bound=Callable[..., Awaitable[web.StreamResponse]])
LOGIN_PATH = "/console/login"
_ATTR = "todoke_access"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data", "text/plain")


@dataclass(frozen=True)
class Requirement:
    roles: tuple[str, ...] | None = None  # None: no role check
    scope: str | None = None


def current_user(request: web.Request) -> Principal | None:
    """The caller loaded by the middleware (None when anonymous)."""
    return request.get(keys.USER)


async def load_principal(request: web.Request) -> Principal | None:
    """Authenticate once per request; cached in ``request[keys.USER]``."""
    if keys.USER in request:
        return request[keys.USER]
    principal = await _from_bearer(request) or await _from_session(request)
    request[keys.USER] = principal
    return principal


async def _from_session(request: web.Request) -> Principal | None:
    token = request.cookies.get(sessions.COOKIE)
    if not token:
        return None
    async with request.app[keys.DB].connect() as conn:
        user = await sessions.load(conn, token)
    if user is None:
        return None
    return Principal("session", user.id, user.username, user.display_name, frozenset(user.roles),
                     scopes_for_roles(user.roles))


def _bearer(request: web.Request) -> str | None:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


async def _from_bearer(request: web.Request) -> Principal | None:
    plaintext = _bearer(request)
    # A Bearer that is not shaped like an API key (a citizen's manage token) needs no database round trip.
    if plaintext is None or not apikeys.KEY_PATTERN.fullmatch(plaintext):
        return None
    db = request.app[keys.DB]
    async with db.connect() as conn:
        key = await apikeys.find(conn, plaintext)
        owner = await users.get_by_id(conn, key.user_id) if key and key.user_id else None
    if key is None or (key.user_id is not None and (owner is None or not owner.active)):
        return None
    scopes = frozenset(key.scopes)
    if owner is not None:
        scopes &= scopes_for_roles(owner.roles)
    if apikeys.needs_touch(key):
        async with db.begin() as conn:
            await apikeys.touch(conn, key.id)
    return Principal("apikey", key.user_id, key.username, key.name, frozenset(), scopes, key.prefix)


def _is_api(request: web.Request) -> bool:
    return request.path.startswith(API_PREFIX)


async def _enforce(request: web.Request, need: Requirement) -> web.StreamResponse | None:
    """None when allowed; otherwise the answer to send (login redirect, 401/403)."""
    principal = await load_principal(request)
    if principal is None:
        return _unauthenticated(request)
    allowed = (need.roles is None or principal.has_role(*need.roles)) and (
        need.scope is None or principal.has_scope(need.scope))
    if allowed:
        return None
    if _is_api(request):
        what = f"the {need.scope!r} scope" if need.scope else "one of the roles " + ", ".join(need.roles or ())
        raise Problem(403, "Forbidden", f"this needs {what}")
    return render(request, "console/forbidden.html", {"needed_roles": need.roles or ()}, status=403)


def _unauthenticated(request: web.Request) -> web.StreamResponse:
    if _is_api(request):
        error = ', error="invalid_token"' if _bearer(request) else ""
        raise Problem(401, "Unauthorized", "sign in or send a valid API key (Authorization: Bearer tdk_…)",
                      headers={"WWW-Authenticate": f'Bearer realm="todoke"{error}'})
    target = request.path_qs if request.method == "GET" else request.path
    raise web.HTTPSeeOther(f"{LOGIN_PATH}?next={quote(target, safe='/')}")


def _guard(need: Requirement) -> Callable[[H], H]:
    def decorate(handler: H) -> H:
        @functools.wraps(handler)
        async def wrapper(request: web.Request, *args: Any, **kwargs: Any) -> web.StreamResponse:
            refused = await _enforce(request, need)
            return refused if refused is not None else await handler(request, *args, **kwargs)
        # Copied by functools.wraps onto outer wrappers (e.g. the API body validator), so the
        # middleware can enforce it before the body is read.
        setattr(wrapper, _ATTR, need)
        return cast(H, wrapper)
    return decorate


def require_role(*roles: str) -> Callable[[H], H]:
    """Admit officers holding any of ``roles`` (any signed-in officer when none are named)."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles: {sorted(unknown)}")
    return _guard(Requirement(roles=roles))


def require_scope(scope: str) -> Callable[[H], H]:
    """Admit API keys with ``scope`` and officers whose roles grant it."""
    if scope not in SCOPES:
        raise ValueError(f"unknown scope: {scope!r}")
    return _guard(Requirement(scope=scope))


def _refuse_cross_site_api_call(request: web.Request) -> None:
    # The API is exempt from the form CSRF check. A session cookie on an unsafe API call is
    # therefore accepted only with a body no cross-site HTML form can send (forms can send only
    # these three types; anything else needs a CORS preflight, which this service never allows).
    if request.method in ("POST", "PUT", "PATCH", "DELETE") and request.content_type in FORM_TYPES:
        raise Problem(403, "Forbidden", "a signed-in browser session may call the API only with a JSON body")


@web.middleware
async def auth_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.path.startswith("/static/"):
        return await handler(request)
    principal = await load_principal(request)
    if principal is not None and principal.is_officer and _is_api(request):
        _refuse_cross_site_api_call(request)
    need = getattr(request.match_info.handler, _ATTR, None)
    if isinstance(need, Requirement):
        refused = await _enforce(request, need)
        if refused is not None:
            return refused
    response = await handler(request)
    if request.path.startswith("/console"):
        # Officer pages hold personal data and one-time secrets: never cache them.
        response.headers.setdefault("Cache-Control", "no-store")
    return response
