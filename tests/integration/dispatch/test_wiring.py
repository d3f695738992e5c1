"""Settings reach delivery: spare gateways, worker count, batch size, retry policy; the relay provider;
``send_notice`` as the entry the ingest auto-send rules call."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa

from channels.base import Message
from channels.email.smtp import SmtpChannel
from channels.registry import Channels
from channels.voice.relay import QUEUED, RelayQueueChannel
from notifier.config import Settings
from notifier.dispatch.service import gateways_for, worker_count
from notifier.dispatch.testing import make_subscriber
from notifier.dispatch.worker import Worker
from notifier.ingest.service import ingest
from notifier.storage import schema
from notifier.storage.db import Database
from tests.ingest_samples import sample
from tests.integration.channels.conftest import smtp_server
from tests.integration.channels.peers import free_port


@pytest.mark.parametrize(("url", "workers", "expected"), [
    ("sqlite:///x.db", 0, 1), ("postgresql://u@h/db", 0, 2), ("sqlite:///x.db", 3, 3), ("postgresql://u@h/d", 4, 4),
])
def test_worker_count_follows_the_setting_and_the_backend(make_settings: Callable[..., Settings], url: str,
                                                          workers: int, expected: int) -> None:
    assert worker_count(make_settings(database_url=url, workers=workers)) == expected


def test_workers_setting_is_validated() -> None:
    assert Settings.from_mapping({"TODOKE_WORKERS": "0", "TODOKE_BATCH_SIZE": "7"}).batch_size == 7
    with pytest.raises(ValueError, match="TODOKE_WORKERS"):
        Settings.from_mapping({"TODOKE_WORKERS": "-1"})


async def test_worker_takes_batch_size_and_retry_policy_from_settings(db: Database, settings: Settings) -> None:
    tuned = settings.replace(batch_size=7, retry_max_attempts=3, retry_base_seconds=5)
    worker = Worker(db, gateways_for(db, Channels({})), tuned)
    assert worker.batch_size == 7
    assert (worker.retry.max_attempts, worker.retry.base_seconds) == (3, 5.0)
    assert worker.retry.exhausted(3) and not worker.retry.exhausted(2)
    assert Worker(db, gateways_for(db, Channels({})), tuned, batch_size=2).batch_size == 2  # explicit wins


async def test_the_second_smtp_gateway_takes_over_when_the_first_is_down(db: Database, settings: Settings) -> None:
    dead = free_port()  # nothing listens there: connection refused, a temporary failure
    async with smtp_server() as (sink, port):
        tuned = settings.replace(smtp_url=f"smtp://127.0.0.1:{dead}?timeout=1",
                                 smtp_url_2=f"smtp://127.0.0.1:{port}")
        channels = Channels.from_settings(tuned, db=db)
        assert isinstance(channels.spares["email"][0], SmtpChannel)
        gateways = gateways_for(db, channels)
        assert len(gateways.by_channel["email"]) == 2
        await channels.open()
        try:
            batch = [Message(f"r{i}@example.jp", "本文", f"key{i}", subject="件名") for i in range(5)]
            first = await gateways.send("email", batch)  # five refusals open the primary's breaker
            assert [r.status for r in first.results] == ["temporary"] * 5
            second = await gateways.send("email", batch)
        finally:
            await channels.close()
    assert [r.status for r in second.results] == ["delivered"] * 5
    assert sorted(sink.seen_keys()) == [f"key{i}" for i in range(5)]


async def test_no_spare_without_the_setting(db: Database, settings: Settings) -> None:
    channels = Channels.from_settings(settings, db=db)
    assert channels.spares == {}
    assert [len(g) for g in gateways_for(db, channels).by_channel.values()] == [1] * len(channels.by_family)


async def test_the_relay_queue_is_a_registered_provider(db: Database, settings: Settings) -> None:
    channels = Channels.from_settings(settings, db=db)
    relay = channels["voice-relay"]
    assert isinstance(relay, RelayQueueChannel)
    result = (await relay.send([Message("+819012345678", "本文", "k1")]))[0]
    assert (result.status, result.provider_ref) == ("accepted", QUEUED)
    assert "voice-relay" in gateways_for(db, channels).names()


async def test_the_app_has_the_relay_gateway_without_a_hook(client: object) -> None:
    from notifier.web import keys

    app = client.server.app  # type: ignore[attr-defined]
    assert isinstance(app[keys.CHANNELS]["voice-relay"], RelayQueueChannel)


async def test_an_ingested_evacuation_order_is_sent_through_send_notice(db: Database, settings: Settings) -> None:
    async with db.begin() as conn:
        await make_subscriber(conn, areas=("11106",), topics=("disaster",))  # 桜区
        await make_subscriber(conn, areas=("11101",), topics=("disaster",))  # another ward
    outcome = await ingest(db, sample("lalert/evacuation_order_sakura.xml"), actor="cli:test", settings=settings)
    assert outcome.rule == "lalert-evacuation-order" and outcome.notice["status"] == "sent"
    async with db.connect() as conn:
        rows = (await conn.execute(sa.select(schema.deliveries.c.channel, schema.deliveries.c.status).where(
            schema.deliveries.c.notice_id == outcome.notice["id"]))).all()
    assert [tuple(r) for r in rows] == [("email", "pending")]  # fanned out to the 桜区 resident only
