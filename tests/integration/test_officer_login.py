"""Officer sign-in and sign-out: sessions, throttling, lock-out, CSRF, cookies and headers."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
import sqlalchemy as sa

from notifier import throttle
from notifier.officers import login as login_mod
from notifier.officers.sessions import COOKIE
from notifier.officers.testing import PASSWORD, cheap_passwords, form_token, login, login_as, make_user
from notifier.storage import schema
from notifier.storage.db import Database

GENERIC = "The user name or password is wrong"


@pytest.fixture(autouse=True)
def _cheap(monkeypatch: Any) -> None:
    cheap_passwords(monkeypatch)


def _session_cookie(client: Any) -> str | None:
    cookie = client.session.cookie_jar.filter_cookies(client.make_url("/"))
    return cookie[COOKIE].value if COOKIE in cookie else None


async def _actions(db: Database) -> list[tuple[str, str | None, bool]]:
    async with db.connect() as conn:
        rows = await conn.execute(sa.select(schema.audit_log.c.action, schema.audit_log.c.target,
                                            schema.audit_log.c.flagged).order_by(schema.audit_log.c.id))
        return [tuple(r) for r in rows]


async def test_login_sets_a_new_server_side_session(client: Any, db: Database) -> None:
    await make_user(db, "author", username="hanako")
    client.session.cookie_jar.update_cookies({COOKIE: "planted-by-an-attacker"})
    resp = await login(client, "hanako")
    assert resp.status == 303 and resp.headers["Location"] == "/console"
    set_cookie = next(h for h in resp.headers.getall("Set-Cookie") if h.startswith(COOKIE + "="))
    assert "HttpOnly" in set_cookie and "SameSite=Lax" in set_cookie and "Secure" not in set_cookie
    token = _session_cookie(client)
    assert token and token != "planted-by-an-attacker"
    async with db.connect() as conn:
        stored = (await conn.execute(sa.select(schema.sessions.c.id_hash))).scalars().all()
    assert stored == [hashlib.sha256(token.encode()).hexdigest()]  # the hash only, never the value

    home = await client.get("/console")
    assert home.status == 200 and "hanako" in await home.text()
    assert home.headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in home.headers["Content-Security-Policy"]

    await login(client, "hanako")  # signing in again replaces the session
    assert _session_cookie(client) != token
    assert ("user.login", "user:hanako", False) in await _actions(db)


async def test_wrong_password_and_unknown_user_get_the_same_answer(client: Any, db: Database) -> None:
    client.session.cookie_jar.update_cookies({"lang": "en"})  # the assertions read the English wording
    await make_user(db, "author", username="hanako")
    wrong = await login(client, "hanako", "not the password!")
    unknown = await login(client, "nobody-here", "not the password!")
    assert wrong.status == unknown.status == 401
    assert GENERIC in await wrong.text() and GENERIC in await unknown.text()
    assert _session_cookie(client) is None
    assert (await client.get("/console", allow_redirects=False)).status == 303


async def test_account_locks_after_repeated_failures(client: Any, db: Database) -> None:
    client.session.cookie_jar.update_cookies({"lang": "en"})  # the assertions read the English wording
    await make_user(db, "author", username="hanako")
    for _ in range(login_mod.MAX_FAILURES):
        assert (await login(client, "hanako", "wrong password!!")).status == 401
    locked = await login(client, "hanako")  # the right password no longer works while locked
    assert locked.status == 401 and GENERIC in await locked.text()
    actions = await _actions(db)
    assert ("user.locked", "user:hanako", True) in actions
    assert ("user.login_refused", "user:hanako", False) in actions


async def test_throttled_per_user_name(client: Any, db: Database, monkeypatch: Any) -> None:
    client.session.cookie_jar.update_cookies({"lang": "en"})  # the assertions read the English wording
    monkeypatch.setattr(login_mod, "PER_USER_LIMIT", 3)
    for _ in range(3):
        assert (await login(client, "someone", "wrong password!!")).status == 401
    refused = await login(client, "someone", "wrong password!!")
    assert refused.status == 429 and "Too many sign-in attempts" in await refused.text()
    assert (await login(client, "someone-else", "wrong password!!")).status == 401


async def test_throttled_per_address(client: Any, db: Database, monkeypatch: Any) -> None:
    monkeypatch.setattr(login_mod, "PER_ADDRESS_LIMIT", 2)
    await make_user(db, "author", username="hanako")
    for _ in range(3):  # successful sign-ins (colleagues behind one proxy) do not count
        assert (await login(client, "hanako")).status == 303
    await login(client, "a-user", "wrong password!!")
    await login(client, "b-user", "wrong password!!")
    assert (await login(client, "hanako")).status == 429  # even the right password, from this address


async def test_logout_deletes_the_session(client: Any, db: Database) -> None:
    await login_as(client, db, "author", username="hanako")
    token = _session_cookie(client)
    resp = await client.post("/console/logout", data={"csrf_token": await form_token(client, "/console")},
                             allow_redirects=False)
    assert resp.status == 303 and resp.headers["Location"].startswith("/console/login")
    async with db.connect() as conn:
        assert (await conn.execute(sa.select(sa.func.count()).select_from(schema.sessions))).scalar_one() == 0
    client.session.cookie_jar.update_cookies({COOKIE: token})  # replaying the old cookie does not work
    assert (await client.get("/console", allow_redirects=False)).status == 303


async def test_login_post_without_csrf_token_is_refused(client: Any, db: Database) -> None:
    await make_user(db, "author", username="hanako")
    await client.get("/console/login")
    resp = await client.post("/console/login", data={"username": "hanako", "password": PASSWORD},
                             allow_redirects=False)
    assert resp.status == 403
    assert _session_cookie(client) is None


async def test_login_page_is_accessible_and_next_is_kept_inside_the_console(client: Any, db: Database) -> None:
    resp = await client.get("/console/login?next=//evil.example/x")
    html = await resp.text()
    assert resp.status == 200 and '<label for="username">' in html and '<label for="password">' in html
    assert 'value="/console"' in html and "evil.example" not in html
    assert "unsafe-inline" not in resp.headers["Content-Security-Policy"]
    await make_user(db, "admin", username="root-admin")
    token = await form_token(client, "/console/login")
    ok = await client.post("/console/login", data={"username": "root-admin", "password": PASSWORD,
                                                   "csrf_token": token, "next": "/console/users"},
                           allow_redirects=False)
    assert ok.headers["Location"] == "/console/users"


async def test_throttle_fixed_window(db: Database) -> None:
    async with db.begin() as conn:
        results = [await throttle.hit(conn, "test:a", limit=2, window=3600) for _ in range(3)]
        other = await throttle.hit(conn, "test:b", limit=2, window=3600)
        fresh = [await throttle.hit(conn, "test:c", limit=1, window=0) for _ in range(3)]
    assert results == [True, True, False] and other
    assert fresh == [True, True, True]  # each hit after an (empty) window starts a new one
    async with db.begin() as conn:
        await throttle.reset(conn, "test:a")
        assert await throttle.hit(conn, "test:a", limit=2, window=3600)


async def test_throttled_per_client_behind_a_trusted_proxy(aiohttp_client: Any, make_settings: Any,
                                                           database_url: str, db: Database, monkeypatch: Any) -> None:
    from notifier.app import create_app

    monkeypatch.setattr(login_mod, "PER_ADDRESS_LIMIT", 2)
    await make_user(db, "author", username="hanako")
    app = create_app(make_settings(database_url=database_url, trusted_proxies="127.0.0.1/32"), db=db)
    mallory = await aiohttp_client(app, headers={"X-Forwarded-For": "198.51.100.66"})
    colleague = await aiohttp_client(mallory.server, headers={"X-Forwarded-For": "198.51.100.7"})
    await login(mallory, "a-user", "wrong password!!")
    await login(mallory, "b-user", "wrong password!!")
    assert (await login(mallory, "hanako")).status == 429
    assert (await login(colleague, "hanako")).status == 303  # same proxy, another client: not locked out


@pytest.mark.parametrize("says_https", [{"X-Forwarded-Proto": "https"}, {"Forwarded": "for=198.51.100.7;proto=https"}])
@pytest.mark.parametrize(("proxies", "secure"), [("127.0.0.1/32", True), ("10.0.0.0/8", False)])
async def test_cookies_are_secure_when_a_trusted_proxy_says_the_client_came_over_https(
        aiohttp_client: Any, aiohttp_server: Any, make_settings: Any, database_url: str, db: Database,
        says_https: dict[str, str], proxies: str, secure: bool) -> None:
    from aiohttp import CookieJar

    from notifier.app import create_app
    from notifier.web.csrf import COOKIE as CSRF_COOKIE

    await make_user(db, "author", username="hanako")
    server = await aiohttp_server(create_app(make_settings(database_url=database_url, trusted_proxies=proxies), db=db))
    # The jar plays the browser on the far side of the proxy, which did speak HTTPS.
    jar = CookieJar(unsafe=True, treat_as_secure_origin=[str(server.make_url("")).rstrip("/")])
    officer = await aiohttp_client(server, headers=says_https, cookie_jar=jar)
    resp = await login(officer, "hanako")
    assert resp.status == 303
    for name in (COOKIE, CSRF_COOKIE):
        set_cookie = next(h for h in resp.headers.getall("Set-Cookie") if h.startswith(name + "="))
        assert ("Secure" in set_cookie) is secure  # from 10.0.0.0/8 only: the header is anyone's word
    # HSTS only on what reached us over HTTPS: a browser told so over plain HTTP would be told by anyone
    assert ("Strict-Transport-Security" in resp.headers) is secure
    if secure:
        assert resp.headers["Strict-Transport-Security"] == "max-age=31536000"
