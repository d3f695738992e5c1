"""Schemathesis over the WHOLE OpenAPI document, against the app on a real port.

Every operation is called with generated requests; half carry an API key with every scope (so
authenticated routes get past authentication) and, on subscription routes, the other half a
manage token. Failures: any 5xx, or a response that violates its documented schema (status code
not documented, body not matching the documented JSON schema, wrong content type).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from notifier.cli.common import operator
from notifier.officers import accounts
from notifier.officers.principal import SCOPES
from notifier.storage.db import Database
from tests.integration.subscriber_helpers import subscribe_verified

MAX_EXAMPLES = 25  # per operation: the whole document finishes in about a minute
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def fuzz(openapi_url: str, base_url: str, api_key: str, manage_token: str) -> tuple[int, Counter[int], list[str]]:
    """Runs in a thread (schemathesis calls block) while the server serves on the test's loop."""
    schema = schemathesis.openapi.from_url(openapi_url)
    schema.config.update(base_url=base_url)
    failures: list[str] = []
    calls = operations = 0
    statuses: Counter[int] = Counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @hypothesis.given(case=operation.as_strategy())
        @hypothesis.settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=True,
                             phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        def check(case: Any) -> None:
            nonlocal calls
            calls += 1
            token = manage_token if case.path.startswith("/subscriptions/me") else api_key
            if calls % 2:
                case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
            response = case.call(timeout=30)
            statuses[response.status_code] += 1
            try:
                case.validate_response(response, checks=CHECKS)
            except Exception as exc:  # a failed check: collect them all, report at the end
                failures.append(f"{case.method} {case.formatted_path} body={case.body!r} → "
                                f"{response.status_code}: {str(exc).splitlines()[0][:300]}")

        check()
    return operations, statuses, failures


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_every_operation_of_the_openapi_document(client: Any, db: Database) -> None:
    token = await subscribe_verified(client, db)
    _, api_key = await accounts.create_api_key(db, operator(), name="fuzz", scopes=list(SCOPES), username=None)
    base = str(client.make_url("/api/v1"))
    operations, statuses, failures = await asyncio.to_thread(fuzz, base + "/openapi.json", base, api_key, token)
    calls = sum(statuses.values())
    print(f"\nschemathesis: {operations} operations, {calls} calls, statuses {dict(statuses)}, "
          f"{len(failures)} failures")
    assert failures == [], "\n".join(sorted(set(failures))[:30])
    assert operations >= 20 and calls >= operations * 2
    assert sum(n for code, n in statuses.items() if code < 300) >= operations  # not all turned away
