"""Console administration: users and roles, API keys (admin only)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from notifier.officers import accounts, apikeys, passwords, users
from notifier.officers.auth import current_user, require_role
from notifier.officers.principal import ROLES, SCOPES
from notifier.web import keys
from notifier.web.templating import render

routes = web.RouteTableDef()


def setup(app: web.Application) -> None:
    app.router.add_routes(routes)


def _actor(request: web.Request) -> str:
    principal = current_user(request)
    assert principal is not None
    return principal.actor


async def _users_page(request: web.Request, *, status: int = 200, **extra: Any) -> web.Response:
    async with request.app[keys.DB].connect() as conn:
        everyone = await users.list_all(conn)
    context: dict[str, Any] = {"users": everyone, "roles": ROLES, "errors": {}, "form": {},
                               "new_password": None, "done": request.query.get("done")}
    context.update(extra)
    return render(request, "console/users.html", context, status=status)


@routes.get("/console/users")
@require_role("admin")
async def users_list(request: web.Request) -> web.StreamResponse:
    return await _users_page(request)


@routes.post("/console/users")
@require_role("admin")
async def users_create(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    fields = {"username": str(form.get("username", "")), "display_name": str(form.get("display_name", ""))}
    roles = [str(r) for r in form.getall("role", [])]
    password = str(form.get("password", ""))
    generated = not password
    password = password or passwords.generate()
    try:
        user = await accounts.create_user(request.app[keys.DB], _actor(request), username=fields["username"],
                                          display_name=fields["display_name"], roles=roles, password=password)
    except accounts.AccountError as exc:
        return await _users_page(request, status=422, errors={exc.field: exc.message},
                                 form={**fields, "roles": roles})
    if generated:  # shown this once, never stored in clear
        return await _users_page(request, new_password=password, created=user.username)
    raise web.HTTPSeeOther("/console/users?done=created")


@routes.post("/console/users/{username}/roles")
@require_role("admin")
async def users_roles(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    username = request.match_info["username"]
    try:
        await accounts.change_roles(request.app[keys.DB], _actor(request), username,
                                    [str(r) for r in form.getall("role", [])])
    except accounts.AccountError as exc:
        return await _users_page(request, status=422, row_error=(username, exc.message))
    raise web.HTTPSeeOther("/console/users?done=roles")


@routes.post("/console/users/{username}/deactivate")
@require_role("admin")
async def users_deactivate(request: web.Request) -> web.StreamResponse:
    username = request.match_info["username"]
    try:
        await accounts.deactivate_user(request.app[keys.DB], _actor(request), username)
    except accounts.AccountError as exc:
        return await _users_page(request, status=422, row_error=(username, exc.message))
    raise web.HTTPSeeOther("/console/users?done=deactivated")


async def _keys_page(request: web.Request, *, status: int = 200, **extra: Any) -> web.Response:
    async with request.app[keys.DB].connect() as conn:
        all_keys = await apikeys.list_all(conn)
        everyone = [u for u in await users.list_all(conn) if u.active]
    context: dict[str, Any] = {"keys": all_keys, "users": everyone, "scopes": SCOPES, "errors": {}, "form": {},
                               "new_key": None, "done": request.query.get("done")}
    context.update(extra)
    return render(request, "console/apikeys.html", context, status=status)


@routes.get("/console/apikeys")
@require_role("admin")
async def keys_list(request: web.Request) -> web.StreamResponse:
    return await _keys_page(request)


@routes.post("/console/apikeys")
@require_role("admin")
async def keys_create(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    name, username = str(form.get("name", "")), str(form.get("user", "")).strip() or None
    scopes = [str(s) for s in form.getall("scope", [])]
    try:
        key, plaintext = await accounts.create_api_key(request.app[keys.DB], _actor(request), name=name,
                                                       scopes=scopes, username=username)
    except accounts.AccountError as exc:
        return await _keys_page(request, status=422, errors={exc.field: exc.message},
                                form={"name": name, "user": username or "", "scopes": scopes})
    return await _keys_page(request, new_key=plaintext, created=key.name)


@routes.post("/console/apikeys/{prefix}/revoke")
@require_role("admin")
async def keys_revoke(request: web.Request) -> web.StreamResponse:
    try:
        await accounts.revoke_api_key(request.app[keys.DB], _actor(request), request.match_info["prefix"])
    except accounts.AccountError:
        raise web.HTTPNotFound(text="no such API key") from None
    raise web.HTTPSeeOther("/console/apikeys?done=revoked")
