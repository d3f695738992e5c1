"""Every console route against every role: anonymous → sign-in redirect; each role allowed or 403."""

from __future__ import annotations

from typing import Any

import pytest

from notifier.console.actions import ROLES as ACTION_ROLES
from notifier.officers.principal import ROLES
from notifier.officers.testing import cheap_passwords, form_token, login_as
from tests.integration.console.helpers import post_new, public_id

ANY = ROLES
WRITERS = ("author", "emergency")
# (method, path, roles allowed); {id} is a real notice, {d} a delivery id that does not exist
ROUTES: list[tuple[str, str, tuple[str, ...]]] = [
    ("GET", "/console/notices", ANY),
    ("GET", "/console/notices/new", WRITERS),
    ("POST", "/console/notices/new", WRITERS),
    ("GET", "/console/notices/{id}", ANY),
    ("POST", "/console/notices/{id}", WRITERS),
    ("GET", "/console/notices/{id}/preview", ANY),
    ("GET", "/console/notices/{id}/progress", ANY),
    ("GET", "/console/notices/{id}/events", ANY),
    ("POST", "/console/notices/{id}/resend", ("approver", "emergency")),
    ("GET", "/console/relay", ANY),
    ("POST", "/console/relay/999999/reveal", ANY),
    ("POST", "/console/relay/999999/outcome", ANY),
    ("GET", "/console/subscribers", ("admin",)),
    ("POST", "/console/subscribers", ("admin",)),
    ("GET", "/console/outbox", ("admin",)),
    *[("POST", f"/console/notices/{{id}}/{name}", roles) for name, roles in ACTION_ROLES.items()],
]


@pytest.fixture(autouse=True)
def _fast(monkeypatch: Any) -> None:
    cheap_passwords(monkeypatch)


async def _sent_notice(client: Any, db: Any) -> str:
    """A sent notice (so the events stream ends at once), then signed out."""
    await login_as(client, db, "emergency", username="maker")
    resp = await post_new(client, urgency="emergency", topic="disaster")
    pid = public_id(resp)
    csrf = await form_token(client, f"/console/notices/{pid}")
    await client.post(f"/console/notices/{pid}/emergency", data={"csrf_token": csrf, "version": "1"})
    client.session.cookie_jar.clear()
    return pid


@pytest.mark.parametrize(("method", "path", "allowed"), ROUTES, ids=[f"{m} {p}" for m, p, _ in ROUTES])
async def test_role_matrix(client: Any, db: Any, method: str, path: str, allowed: tuple[str, ...]) -> None:
    url = path.replace("{id}", await _sent_notice(client, db))
    anonymous = await client.request(method, url, data={} if method == "POST" else None, allow_redirects=False)
    assert anonymous.status in (303, 403)  # POST without a CSRF cookie is refused before the role check
    if method == "GET":
        assert anonymous.headers["Location"].startswith("/console/login?next=")
    for role in ROLES:
        client.session.cookie_jar.clear()
        await login_as(client, db, role, username=f"{role}-x")
        data = {"csrf_token": await form_token(client, "/console/login")} if method == "POST" else None
        resp = await client.request(method, url, data=data, allow_redirects=False)
        if role in allowed:
            assert resp.status != 403, (role, resp.status)
        else:
            assert resp.status == 403, (role, resp.status)
        resp.close()
