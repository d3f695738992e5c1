"""The contract every channel keeps, each against its real peer (see peers.py for the modes)."""

from __future__ import annotations

import pytest

from channels.base import Message
from tests.integration.channels.conftest import Rig

# (case, peer mode, recipient, text, expected status, does the message reach the peer)
CASES = [
    ("success", "ok", "good", "さいたま市からのお知らせです。", {"delivered", "accepted"}, True),
    ("refusal is permanent", "reject", "good", "お知らせ", {"permanent"}, False),
    ("server trouble is temporary", "fail", "good", "お知らせ", {"temporary"}, False),
    ("timeout is temporary", "slow", "good", "お知らせ", {"temporary"}, False),
    ("over-long body is permanent before sending", "ok", "good", "あ" * 250_000, {"permanent"}, False),
    ("invalid recipient is permanent before sending", "ok", "bad", "お知らせ", {"permanent"}, False),
]


@pytest.mark.parametrize(("case", "mode", "who", "text", "expected", "reaches"), CASES, ids=[c[0] for c in CASES])
async def test_contract(rig: Rig, case: str, mode: str, who: str, text: str, expected: set[str],
                        reaches: bool) -> None:
    rig.set_mode(mode)
    key = f"key{abs(hash(case)) % 10**8:08d}"
    message = Message(recipient=rig.recipient if who == "good" else rig.bad_recipient, text=text,
                      idempotency_key=key, subject="お知らせ")
    [result] = await rig.channel.send([message])
    assert result.status in expected, result.error
    assert result.message is message
    assert rig.peer.seen_keys() == ([rig.key_seen(key)] if reaches else [])
    if result.ok:
        assert result.provider_ref
    else:
        assert result.error


async def test_recovers_after_a_timeout(rig: Rig) -> None:
    """A timed-out connection is replaced: the next message goes through."""
    rig.set_mode("slow")
    [first] = await rig.channel.send([Message(recipient=rig.recipient, text="1", idempotency_key="k-slow")])
    rig.set_mode("ok")
    [second] = await rig.channel.send([Message(recipient=rig.recipient, text="2", idempotency_key="k-after")])
    assert (first.status, second.status in ("delivered", "accepted")) == ("temporary", True)
    assert rig.key_seen("k-after") in rig.peer.seen_keys()


async def test_a_batch_gets_one_result_per_message_in_order(rig: Rig) -> None:
    batch = [Message(recipient=rig.recipient if i != 2 else rig.bad_recipient, text=f"お知らせ {i}",
                     idempotency_key=f"batch-{i}") for i in range(5)]
    results = await rig.channel.send(batch)
    assert [r.message.idempotency_key for r in results] == [m.idempotency_key for m in batch]
    assert [r.status == "permanent" for r in results] == [False, False, True, False, False]
    assert sorted(rig.peer.seen_keys()) == sorted(rig.key_seen(f"batch-{i}") for i in (0, 1, 3, 4))
