"""Prometheus metrics, one registry per application (so tests and workers don't collide)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.http_requests = Counter("todoke_http_requests", "HTTP requests", ["method", "status"], registry=r)
        self.subscriptions = Counter("todoke_subscriptions", "subscription changes", ["event"], registry=r)
        self.verifications = Counter("todoke_verification_messages", "verification messages sent", ["channel"],
                                     registry=r)
        self.deliveries = Counter("todoke_deliveries", "delivery attempts by outcome",
                                  ["channel", "status"], registry=r)
        self.delivery_latency = Histogram(
            "todoke_send_to_delivered_seconds", "time from a notice being sent to a delivery succeeding",
            ["channel"], registry=r,
            buckets=(0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200),
        )
        self.outbox_pending = Gauge("todoke_outbox_pending", "deliveries waiting in the outbox", registry=r)

    def render(self) -> bytes:
        return generate_latest(self.registry)
