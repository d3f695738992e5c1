"""Server-side officer sessions (the ``sessions`` table) and their cookie.

The cookie carries a random token; the table keeps only its SHA-256, so a leaked database
holds no usable session. Every sign-in makes a new token (no session fixation).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncConnection

from notifier.officers import users
from notifier.storage import schema
from notifier.storage.db import utcnow

COOKIE = "todoke_session"
LIFETIME = timedelta(hours=8)
t = schema.sessions


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class NewSession:
    token: str  # goes in the cookie, never stored
    csrf: str  # the CSRF cookie value issued with this session


async def create(conn: AsyncConnection, user_id: int) -> NewSession:
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    now = utcnow()
    await conn.execute(t.insert().values(id_hash=token_hash(token), user_id=user_id, csrf_token=csrf,
                                         created_at=now, expires_at=now + LIFETIME))
    return NewSession(token, csrf)


async def load(conn: AsyncConnection, token: str) -> users.User | None:
    """The active user of an unexpired session, or None."""
    u = schema.users
    row = (await conn.execute(
        sa.select(u).join(t, t.c.user_id == u.c.id).where(
            t.c.id_hash == token_hash(token), t.c.expires_at > sa.literal(utcnow(), schema.TS),
            u.c.active.is_(True))
    )).first()
    return users.from_row(row) if row else None


async def delete(conn: AsyncConnection, token: str) -> None:
    await conn.execute(t.delete().where(t.c.id_hash == token_hash(token)))


async def delete_for_user(conn: AsyncConnection, user_id: int) -> None:
    await conn.execute(t.delete().where(t.c.user_id == user_id))


async def purge_expired(conn: AsyncConnection) -> None:
    await conn.execute(t.delete().where(t.c.expires_at <= sa.literal(utcnow(), schema.TS)))


def set_cookie(response: web.StreamResponse, token: str, *, secure: bool) -> None:
    response.set_cookie(COOKIE, token, httponly=True, samesite="Lax", secure=secure, path="/",
                        max_age=int(LIFETIME.total_seconds()))


def clear_cookie(response: web.StreamResponse, *, secure: bool) -> None:
    response.del_cookie(COOKIE, path="/", secure=secure, httponly=True, samesite="Lax")
