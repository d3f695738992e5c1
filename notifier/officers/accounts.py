"""Changes to officer accounts and API keys: validated, one transaction each, always audited.

Used by the console pages and the CLI alike. Errors are :class:`AccountError` naming the field,
with a gettext msgid as the message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from notifier import audit
from notifier.officers import N_, apikeys, passwords, sessions, users
from notifier.officers.principal import ROLES, SCOPES, scopes_for_roles
from notifier.storage.db import Database

USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
MAX_NAME = 100


class AccountError(ValueError):
    """``message`` is a bare gettext msgid (pages translate it); ``detail`` (names, never translated) is kept
    apart so that the msgid still matches its catalog entry."""

    def __init__(self, field: str, message: str, detail: str = "") -> None:
        self.field = field
        self.message = message
        self.detail = detail
        super().__init__(f"{field}: {self.described}")

    @property
    def described(self) -> str:
        return f"{self.message}: {self.detail}" if self.detail else self.message


def check_username(username: str) -> str:
    if not USERNAME.fullmatch(username):
        raise AccountError("username", N_("use 2 to 64 lower-case letters, digits, '.', '_' or '-'"))
    return username


def check_roles(roles: Iterable[str]) -> list[str]:
    chosen = set(roles)
    unknown = chosen - set(ROLES)
    if unknown:
        raise AccountError("roles", N_("unknown role"), ", ".join(sorted(unknown)))
    if not chosen:
        raise AccountError("roles", N_("choose at least one role"))
    return [r for r in ROLES if r in chosen]


def check_scopes(scopes: Iterable[str]) -> list[str]:
    chosen = set(scopes)
    unknown = chosen - set(SCOPES)
    if unknown:
        raise AccountError("scopes", N_("unknown scope"), ", ".join(sorted(unknown)))
    if not chosen:
        raise AccountError("scopes", N_("choose at least one scope"))
    return [s for s in SCOPES if s in chosen]


def check_name(name: str, field: str) -> str:
    name = name.strip()
    if not name:
        raise AccountError(field, N_("is required"))
    if len(name) > MAX_NAME:
        raise AccountError(field, N_("must be at most 100 characters long"))
    return name


async def create_user(db: Database, actor: str, *, username: str, roles: Iterable[str], password: str,
                      display_name: str = "") -> users.User:
    username = check_username(username.strip())
    chosen = check_roles(roles)
    display_name = check_name(display_name or username, "display_name")
    try:
        passwords.check_policy(password, username=username)
    except passwords.PasswordPolicyError as exc:
        raise AccountError("password", str(exc)) from None
    password_hash = await passwords.hash_password(password)
    try:
        async with db.begin() as conn:
            if await users.get(conn, username):
                raise AccountError("username", N_("a user with this name already exists"))
            user = await users.insert(conn, username=username, display_name=display_name,
                                      password_hash=password_hash, roles=chosen)
            await audit.record(conn, actor, "user.created", f"user:{username}", {"roles": chosen})
    except IntegrityError:  # a concurrent create of the same name
        raise AccountError("username", N_("a user with this name already exists")) from None
    return user


async def _get_user(conn: AsyncConnection, username: str) -> users.User:
    user = await users.get(conn, username, for_update=True)
    if user is None:
        raise AccountError("username", N_("no such user"))
    return user


async def change_roles(db: Database, actor: str, username: str, roles: Iterable[str]) -> users.User:
    chosen = check_roles(roles)
    async with db.begin() as conn:
        user = await _get_user(conn, username)
        if "admin" in user.roles and "admin" not in chosen and not await users.count_active_admins(
                conn, excluding=user.id):
            raise AccountError("roles", N_("the last active admin cannot lose the admin role"))
        await users.set_roles(conn, user.id, chosen)
        await audit.record(conn, actor, "user.roles_changed", f"user:{username}",
                           {"from": list(user.roles), "to": chosen})
    return user


async def deactivate_user(db: Database, actor: str, username: str) -> None:
    """Deactivate and sign out everywhere; the user's API keys stop working too."""
    async with db.begin() as conn:
        user = await _get_user(conn, username)
        if not user.active:
            return
        if "admin" in user.roles and not await users.count_active_admins(conn, excluding=user.id):
            raise AccountError("username", N_("the last active admin cannot be deactivated"))
        await users.set_active(conn, user.id, False)
        await sessions.delete_for_user(conn, user.id)
        await audit.record(conn, actor, "user.deactivated", f"user:{username}")


async def create_api_key(db: Database, actor: str, *, name: str, scopes: Iterable[str],
                         username: str | None = None) -> tuple[apikeys.ApiKey, str]:
    """A new key and its plaintext (show it once). A key tied to a user never exceeds that user's roles."""
    name = check_name(name, "name")
    chosen = check_scopes(scopes)
    async with db.begin() as conn:
        user_id = None
        if username:
            user = await _get_user(conn, username)
            beyond = set(chosen) - scopes_for_roles(user.roles)
            if beyond:
                raise AccountError("scopes", N_("the user's roles do not allow"), ", ".join(sorted(beyond)))
            user_id = user.id
        key, plaintext = await apikeys.insert(conn, name=name, scopes=chosen, user_id=user_id)
        await audit.record(conn, actor, "apikey.created", f"apikey:{key.prefix}",
                           {"name": name, "scopes": chosen, "user": username})
    return key, plaintext


async def revoke_api_key(db: Database, actor: str, prefix: str) -> apikeys.ApiKey:
    async with db.begin() as conn:
        key = await apikeys.get(conn, prefix.strip())
        if key is None:
            raise AccountError("prefix", N_("no such API key"))
        if not key.revoked:
            await apikeys.revoke(conn, key.id)
            await audit.record(conn, actor, "apikey.revoked", f"apikey:{key.prefix}", {"name": key.name})
    return key
