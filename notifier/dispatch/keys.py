"""Small shared pieces of the delivery engine: idempotency keys, priorities, formats, UTC helpers."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

# Statuses that still need work (the outbox is not done with them).
OPEN_STATUSES = ("pending", "sending", "temporary_failure")

# A subscriber's channel → the contact point kind it needs.
CONTACT_KIND = {"email": "email", "sms": "sms", "voice": "voice", "voice-relay": "voice", "line": "line"}


def idempotency_key(notice_id: int, subscriber_id: int, step: int, caregiver_of: int) -> str:
    """Deterministic per (notice, subscriber, step, caregiver copy): the same after a crash or retry.

    The SQL fan-out computes the same value (``fanout._key_sql``); keep the two in step.
    """
    raw = f"{notice_id}:{subscriber_id}:{step}:{caregiver_of}".encode()
    return hashlib.sha256(raw).hexdigest()[:32]


def rendering_format(channel: str, priority: int) -> str:
    """The rendering format a channel sends; emergencies go by SMS in the short form."""
    if channel == "sms":
        return "sms-short" if priority == 0 else "sms"
    if channel == "voice-relay":
        return "voice"
    return channel


def family_of(channel: str) -> str:
    """The channel family (gateway list) that serves a delivery's channel."""
    return channel


def as_utc(value: datetime) -> datetime:
    """SQLite returns naive datetimes (stored as UTC); PostgreSQL aware ones."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
