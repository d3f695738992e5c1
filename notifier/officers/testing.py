"""Test helpers for every module with officer pages: a cheap password hasher, users and signed-in clients.

    from notifier.officers.testing import cheap_passwords, login_as

    @pytest.fixture(autouse=True)
    def _fast(monkeypatch): cheap_passwords(monkeypatch)

    async def test_compose(client, db):
        await login_as(client, db, "author")
        resp = await client.get("/console/notices/new")
"""

from __future__ import annotations

import re
from typing import Any

from argon2 import PasswordHasher

from notifier.officers import accounts, passwords
from notifier.storage.db import Database

PASSWORD = "correct horse battery staple"  # noqa: S105 - a test fixture, not a secret
_CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def cheap_passwords(monkeypatch: Any) -> PasswordHasher:
    """Swap in argon2 parameters that hash in about a millisecond (tests only)."""
    hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(passwords, "HASHER", hasher)
    return hasher


async def make_user(db: Database, *roles: str, username: str | None = None, password: str = PASSWORD) -> str:
    """Create an active officer with ``roles``; returns the user name."""
    name = username or ("-".join(roles) or "nobody") + "-user"
    await accounts.create_user(db, "system", username=name, roles=roles or ("author",), password=password)
    return name


def csrf_from(html: str) -> str:
    match = _CSRF_FIELD.search(html)
    assert match, "no csrf_token field in the page"
    return match.group(1)


async def login(client: Any, username: str, password: str = PASSWORD) -> Any:
    """Sign in through the real form; returns the (unfollowed) response."""
    page = await client.get("/console/login")
    token = csrf_from(await page.text())
    return await client.post("/console/login", data={"username": username, "password": password,
                                                     "csrf_token": token}, allow_redirects=False)


async def login_as(client: Any, db: Database, *roles: str, username: str | None = None) -> str:
    """Create an officer with ``roles`` and sign the client in; returns the user name."""
    name = await make_user(db, *roles, username=username)
    resp = await login(client, name)
    assert resp.status == 303, f"sign-in failed with {resp.status}"
    return name


async def form_token(client: Any, path: str) -> str:
    """The CSRF token of the forms on ``path``."""
    return csrf_from(await (await client.get(path)).text())
