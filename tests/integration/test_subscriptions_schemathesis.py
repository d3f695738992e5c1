"""Schemathesis against the running app (a real port): no public subscription endpoint answers 5xx."""

from __future__ import annotations

import asyncio
from typing import Any

import hypothesis
import schemathesis
from hypothesis import HealthCheck, Phase

from notifier.storage.db import Database
from tests.integration.subscriber_helpers import subscribe_verified

MAX_EXAMPLES = 25  # per operation: bounded so both backends finish well under a minute


def fuzz(openapi_url: str, base_url: str, manage_token: str) -> tuple[int, list[str]]:
    """Runs in a thread (schemathesis calls are blocking) while the server serves on the test's loop."""
    schema = schemathesis.openapi.from_url(openapi_url)
    schema.config.update(base_url=base_url)
    failures: list[str] = []
    calls = 0
    for result in schema.include(tag="subscriptions").get_all_operations():
        operation = result.ok()

        @hypothesis.given(case=operation.as_strategy())
        @hypothesis.settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=True,
                             phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        def check(case: Any) -> None:
            nonlocal calls
            calls += 1
            if case.path.startswith("/subscriptions/me") and calls % 2:  # half get past authentication
                case.headers = {**(case.headers or {}), "Authorization": f"Bearer {manage_token}"}
            response = case.call(timeout=15)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} {case.body!r} → {response.status_code}")

        check()
    return calls, failures


async def test_no_server_errors_on_public_subscription_endpoints(client: Any, db: Database) -> None:
    token = await subscribe_verified(client, db)
    base = str(client.make_url("/api/v1"))
    calls, failures = await asyncio.to_thread(fuzz, base + "/openapi.json", base, token)
    assert failures == []
    assert calls >= 10 * MAX_EXAMPLES  # every operation was exercised
