"""Retry policy, circuit breaker and in-memory token bucket (no I/O)."""

from __future__ import annotations

import random

import pytest

from notifier.dispatch.breaker import CircuitBreaker
from notifier.dispatch.keys import idempotency_key, rendering_format
from notifier.dispatch.ratelimit import MemoryRateLimiter, Rate, acquire
from notifier.dispatch.retry import RetryPolicy


def test_default_policy_is_8_tries_over_about_two_hours() -> None:
    policy = RetryPolicy()
    assert policy.max_attempts == 8
    assert [policy.cap(a) for a in range(1, 8)] == [60, 120, 240, 480, 960, 1920, 3600]
    assert 1.5 * 3600 <= policy.total_cap() <= 2.5 * 3600
    assert policy.exhausted(8) and not policy.exhausted(7)


def test_full_jitter_stays_under_the_cap_and_honours_retry_after() -> None:
    policy = RetryPolicy(rng=random.Random(7))
    waits = [policy.delay(3).total_seconds() for _ in range(200)]
    assert all(0 <= w <= 240 for w in waits) and len(set(waits)) > 100
    assert policy.delay(1, retry_after=500).total_seconds() >= 500
    with pytest.raises(ValueError, match="max_attempts"):
        RetryPolicy(max_attempts=0)


def test_breaker_opens_half_opens_and_closes() -> None:
    now = [0.0]
    breaker = CircuitBreaker("email:smtp", threshold=3, cooldown=10, clock=lambda: now[0])
    for _ in range(2):
        breaker.record(success=False)
    assert breaker.state == "closed" and breaker.allowance(5) == 5
    breaker.record(success=False)
    assert breaker.state == "open" and breaker.allowance(5) == 0 and breaker.retry_in() == 10
    now[0] = 10
    assert breaker.state == "half_open" and breaker.allowance(5) == 1 and breaker.allowance(5) == 0
    breaker.record(success=False)  # the probe failed: open again for a full cooldown
    assert breaker.state == "open"
    now[0] = 20
    assert breaker.allowance(5) == 1
    breaker.record(success=True)
    assert breaker.state == "closed" and breaker.allowance(5) == 5


async def test_memory_token_bucket() -> None:
    now = [0.0]
    limiter = MemoryRateLimiter(clock=lambda: now[0])
    rate = Rate.of(10, burst=10)
    assert await limiter.take("sms", rate, 25) == 10
    assert await limiter.take("sms", rate, 5) == 0
    now[0] = 0.35
    assert await limiter.take("sms", rate, 5) == 3
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds
    await acquire(limiter, "sms", rate, 12, sleep=fake_sleep)
    assert slept and sum(slept) >= 1.0


def test_keys_and_formats() -> None:
    assert idempotency_key(1, 2, 0, 0) == idempotency_key(1, 2, 0, 0) != idempotency_key(1, 2, 1, 0)
    assert len(idempotency_key(1, 2, 0, 0)) == 32
    assert rendering_format("sms", 0) == "sms-short" and rendering_format("sms", 2) == "sms"
    assert rendering_format("voice-relay", 1) == "voice"
