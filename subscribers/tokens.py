"""Signed, expiring tokens for the links a citizen receives (no passwords anywhere).

One salt per purpose, so a token made for one link is worthless for another: an unsubscribe
link forwarded with a newsletter cannot open the manage page.
"""

from __future__ import annotations

import functools
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from notifier.config import Settings
from notifier.keyring import keys_of

DAY = 24 * 3600
# Purpose → (salt, lifetime in seconds). Manage and unsubscribe links live in every message's
# footer for years; verification links are short-lived.
PURPOSES: dict[str, tuple[str, int]] = {
    "verify": ("todoke.verify-email", 3 * DAY),
    "manage": ("todoke.manage", 5 * 365 * DAY),
    "unsubscribe": ("todoke.unsubscribe", 5 * 365 * DAY),
    "caregiver": ("todoke.caregiver-consent", 14 * DAY),
}


class TokenError(ValueError):
    """The token is expired, tampered with, or made for another purpose."""

    def __init__(self, message: str, *, expired: bool = False) -> None:
        super().__init__(message)
        self.expired = expired


def _serializer(settings: Settings, purpose: str) -> URLSafeTimedSerializer:
    return _serializer_for(keys_of(settings.secret_key), purpose)


@functools.lru_cache(maxsize=32)
def _serializer_for(keys: tuple[str, ...], purpose: str) -> URLSafeTimedSerializer:
    # Built once per key and purpose, not per request: a manage link is checked on every self-service call.
    # itsdangerous signs with the last key and accepts any: links mailed before a key rotation keep working.
    salt, _ = PURPOSES[purpose]
    return URLSafeTimedSerializer(list(reversed(keys)), salt=salt)


def sign(settings: Settings, purpose: str, payload: Any) -> str:
    return str(_serializer(settings, purpose).dumps(payload))


def load(settings: Settings, purpose: str, token: str, *, max_age: int | None = None) -> Any:
    """The payload, or ``TokenError`` (expired, tampered, wrong purpose)."""
    _, lifetime = PURPOSES[purpose]
    try:
        return _serializer(settings, purpose).loads(token, max_age=lifetime if max_age is None else max_age)
    except SignatureExpired:
        raise TokenError("the link has expired; ask for a new one", expired=True) from None
    except (BadSignature, UnicodeError, ValueError):
        raise TokenError("the link is not valid (it may have been cut or altered)") from None


def manage_token(settings: Settings, public_id: str) -> str:
    return sign(settings, "manage", public_id)


def manage_url(settings: Settings, public_id: str) -> str:
    """The citizen's link to change everything or leave (for message footers)."""
    return f"{settings.base_url.rstrip('/')}/manage/{manage_token(settings, public_id)}"


def unsubscribe_url(settings: Settings, public_id: str) -> str:
    """One-click unsubscribe (also the RFC 8058 List-Unsubscribe target)."""
    return f"{settings.base_url.rstrip('/')}/u/{sign(settings, 'unsubscribe', public_id)}"


def public_id_from(settings: Settings, purpose: str, token: str) -> str:
    value = load(settings, purpose, token)
    if not isinstance(value, str):
        raise TokenError("the link is not valid")
    return value
