"""SQL for officer users (the ``users`` table). Validation and auditing live in ``accounts``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from notifier.officers.principal import ROLES
from notifier.storage import schema
from notifier.storage.db import utcnow

t = schema.users


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    roles: tuple[str, ...]
    active: bool
    failed_logins: int
    locked_until: datetime | None
    created_at: datetime
    last_login_at: datetime | None
    password_hash: str = ""

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and aware(self.locked_until) > now


def aware(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything stored is UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def from_row(row: Any) -> User:
    m = row._mapping
    return User(
        id=m["id"], username=m["username"], display_name=m["display_name"],
        roles=tuple(r for r in ROLES if r in (m["roles"] or [])), active=bool(m["active"]),
        failed_logins=m["failed_logins"], locked_until=m["locked_until"] and aware(m["locked_until"]),
        created_at=aware(m["created_at"]), last_login_at=m["last_login_at"] and aware(m["last_login_at"]),
        password_hash=m["password_hash"],
    )


async def insert(conn: AsyncConnection, *, username: str, display_name: str, password_hash: str,
                 roles: list[str]) -> User:
    row = (await conn.execute(t.insert().values(
        username=username, display_name=display_name, password_hash=password_hash, roles=roles,
        created_at=utcnow()).returning(*t.c))).one()
    return from_row(row)


async def get(conn: AsyncConnection, username: str, *, for_update: bool = False) -> User | None:
    query = sa.select(t).where(t.c.username == username)
    if for_update and conn.dialect.name == "postgresql":
        query = query.with_for_update()
    row = (await conn.execute(query)).first()
    return from_row(row) if row else None


async def get_by_id(conn: AsyncConnection, user_id: int) -> User | None:
    row = (await conn.execute(sa.select(t).where(t.c.id == user_id))).first()
    return from_row(row) if row else None


async def list_all(conn: AsyncConnection) -> list[User]:
    rows = await conn.execute(sa.select(t).order_by(t.c.username))
    return [from_row(r) for r in rows]


async def count_active_admins(conn: AsyncConnection, *, excluding: int | None = None) -> int:
    users = await list_all(conn)
    return sum(1 for u in users if u.active and "admin" in u.roles and u.id != excluding)


async def set_roles(conn: AsyncConnection, user_id: int, roles: list[str]) -> None:
    await conn.execute(t.update().where(t.c.id == user_id).values(roles=roles))


async def set_active(conn: AsyncConnection, user_id: int, active: bool) -> None:
    await conn.execute(t.update().where(t.c.id == user_id).values(active=active))


async def set_password(conn: AsyncConnection, user_id: int, password_hash: str) -> None:
    await conn.execute(t.update().where(t.c.id == user_id).values(password_hash=password_hash))


async def record_failure(conn: AsyncConnection, user_id: int, *, max_failures: int, lock_for: timedelta) -> bool:
    """Count a failed sign-in; on the ``max_failures``-th in a row lock the account. True if it locked now."""
    failures = (await conn.execute(t.update().where(t.c.id == user_id).values(
        failed_logins=t.c.failed_logins + 1).returning(t.c.failed_logins))).scalar_one()
    if failures < max_failures:
        return False
    await conn.execute(t.update().where(t.c.id == user_id).values(
        failed_logins=0, locked_until=utcnow() + lock_for))
    return True


async def record_success(conn: AsyncConnection, user_id: int) -> None:
    await conn.execute(t.update().where(t.c.id == user_id).values(
        failed_logins=0, locked_until=None, last_login_at=utcnow()))
