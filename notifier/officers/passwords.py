"""Officer passwords: argon2id hashes (argon2-cffi), the password policy, generated passwords.

Hashing is deliberately slow, so it runs in a worker thread and never stalls the event loop.
"""

from __future__ import annotations

import asyncio
import functools
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from notifier.officers import N_

MIN_LENGTH = 12
MAX_LENGTH = 1024  # an unbounded password is a cheap way to make the server hash megabytes

# Module-level so tests can swap in cheap parameters; read at call time.
HASHER = PasswordHasher()


class PasswordPolicyError(ValueError):
    """The password does not meet the policy; the message (a gettext msgid) says why."""


def check_policy(password: str, *, username: str = "") -> None:
    if len(password) < MIN_LENGTH:
        raise PasswordPolicyError(N_("must be at least 12 characters long"))
    if len(password) > MAX_LENGTH:
        raise PasswordPolicyError(N_("must be at most 1024 characters long"))
    if username and username.lower() in password.lower():
        raise PasswordPolicyError(N_("must not contain the user name"))
    if len(set(password)) < 4:
        raise PasswordPolicyError(N_("is too repetitive"))


def generate() -> str:
    """A random password well beyond the policy (20 URL-safe characters, about 120 bits)."""
    return secrets.token_urlsafe(15)


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(HASHER.hash, password)


@dataclass(frozen=True)
class Verified:
    ok: bool
    new_hash: str | None = None  # set when the stored hash uses outdated parameters


def _verify(stored: str, password: str) -> Verified:
    hasher = HASHER
    try:
        hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return Verified(False)
    if hasher.check_needs_rehash(stored):
        return Verified(True, hasher.hash(password))
    return Verified(True)


async def verify(stored: str | None, password: str) -> Verified:
    """Check ``password``; with no stored hash (unknown user) spend the same time and fail."""
    if stored is None:
        await asyncio.to_thread(_verify, _dummy_hash(), password)
        return Verified(False)
    return await asyncio.to_thread(_verify, stored, password)


@functools.cache
def _dummy_hash_for(hasher_id: int) -> str:
    return HASHER.hash(secrets.token_urlsafe(16))


def _dummy_hash() -> str:
    return _dummy_hash_for(id(HASHER))
