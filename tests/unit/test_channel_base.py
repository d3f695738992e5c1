"""The channel contract's promise that ``send`` never raises for a message, even for a bug."""

from __future__ import annotations

import logging
from typing import ClassVar

import pytest

from channels.base import Channel, Message, Result


class _Buggy(Channel):
    name: ClassVar[str] = "buggy"
    family: ClassVar[str] = "email"

    async def _send(self, message: Message) -> Result:
        if message.recipient.startswith("bad"):
            raise ValueError("a library tripped on bad@example.jp")
        return Result(message, "delivered")


async def test_an_unexpected_error_is_one_messages_temporary_failure(caplog: pytest.LogCaptureFixture) -> None:
    batch = [Message(recipient=r, text="x", idempotency_key=r) for r in ("ok1@example.jp", "bad@example.jp")]
    with caplog.at_level(logging.ERROR, logger="channels.base"):
        results = await _Buggy().send(batch)
    assert [r.status for r in results] == ["delivered", "temporary"]
    assert results[1].error is not None and results[1].error.startswith("unexpected ValueError")
    assert any("failed unexpectedly" in record.getMessage() for record in caplog.records)
