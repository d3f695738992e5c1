"""Signing in: throttled per user name and per address, accounts locked after repeated failures.

Every failure looks the same from outside (unknown user, wrong password, locked, deactivated),
so the form cannot be used to find out which user names exist.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from notifier import audit, throttle
from notifier.officers import passwords, sessions, users
from notifier.storage.db import Database, utcnow

MAX_FAILURES = 5  # failed sign-ins in a row before the account is locked
LOCK_FOR = timedelta(minutes=15)
WINDOW = timedelta(minutes=15)
PER_USER_LIMIT = 10  # attempts per user name per window, whoever makes them
PER_ADDRESS_LIMIT = 30  # failed attempts per client address per window, whatever the user name
MAX_USERNAME = 64


@dataclass(frozen=True)
class Outcome:
    session: sessions.NewSession | None = None
    user: users.User | None = None
    throttled: bool = False

    @property
    def ok(self) -> bool:
        return self.session is not None


def _key(kind: str, value: str) -> str:
    # Hashed so that arbitrary input fits the key column and no user name is stored in clear.
    return f"login:{kind}:{hashlib.sha256(value.encode()).hexdigest()[:40]}"


async def login(db: Database, *, username: str, password: str, address: str) -> Outcome:
    username = username.strip().lower()
    async with db.begin() as conn:
        # Every attempt counts against the user name; only failures count against the address,
        # so officers behind one office proxy do not lock each other out by signing in.
        allowed = await throttle.hit(conn, _key("user", username), limit=PER_USER_LIMIT, window=WINDOW)
        allowed = await throttle.count(conn, _key("addr", address), window=WINDOW) < PER_ADDRESS_LIMIT and allowed
        user = await users.get(conn, username) if 0 < len(username) <= MAX_USERNAME else None
    if not allowed:
        return Outcome(throttled=True)
    usable = user is not None and user.active and not user.locked(utcnow())
    verified = await passwords.verify(user.password_hash if usable and user else None, password)
    if user is None or not usable or not verified.ok:
        await _failed(db, user, usable, address)
        return Outcome()
    return await _succeeded(db, user, verified.new_hash)


async def _failed(db: Database, user: users.User | None, usable: bool, address: str) -> None:
    async with db.begin() as conn:
        await throttle.hit(conn, _key("addr", address), limit=PER_ADDRESS_LIMIT, window=WINDOW)
        if user is None:
            return
        if not usable:
            await audit.record(conn, "system", "user.login_refused", f"user:{user.username}",
                               {"reason": "locked" if user.active else "deactivated"})
            return
        locked = await users.record_failure(conn, user.id, max_failures=MAX_FAILURES, lock_for=LOCK_FOR)
        await audit.record(conn, "system", "user.login_failed", f"user:{user.username}")
        if locked:
            await audit.record(conn, "system", "user.locked", f"user:{user.username}",
                               {"minutes": int(LOCK_FOR.total_seconds() // 60)}, flagged=True)


async def _succeeded(db: Database, user: users.User, new_hash: str | None) -> Outcome:
    async with db.begin() as conn:
        await users.record_success(conn, user.id)
        if new_hash:
            await users.set_password(conn, user.id, new_hash)
        await sessions.purge_expired(conn)
        session = await sessions.create(conn, user.id)
        await throttle.reset(conn, _key("user", user.username))
        await audit.record(conn, f"user:{user.username}", "user.login", f"user:{user.username}",
                           {"rehashed": bool(new_hash)})
    return Outcome(session=session, user=user)


async def logout(db: Database, token: str, actor: str) -> None:
    async with db.begin() as conn:
        await sessions.delete(conn, token)
        await audit.record(conn, actor, "user.logout", actor)
