"""SQL for API keys. A key reads ``tdk_<prefix>_<secret>``; only its SHA-256 and prefix are stored.

The key is a 256-bit random secret, so a fast hash is enough (no password stretching needed),
and it lets every API request be checked without slowing down.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from notifier.officers.principal import SCOPES
from notifier.officers.users import aware
from notifier.storage import schema
from notifier.storage.db import utcnow

t = schema.api_keys
KEY_PATTERN = re.compile(r"tdk_([0-9a-f]{8})_([A-Za-z0-9_-]{32,64})")
# Recording every use would make each API call a write; a minute's precision is enough.
LAST_USED_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class ApiKey:
    id: int
    name: str
    prefix: str
    scopes: tuple[str, ...]
    user_id: int | None
    username: str | None
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    key_hash: str = ""

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


def _hash(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


def generate() -> tuple[str, str]:
    """A new ``(prefix, plaintext)``."""
    prefix = secrets.token_hex(4)
    return prefix, f"tdk_{prefix}_{secrets.token_urlsafe(32)}"


def _from_row(row: Any) -> ApiKey:
    m = row._mapping
    return ApiKey(
        id=m["id"], name=m["name"], prefix=m["prefix"], scopes=tuple(s for s in SCOPES if s in (m["scopes"] or [])),
        user_id=m["user_id"], username=m["username"], created_at=aware(m["created_at"]),
        last_used_at=m["last_used_at"] and aware(m["last_used_at"]),
        revoked_at=m["revoked_at"] and aware(m["revoked_at"]), key_hash=m["key_hash"],
    )


def _select() -> sa.Select[Any]:
    u = schema.users
    return sa.select(t, u.c.username).select_from(t.outerjoin(u, u.c.id == t.c.user_id))


async def insert(conn: AsyncConnection, *, name: str, scopes: list[str], user_id: int | None) -> tuple[ApiKey, str]:
    prefix, plaintext = generate()
    await conn.execute(t.insert().values(name=name, prefix=prefix, key_hash=_hash(plaintext), scopes=scopes,
                                         user_id=user_id, created_at=utcnow()))
    key = await get(conn, prefix)
    assert key is not None
    return key, plaintext


async def get(conn: AsyncConnection, prefix: str) -> ApiKey | None:
    row = (await conn.execute(_select().where(t.c.prefix == prefix))).first()
    return _from_row(row) if row else None


async def list_all(conn: AsyncConnection) -> list[ApiKey]:
    rows = await conn.execute(_select().order_by(t.c.revoked_at.is_not(None), t.c.created_at.desc()))
    return [_from_row(r) for r in rows]


async def revoke(conn: AsyncConnection, key_id: int) -> None:
    await conn.execute(t.update().where(t.c.id == key_id, t.c.revoked_at.is_(None)).values(revoked_at=utcnow()))


async def find(conn: AsyncConnection, plaintext: str) -> ApiKey | None:
    """The unrevoked key matching ``plaintext``, or None (malformed, unknown, wrong secret, revoked)."""
    match = KEY_PATTERN.fullmatch(plaintext)
    if not match:
        return None
    key = await get(conn, match.group(1))
    if key is None or key.revoked or not hmac.compare_digest(key.key_hash, _hash(plaintext)):
        return None
    return key


def needs_touch(key: ApiKey) -> bool:
    return key.last_used_at is None or utcnow() - key.last_used_at >= LAST_USED_PRECISION


async def touch(conn: AsyncConnection, key_id: int) -> None:
    await conn.execute(t.update().where(t.c.id == key_id).values(last_used_at=utcnow()))
