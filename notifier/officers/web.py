"""Officer console: sign-in, sign-out, the console home; installs the auth middleware and admin pages.

Other console modules add their pages to the home page and the console navigation with
``add_console_link(app, "/console/notices", N_("Notices"), roles=("author", "approver"))``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiohttp import web

from notifier.officers import N_, admin_pages, audit_pages, login, sessions
from notifier.officers.auth import auth_middleware, current_user, require_role
from notifier.officers.principal import Principal
from notifier.web import csrf, keys
from notifier.web.security import secure_cookies
from notifier.web.templating import render

routes = web.RouteTableDef()
HOME = "/console"


@dataclass(frozen=True)
class ConsoleLink:
    path: str
    label: str  # gettext msgid
    roles: tuple[str, ...] = ()  # any officer when empty


CONSOLE_LINKS: web.AppKey[list[ConsoleLink]] = web.AppKey("console_links", list)


def add_console_link(app: web.Application, path: str, label: str, *, roles: tuple[str, ...] = ()) -> None:
    app.setdefault(CONSOLE_LINKS, []).append(ConsoleLink(path, label, roles))


def setup(app: web.Application) -> None:
    app.middlewares.append(auth_middleware)
    app.middlewares.append(_console_context)
    app.router.add_routes(routes)
    admin_pages.setup(app)
    audit_pages.setup(app)
    add_console_link(app, "/console/users", N_("Users and roles"), roles=("admin",))
    add_console_link(app, "/console/apikeys", N_("API keys"), roles=("admin",))
    add_console_link(app, "/console/audit", N_("Audit log"), roles=("admin",))


def links_for(app: web.Application, principal: Principal | None) -> list[ConsoleLink]:
    if principal is None or not principal.is_officer:
        return []
    return [link for link in app.get(CONSOLE_LINKS, []) if principal.has_role(*link.roles)]


@web.middleware
async def _console_context(request: web.Request, handler: Any) -> web.StreamResponse:
    """Give every console template the officer and the navigation, whichever module renders it."""
    if request.path.startswith(HOME):
        principal = current_user(request)
        context = request.setdefault(keys.TEMPLATE_CONTEXT, {})
        context.update(officer=principal, console_links=links_for(request.app, principal))
    return await handler(request)


def safe_next(value: str | None) -> str:
    """Only a path inside the console: never an open redirect to another site."""
    if value and value.startswith(HOME) and not value.startswith("//") and "\\" not in value:
        return value
    return HOME


@routes.get("/console/login")
async def login_page(request: web.Request) -> web.StreamResponse:
    principal = current_user(request)
    if principal is not None and principal.is_officer:
        raise web.HTTPSeeOther(safe_next(request.query.get("next")))
    return render(request, "console/login.html", {"next": safe_next(request.query.get("next")),
                                                   "username": "", "error": None,
                                                   "signed_out": request.query.get("done") == "logout"})


@routes.post("/console/login")
async def login_submit(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    username, next_path = str(form.get("username", "")), safe_next(str(form.get("next", "")))
    outcome = await login.login(request.app[keys.DB], username=username, password=str(form.get("password", "")),
                                address=request.remote or "unknown")
    if not outcome.ok:
        error = (N_("Too many sign-in attempts. Wait 15 minutes and try again.") if outcome.throttled
                 else N_("The user name or password is wrong, or the account is locked or disabled. "
                         "After 5 failed attempts an account is locked for 15 minutes."))
        return render(request, "console/login.html", {"next": next_path, "username": username, "error": error,
                                                       "signed_out": False},
                      status=429 if outcome.throttled else 401)
    assert outcome.session is not None
    await _forget_old_session(request)
    response = web.Response(status=303, headers={"Location": next_path})
    sessions.set_cookie(response, outcome.session.token, secure=secure_cookies(request))
    # A fresh CSRF cookie too, so nothing planted before sign-in carries over.
    csrf.set_cookie(request, response, outcome.session.csrf)
    return response


async def _forget_old_session(request: web.Request) -> None:
    old = request.cookies.get(sessions.COOKIE)
    if old:
        async with request.app[keys.DB].begin() as conn:
            await sessions.delete(conn, old)


@routes.post("/console/logout")
@require_role()
async def logout(request: web.Request) -> web.StreamResponse:
    principal = current_user(request)
    assert principal is not None
    await login.logout(request.app[keys.DB], request.cookies.get(sessions.COOKIE, ""), principal.actor)
    response = web.Response(status=303, headers={"Location": "/console/login?done=logout"})
    sessions.clear_cookie(response, secure=secure_cookies(request))
    return response


@routes.get("/console")
@require_role()
async def home(request: web.Request) -> web.StreamResponse:
    return render(request, "console/home.html")
