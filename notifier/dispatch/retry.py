"""The retry policy: how many tries, and how long to wait before each (exponential backoff, full jitter)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from notifier.config import Settings


@dataclass(frozen=True, kw_only=True)
class RetryPolicy:
    """Default: 8 tries; waits capped at 60 s, 120 s, … 3600 s (about 2 hours in all at most).

    Full jitter (a uniform wait between 0 and the cap) spreads the retries of a broadcast that
    failed all at once, so a recovering gateway is not hit by every retry in the same second.
    """

    max_attempts: int = 8
    base_seconds: float = 60.0
    max_seconds: float = 3600.0
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> RetryPolicy:
        """``TODOKE_RETRY_MAX_ATTEMPTS`` and ``TODOKE_RETRY_BASE_SECONDS``; waits capped at an hour (or the base)."""
        base = float(settings.retry_base_seconds)
        return cls(max_attempts=settings.retry_max_attempts, base_seconds=base, max_seconds=max(3600.0, base))

    def __post_init__(self) -> None:
        if self.max_attempts < 1 or self.base_seconds < 0 or self.max_seconds < self.base_seconds:
            raise ValueError("max_attempts >= 1 and 0 <= base_seconds <= max_seconds are required")

    def cap(self, attempts: int) -> float:
        """The largest wait after ``attempts`` failed tries (1 after the first failure)."""
        return float(min(self.max_seconds, self.base_seconds * 2 ** max(attempts - 1, 0)))

    def exhausted(self, attempts: int) -> bool:
        return attempts >= self.max_attempts

    def delay(self, attempts: int, *, retry_after: float | None = None) -> timedelta:
        """The wait before the next try; a gateway's own Retry-After is a lower bound."""
        wait = self.rng.uniform(0, self.cap(attempts))
        if retry_after is not None:
            wait = max(wait, min(retry_after, self.max_seconds))
        return timedelta(seconds=wait)

    def total_cap(self) -> float:
        """The longest time from the first try to the last."""
        return sum(self.cap(a) for a in range(1, self.max_attempts))
