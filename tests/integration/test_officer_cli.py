"""``todoke users`` and ``todoke apikeys``: the real command on a real database."""

from __future__ import annotations

import asyncio
import io
from typing import Any

import pytest
import sqlalchemy as sa

from notifier import cli, logs
from notifier.officers import passwords
from notifier.officers.testing import cheap_passwords
from notifier.storage import schema
from notifier.storage.db import Database


@pytest.fixture
def todoke(monkeypatch: Any, database_url: str, capsys: Any) -> Any:
    cheap_passwords(monkeypatch)
    monkeypatch.setattr(logs, "configure", lambda level="INFO": None)  # keep pytest's log capture
    monkeypatch.setenv("TODOKE_DATABASE_URL", database_url)
    monkeypatch.setenv("TODOKE_SECRET_KEY", "cli-test-secret-0123456789")

    def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
        if stdin is not None:
            monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        try:
            code = cli.main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err
    return run


def _query(url: str, statement: Any) -> list[Any]:
    async def go() -> list[Any]:
        db = Database(url)
        try:
            async with db.connect() as conn:
                return list(await conn.execute(statement))
        finally:
            await db.dispose()
    return asyncio.run(go())


def test_users_create_prints_a_working_password(todoke: Any, database_url: str) -> None:
    code, out, _ = todoke("users", "create", "admin", "--role", "admin", "--role", "approver")
    assert code == 0 and "created user 'admin' with roles approver, admin" in out
    password = out.split("password (shown once): ")[1].strip()
    (row,) = _query(database_url, sa.select(schema.users))
    assert row.roles == ["approver", "admin"] and password not in row.password_hash
    assert asyncio.run(passwords.verify(row.password_hash, password)).ok
    (entry,) = _query(database_url, sa.select(schema.audit_log).where(schema.audit_log.c.action == "user.created"))
    assert entry.actor.startswith("cli:") and entry.target == "user:admin"
    code, out, _ = todoke("users", "list")
    assert code == 0 and out.startswith("admin\tapprover,admin\tactive")


def test_users_create_rejects_bad_input_with_one_line(todoke: Any) -> None:
    code, _, err = todoke("users", "create", "hanako", "--role", "boss")
    assert code == 2 and "invalid choice: 'boss'" in err and err.count("\n") == 1
    assert todoke("users", "create", "hanako", "--role", "author", stdin="a fine password\n")[0] == 0
    code, _, err = todoke("users", "create", "hanako", "--role", "author")
    assert code == 2 and err == "todoke: error: username: a user with this name already exists\n"
    code, _, err = todoke("users", "create", "jiro", "--role", "author", "--password-stdin", stdin="short\n")
    assert code == 2 and "--password-stdin: must be at least 12" in err and err.count("\n") == 1
    code, _, err = todoke("users", "create", "Bad Name", "--role", "author")
    assert code == 2 and err.startswith("todoke: error: username:")


def test_apikeys_create_and_revoke(todoke: Any, database_url: str) -> None:
    code, out, _ = todoke("apikeys", "create", "JMA feed", "--scope", "ingest", "--scope", "notices:read")
    assert code == 0
    plaintext = out.split("key (shown once): ")[1].strip()
    prefix = plaintext.split("_")[1]
    (row,) = _query(database_url, sa.select(schema.api_keys))
    assert row.prefix == prefix and row.scopes == ["notices:read", "ingest"] and plaintext not in row.key_hash
    assert todoke("apikeys", "list")[1].startswith(f"{prefix}\tJMA feed")
    code, out, _ = todoke("apikeys", "revoke", prefix)
    assert code == 0 and "revoked" in out
    code, _, err = todoke("apikeys", "revoke", "ffffffff")
    assert code == 2 and err == "todoke: error: prefix: no such API key\n"
    code, _, err = todoke("apikeys", "create", "x", "--scope", "ingest", "--user", "ghost")
    assert code == 2 and err == "todoke: error: username: no such user\n"
    actions = [r.action for r in _query(database_url, sa.select(schema.audit_log.c.action))]
    assert actions.count("apikey.created") == 1 and actions.count("apikey.revoked") == 1
