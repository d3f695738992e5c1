"""Masking of contact details for logs and screens (never log a phone number or an address in full)."""

from __future__ import annotations

import hashlib
import hmac
import re

from notifier.keyring import keys_of

_EMAIL = re.compile(r"([A-Za-z0-9._%+\-]{1,64})@([A-Za-z0-9.\-]+\.[A-Za-z]{2,})")
_PHONE = re.compile(r"(?<![\w])(\+?\d[\d\- ()]{7,}\d)(?![\w])")


def mask_email(address: str) -> str:
    """``taro.yamada@example.jp`` → ``t***@e***.jp``."""
    local, _, domain = address.partition("@")
    if not domain:
        return mask_text(address)
    host, _, tld = domain.rpartition(".")
    return f"{local[:1]}***@{(host or tld)[:1]}***.{tld if host else ''}".rstrip(".")


def mask_phone(number: str) -> str:
    """``+819012345678`` → ``+81******5678``: the country code and the last four digits only."""
    digits = re.sub(r"\D", "", number)
    if len(digits) <= 4:
        return "*" * len(digits)
    head = "+" + digits[:2] if number.startswith("+") else ""
    hidden = len(digits) - 4 - (2 if head else 0)
    return f"{head}{'*' * max(hidden, 0)}{digits[-4:]}"


def mask_address(kind: str, address: str) -> str:
    if kind == "email":
        return mask_email(address)
    if kind in ("sms", "voice"):
        return mask_phone(address)
    return address[:4] + "…" if len(address) > 4 else "…"


def mask_text(text: str) -> str:
    """Mask every email address and phone-like number inside free text (log lines)."""
    text = _EMAIL.sub(lambda m: mask_email(m.group(0)), text)
    return _PHONE.sub(lambda m: mask_phone(m.group(1)), text)


def lookup_hashes(secret: str, kind: str, address: str) -> list[bytes]:
    """The keyed hashes a stored contact point may carry: under the current key, and under each
    retired key until ``todoke keys rotate`` has re-hashed it."""
    return [keyed_hash(key, kind, address) for key in keys_of(secret)]


def hashed_text(kind: str, address: str) -> bytes:
    """What the keyed hash covers: kind and the address as compared (email case-insensitive)."""
    return f"{kind}:{address.strip().lower() if kind == 'email' else address.strip()}".encode()


def keyed_hash(secret: str, kind: str, address: str) -> bytes:
    """The lookup key of a contact point, ``contact_points.address_hash``: HMAC-SHA256 of kind and
    normalised address (current key), as the raw 32 bytes, so that the unique index holds half
    the bytes that hex would (it is what bounds a large import on SQLite)."""
    return hmac.new(secret.encode(), hashed_text(kind, address), hashlib.sha256).digest()


def keyed_hex(secret: str, kind: str, text: str) -> str:
    """``keyed_hash`` as hex text (the same value as before 0005), for what is kept as text and is
    not a contact point's lookup key: throttle keys, the signature inside a digest page link."""
    return keyed_hash(secret, kind, text).hex()
