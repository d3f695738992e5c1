"""Officer passwords (argon2), the password policy, and the role → scope mapping."""

from __future__ import annotations

from typing import Any

import pytest
from argon2 import PasswordHasher

from notifier.officers import passwords
from notifier.officers.principal import ROLE_SCOPES, ROLES, SCOPES, Principal, scopes_for_roles
from notifier.officers.testing import cheap_passwords


@pytest.fixture(autouse=True)
def _cheap(monkeypatch: Any) -> None:
    cheap_passwords(monkeypatch)


async def test_hash_and_verify() -> None:
    stored = await passwords.hash_password("a long enough secret")
    assert stored.startswith("$argon2id$") and "a long enough secret" not in stored
    assert (await passwords.verify(stored, "a long enough secret")).ok
    assert not (await passwords.verify(stored, "a long enough secreT")).ok
    assert not (await passwords.verify(None, "a long enough secret")).ok
    assert not (await passwords.verify("not a hash", "a long enough secret")).ok


async def test_outdated_parameters_are_rehashed_on_verify(monkeypatch: Any) -> None:
    old = await passwords.hash_password("a long enough secret")
    assert (await passwords.verify(old, "a long enough secret")).new_hash is None
    monkeypatch.setattr(passwords, "HASHER", PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1))
    result = await passwords.verify(old, "a long enough secret")
    assert result.ok and result.new_hash and result.new_hash != old
    assert "t=2" in result.new_hash and "m=2048" in result.new_hash
    assert (await passwords.verify(result.new_hash, "a long enough secret")).new_hash is None


@pytest.mark.parametrize(("password", "reason"), [
    ("short", "at least 12"),
    ("x" * 1025, "at most 1024"),
    ("hanako-2025-secret", "user name"),
    ("aaaaaaaaaaaaaaaa", "repetitive"),
])
def test_password_policy_refuses(password: str, reason: str) -> None:
    with pytest.raises(passwords.PasswordPolicyError, match=reason):
        passwords.check_policy(password, username="hanako")


def test_password_policy_accepts_and_generated_passwords_pass() -> None:
    passwords.check_policy("twelve chars!", username="hanako")
    generated = {passwords.generate() for _ in range(5)}
    assert len(generated) == 5
    for password in generated:
        passwords.check_policy(password, username="hanako")


def test_role_scopes_are_known_scopes_and_least_privilege() -> None:
    assert set(ROLE_SCOPES) == set(ROLES)
    assert all(s in SCOPES for scopes in ROLE_SCOPES.values() for s in scopes)
    assert "notices:approve" not in scopes_for_roles(["author", "emergency"])
    assert "notices:approve" in scopes_for_roles(["author", "approver"])


def test_principal_roles_and_actor() -> None:
    officer = Principal("session", 1, "hanako", roles=frozenset({"author"}), scopes=scopes_for_roles(["author"]))
    assert officer.actor == "user:hanako"
    assert officer.has_role() and officer.has_role("author", "admin") and not officer.has_role("admin")
    key = Principal("apikey", None, None, scopes=frozenset({"ingest"}), key_prefix="0123abcd")
    assert key.actor == "apikey:0123abcd"
    assert not key.has_role() and key.has_scope("ingest") and not key.has_scope("admin")


def test_session_cookie_flags() -> None:
    from aiohttp import web

    from notifier.officers import sessions

    for secure in (False, True):
        response = web.Response()
        sessions.set_cookie(response, "token-value", secure=secure)
        header = response.cookies[sessions.COOKIE].output(header="")
        assert "HttpOnly" in header and "SameSite=Lax" in header and "Path=/" in header
        assert "Max-Age=28800" in header
        assert ("Secure" in header) is secure


def test_session_api_calls_with_form_bodies_are_refused() -> None:
    from aiohttp.test_utils import make_mocked_request

    from notifier.officers.auth import _refuse_cross_site_api_call
    from notifier.web.problems import Problem

    for content_type in ("application/x-www-form-urlencoded", "multipart/form-data", "text/plain"):
        request = make_mocked_request("POST", "/api/v1/notices", headers={"Content-Type": content_type})
        with pytest.raises(Problem) as refused:
            _refuse_cross_site_api_call(request)
        assert refused.value.status == 403
    _refuse_cross_site_api_call(make_mocked_request("POST", "/api/v1/notices",
                                                    headers={"Content-Type": "application/json"}))
    _refuse_cross_site_api_call(make_mocked_request("GET", "/api/v1/notices",
                                                    headers={"Content-Type": "text/plain"}))
