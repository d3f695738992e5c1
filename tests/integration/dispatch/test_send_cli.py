"""``todoke send NOTICE.json --wait`` through the dev outbox, and its input errors."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from notifier.cli import main
from notifier.dispatch import sending
from notifier.dispatch.testing import add_renderings, make_subscriber
from notifier.storage import schema
from notifier.storage.db import Database
from tests.conftest import TEST_SECRET

NOTICE = {"title": "断水のお知らせ", "body": "西区で断水があります。", "urgency": "normal",
          "topics": ["water"], "areas": ["11101"]}


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, database_url: str) -> str:
    monkeypatch.setenv("TODOKE_DATABASE_URL", database_url)
    monkeypatch.setenv("TODOKE_SECRET_KEY", TEST_SECRET)
    monkeypatch.setenv("TODOKE_LOG_LEVEL", "WARNING")
    for name in ("SMTP", "SMS", "VOICE", "LINE"):
        monkeypatch.delenv(f"TODOKE_{name}_URL", raising=False)

    async def fake_render(db: Database, notice: dict[str, Any], settings: Any) -> None:
        async with db.begin() as conn:  # the renderer is tested elsewhere; here only delivery matters
            await add_renderings(conn, notice["id"], ["ja", "ja-easy"])
    monkeypatch.setattr(sending, "render", fake_render)
    return database_url


async def _seed(url: str) -> None:
    db = Database(url)
    async with db.begin() as conn:
        await make_subscriber(conn, topics=["water"], areas=["11101"])
        await make_subscriber(conn, topics=["water"], areas=["11101"], channels=["sms", "email"],
                              contacts={"sms": "+819012345678", "email": "b@example.jp"})
        await make_subscriber(conn, topics=["water"], areas=["11102"])  # another ward
    await db.dispose()


async def _outbox(url: str) -> list[dict[str, Any]]:
    db = Database(url)
    async with db.connect() as conn:
        rows = [dict(r) for r in (await conn.execute(sa.select(schema.dev_outbox))).mappings()]
        audit = [a for (a,) in await conn.execute(sa.select(schema.audit_log.c.action))]
    await db.dispose()
    return [*rows, {"audit": audit}]


def test_send_wait_prints_the_summary(cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    asyncio.run(_seed(cli_env))
    path = tmp_path / "notice.json"
    path.write_text(json.dumps(NOTICE, ensure_ascii=False), encoding="utf-8")
    assert main(["send", str(path), "--wait"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["summary"] == {"email": {"delivered": 1}, "sms": {"delivered": 1}}
    assert out["status"] == "sent" and out["pending"] == 0
    *sent, audit = asyncio.run(_outbox(cli_env))
    assert sorted(r["channel"] for r in sent) == ["email", "sms"]
    assert all(r["idempotency_key"] for r in sent)
    assert {"notice.created", "notice.approved", "notice.sending"} <= set(audit["audit"])


@pytest.mark.parametrize(("content", "expected"), [
    ("{not json", "is not valid JSON"),
    (json.dumps({**NOTICE, "colour": "red"}), "colour: is not a notice field"),
    (json.dumps({**NOTICE, "areas": ["99999"]}), "areas: unknown area '99999'"),
])
def test_bad_input_exits_2_with_one_line(cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         content: str, expected: str) -> None:
    path = tmp_path / "notice.json"
    path.write_text(content, encoding="utf-8")
    assert main(["send", str(path)]) == 2
    err = capsys.readouterr().err
    assert expected in err and err.count("\n") == 1


def test_missing_file_exits_2(cli_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["send", "/nonexistent/notice.json"]) == 2
    assert "cannot read /nonexistent/notice.json" in capsys.readouterr().err
