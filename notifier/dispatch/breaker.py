"""A circuit breaker per gateway: stop sending to a gateway that keeps failing, probe it now and then."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

State = Literal["closed", "open", "half_open"]


@dataclass
class CircuitBreaker:
    """Opens after ``threshold`` consecutive temporary failures; after ``cooldown`` seconds one
    probe is let through (half-open): success closes it, failure opens it again."""

    name: str
    threshold: int = 5
    cooldown: float = 30.0
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)
    failures: int = 0
    opened_at: float | None = None
    probing: bool = False

    @property
    def state(self) -> State:
        if self.opened_at is None:
            return "closed"
        if self.clock() - self.opened_at >= self.cooldown:
            return "half_open"
        return "open"

    def allowance(self, wanted: int) -> int:
        """How many of ``wanted`` messages may go now: all, one probe, or none."""
        state = self.state
        if state == "closed":
            return wanted
        if state == "half_open" and not self.probing:
            self.probing = True
            return min(wanted, 1)
        return 0

    def retry_in(self) -> float:
        """Seconds until a probe is allowed (0 when closed)."""
        if self.opened_at is None:
            return 0.0
        return max(self.cooldown - (self.clock() - self.opened_at), 0.0)

    def record(self, *, success: bool) -> None:
        """Feed one outcome. Permanent failures count as success: the gateway answered."""
        self.probing = False
        if success:
            self.failures, self.opened_at = 0, None
            return
        self.failures += 1
        if self.failures >= self.threshold or self.opened_at is not None:
            self.opened_at = self.clock()
