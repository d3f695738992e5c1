"""Fixtures of the fault suite: a misbehaving SMTP sink per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.reliability.sink import FaultySink


@pytest.fixture
def sink() -> Iterator[FaultySink]:
    smtp = FaultySink().start()
    yield smtp
    smtp.stop()
