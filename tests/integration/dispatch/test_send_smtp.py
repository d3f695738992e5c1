"""``todoke send NOTICE.json --wait`` through the real SMTP channel to an aiosmtpd server.

The renderer is the real one: the List-Unsubscribe header arrives personalised for each subscriber.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from notifier.cli import main
from notifier.config import Settings
from notifier.dispatch.testing import make_subscriber
from notifier.storage import schema
from notifier.storage.db import Database
from subscribers.tokens import public_id_from, unsubscribe_url
from tests.conftest import TEST_SECRET
from tests.integration.channels.peers import SmtpSink, free_port

NOTICE = {"title": "断水のお知らせ", "body": "西区で断水があります。給水所は西区役所です。", "urgency": "normal",
          "topics": ["water"], "areas": ["11101"]}
ADDRESSES = ("a@example.jp", "b@example.jp", "c@example.jp")


@pytest.fixture
def sink() -> Iterator[tuple[SmtpSink, int]]:
    handler, port = SmtpSink(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


async def _seed(url: str) -> None:
    db = Database(url)
    async with db.begin() as conn:
        for address in ADDRESSES:
            await make_subscriber(conn, topics=["water"], areas=["11101"], contacts={"email": address})
        await make_subscriber(conn, topics=["water"], areas=["11102"], contacts={"email": "other@example.jp"})
    await db.dispose()


async def _keys(url: str) -> dict[str, str]:
    """Idempotency key → the subscriber's public id, for the notice's deliveries."""
    db = Database(url)
    d, s = schema.deliveries, schema.subscribers
    async with db.connect() as conn:
        rows = (await conn.execute(sa.select(d.c.idempotency_key, s.c.public_id)
                                   .join(s, s.c.id == d.c.subscriber_id))).all()
    await db.dispose()
    return {key: public_id for key, public_id in rows}


def test_send_wait_delivers_every_subscriber_by_smtp(database_url: str, sink: tuple[SmtpSink, int],
                                                     monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    handler, port = sink
    env = {"TODOKE_DATABASE_URL": database_url, "TODOKE_SECRET_KEY": TEST_SECRET, "TODOKE_LOG_LEVEL": "WARNING",
           "TODOKE_SMTP_URL": f"smtp://127.0.0.1:{port}", "TODOKE_BASE_URL": "https://todoke.example.jp",
           "TODOKE_AUDIO_DIR": str(tmp_path / "audio")}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    for name in ("SMS", "VOICE", "LINE"):
        monkeypatch.delenv(f"TODOKE_{name}_URL", raising=False)
    asyncio.run(_seed(database_url))
    path = tmp_path / "notice.json"
    path.write_text(json.dumps(NOTICE, ensure_ascii=False), encoding="utf-8")

    assert main(["send", str(path), "--wait"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["summary"] == {"email": {"delivered": len(ADDRESSES)}} and out["pending"] == 0

    settings = Settings.load(env)
    keys = asyncio.run(_keys(database_url))
    assert sorted(m["To"] for m in handler.messages) == sorted(ADDRESSES)
    assert sorted(handler.seen_keys()) == sorted(keys)  # Message-ID = idempotency key, one each
    for message in handler.messages:
        public_id = keys[str(message["Message-ID"]).strip("<>").split("@")[0]]
        header = str(message["List-Unsubscribe"])
        # the token carries its signing time, so compare what it says, not its bytes (a second may tick over)
        assert header.startswith("<" + unsubscribe_url(settings, public_id).rsplit("/", 1)[0] + "/")
        assert public_id_from(settings, "unsubscribe", header.strip("<>").rsplit("/", 1)[1]) == public_id
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
