"""The CSRF middleware on its own: a form POST needs the token matching its cookie."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from notifier.config import Settings
from notifier.web import keys
from notifier.web.csrf import COOKIE, csrf_middleware, csrf_token, token_for

SECRET = "unit-test-secret-0123456789"


async def _form(request: web.Request) -> web.Response:
    return web.Response(text=csrf_token(request))


async def _submit(request: web.Request) -> web.Response:
    return web.Response(text="accepted")


async def _api(request: web.Request) -> web.Response:
    return web.Response(text="api")


async def _client(aiohttp_client: Any, settings: Settings | None = None) -> Any:
    app = web.Application(middlewares=[csrf_middleware])
    app[keys.SETTINGS] = settings or Settings(secret_key=SECRET)
    app.router.add_get("/form", _form)
    app.router.add_post("/submit", _submit)
    app.router.add_post("/api/v1/thing", _api)
    return await aiohttp_client(app)


async def test_missing_wrong_and_correct_token(aiohttp_client: Any) -> None:
    client = await _client(aiohttp_client)
    token = await (await client.get("/form")).text()
    cookie = client.session.cookie_jar.filter_cookies(client.make_url("/"))[COOKIE].value
    assert token == token_for(SECRET, cookie)

    missing = await client.post("/submit", data={"name": "x"})
    assert missing.status == 403 and "CSRF" in await missing.text()
    wrong = await client.post("/submit", data={"csrf_token": token_for(SECRET, "another cookie")})
    assert wrong.status == 403
    correct = await client.post("/submit", data={"csrf_token": token})
    assert correct.status == 200 and await correct.text() == "accepted"
    by_header = await client.post("/submit", headers={"X-CSRF-Token": token})
    assert by_header.status == 200


async def test_token_without_its_cookie_is_refused(aiohttp_client: Any) -> None:
    client = await _client(aiohttp_client)
    token = await (await client.get("/form")).text()
    client.session.cookie_jar.clear()
    assert (await client.post("/submit", data={"csrf_token": token})).status == 403


async def test_api_paths_are_exempt(aiohttp_client: Any) -> None:
    client = await _client(aiohttp_client)
    assert (await client.post("/api/v1/thing", json={})).status == 200


async def test_a_form_served_before_a_key_rotation_still_posts(aiohttp_client: Any) -> None:
    new = "rotated-secret-9876543210"
    client = await _client(aiohttp_client, Settings(secret_key=new, secret_key_previous=SECRET))
    token = await (await client.get("/form")).text()
    cookie = client.session.cookie_jar.filter_cookies(client.make_url("/"))[COOKIE].value
    assert token == token_for(new, cookie)  # new forms: the new key
    served_before = token_for(SECRET, cookie)
    assert (await client.post("/submit", data={"csrf_token": served_before})).status == 200
    assert (await client.post("/submit", data={"csrf_token": token_for("never-a-key-00000000", cookie)})).status == 403
