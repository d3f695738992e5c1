"""Gateways per channel: the primary channel and optional spares, each behind a breaker and a rate limit.

A batch goes to the first gateway whose breaker lets it through; when the primary's breaker is
open the spare takes the traffic; when every breaker is open the messages are deferred (not
counted as attempts) until the first probe is due.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from channels.base import Channel, Message, Result
from notifier.dispatch.breaker import CircuitBreaker, SqlBreakerStore
from notifier.dispatch.ratelimit import MemoryRateLimiter, Rate, RateLimiter, acquire


@dataclass
class Gateway:
    name: str  # stable across processes: the shared rate-limit bucket is keyed by it
    channel: Channel
    breaker: CircuitBreaker
    rate: Rate | None = None


@dataclass
class SendOutcome:
    results: list[Result] = field(default_factory=list)
    deferred: list[Message] = field(default_factory=list)
    retry_in: float = 0.0  # seconds until a deferred message may be tried


def _gateway(channel_name: str, index: int, channel: Channel, threshold: int, cooldown: float,
             shared: bool) -> Gateway:
    name = f"{channel_name}:{getattr(channel, 'gateway_name', channel.name) or 'channel'}"
    name += f"#{index}" if index else ""
    rate = Rate.of(channel.rate_per_second) if channel.rate_per_second else None
    breaker = CircuitBreaker(name, threshold=threshold, cooldown=cooldown)
    if shared:  # the open time is compared across processes: wall clock
        breaker.clock = time.time
    return Gateway(name, channel, breaker, rate)


class Gateways:
    """Channel name (email, sms, voice, voice-relay, line, webhook) → ordered gateways."""

    def __init__(self, by_channel: Mapping[str, Sequence[Channel]], *, limiter: RateLimiter | None = None,
                 breaker_threshold: int = 5, breaker_cooldown: float = 30.0,
                 breakers: SqlBreakerStore | None = None) -> None:
        self.limiter = limiter or MemoryRateLimiter()
        self.breakers = breakers
        self.by_channel = {
            name: [_gateway(name, i, ch, breaker_threshold, breaker_cooldown, breakers is not None)
                   for i, ch in enumerate(chs)]
            for name, chs in by_channel.items()
        }

    @classmethod
    def from_channels(cls, channels: object, *, spares: Mapping[str, Sequence[Channel]] | None = None,
                      limiter: RateLimiter | None = None, **kw: Any) -> Gateways:
        """From ``channels.registry.Channels`` (one provider per family and its spares), plus ``spares``."""
        by_family: dict[str, list[Channel]] = {f: [ch] for f, ch in getattr(channels, "by_family", {}).items()}
        for family, extra in [*getattr(channels, "spares", {}).items(), *(spares or {}).items()]:
            by_family.setdefault(family, []).extend(extra)
        return cls(by_family, limiter=limiter, **kw)

    def names(self) -> list[str]:
        return list(self.by_channel)

    async def send(self, channel: str, messages: Sequence[Message]) -> SendOutcome:
        outcome = SendOutcome()
        remaining = list(messages)
        waits: list[float] = []
        for gateway in self.by_channel.get(channel, []):
            if not remaining:
                break
            if self.breakers is not None:
                await self.breakers.refresh(gateway.breaker)
            allowed = gateway.breaker.allowance(len(remaining))
            if allowed == 0:
                waits.append(gateway.breaker.retry_in())
                continue
            part, remaining = remaining[:allowed], remaining[allowed:]
            outcome.results += await self._send(gateway, part)
            if remaining and gateway.breaker.state != "closed":
                waits.append(gateway.breaker.retry_in())
        if remaining and not self.by_channel.get(channel):
            outcome.results += [Result(m, "permanent", error=f"no gateway for channel {channel}") for m in remaining]
            return outcome
        outcome.deferred = remaining
        outcome.retry_in = max(min(waits, default=1.0), 1.0)
        return outcome

    async def _send(self, gateway: Gateway, part: list[Message]) -> list[Result]:
        if gateway.rate is not None:
            await acquire(self.limiter, gateway.name, gateway.rate, len(part))
        results = await gateway.channel.send(part)
        for result in results:
            # A permanent failure is the gateway answering: only temporary ones trip the breaker.
            gateway.breaker.record(success=result.status != "temporary")
        if self.breakers is not None and results:
            failures = sum(r.status == "temporary" for r in results)
            await self.breakers.record(gateway.breaker, succeeded=failures < len(results), failures=failures)
        return results
