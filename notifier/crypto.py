"""Contact details encrypted at rest: ``contact_points.address`` holds ``v1:<base64>`` tokens.

``v1`` is AES-256-GCM with a key derived (HKDF-SHA256) from ``TODOKE_SECRET_KEY`` and a random
96-bit nonce per value. Rows are found through ``address_hash`` (``notifier.privacy.keyed_hash``),
never by this column, so the randomised ciphertext costs no lookup. The prefix names the format
and key generation, so a later ``v2`` can be introduced and old rows re-encrypted.

A token that does not decrypt (another key, a tampered value, a plaintext row) raises
``ContactKeyError``: sending to garbage, or silently skipping people, would be worse than failing.
"""

from __future__ import annotations

import base64
import binascii
import functools
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from notifier.config import Settings
from notifier.keyring import keys_of

PREFIX = "v1:"
_NONCE = 12
_INFO = b"todoke contact_points.address v1"


class ContactKeyError(Exception):
    """A stored contact detail cannot be decrypted with the configured key."""


def _secret(key: Settings | str) -> str:
    secret = key if isinstance(key, str) else key.secret_key
    if not secret:
        raise ContactKeyError("TODOKE_SECRET_KEY is empty: contact details cannot be encrypted or decrypted")
    return secret


@functools.lru_cache(maxsize=8)
def _aead(secret: str) -> AESGCM:
    # One derivation per key, not per row: an import encrypts tens of thousands of addresses a second.
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(secret.encode())
    return AESGCM(key)


def encrypt(key: Settings | str, text: str) -> str:
    """``text`` as a ``v1:`` token (a different one every call)."""
    nonce = os.urandom(_NONCE)
    sealed = _aead(_secret(key)).encrypt(nonce, text.encode(), None)
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def encrypt_many(key: Settings | str, texts: list[str]) -> list[str]:
    """``encrypt`` for each text: the nonces from one read of the system's random source, the
    cipher looked up once (an import seals tens of thousands of addresses a second)."""
    aead, encode = _aead(_secret(key)), base64.urlsafe_b64encode
    nonces = os.urandom(_NONCE * len(texts))
    out = []
    for i, text in enumerate(texts):
        nonce = nonces[i * _NONCE:(i + 1) * _NONCE]
        out.append(PREFIX + encode(nonce + aead.encrypt(nonce, text.encode(), None)).decode("ascii"))
    return out


def decrypt(key: Settings | str, token: str) -> str:
    """The text inside a ``v1:`` token; ``ContactKeyError`` if it is not one or no accepted key opens it.

    During a key rotation (``TODOKE_SECRET_KEY_PREVIOUS``) the retired keys are tried after the current one.
    """
    return unseal(key, token)[0]


def unseal(key: Settings | str, token: str) -> tuple[str, int]:
    """The text and the position of the key that opened it (0 = the current key, 1… = previous keys)."""
    if not token.startswith(PREFIX):
        raise ContactKeyError("a contact detail is stored unencrypted: run `todoke db upgrade`")
    try:
        raw = base64.urlsafe_b64decode(token[len(PREFIX):])
    except (binascii.Error, ValueError):
        raw = b""
    for position, secret in enumerate(keys_of(_secret(key))):
        try:
            return _aead(secret).decrypt(raw[:_NONCE], raw[_NONCE:], None).decode(), position
        except (InvalidTag, ValueError):
            continue
    raise ContactKeyError("a contact detail does not decrypt: TODOKE_SECRET_KEY (or TODOKE_SECRET_KEY_PREVIOUS) "
                          "is not the key it was encrypted with (or the value was altered)")


def is_encrypted(value: str) -> bool:
    return value.startswith(PREFIX)
