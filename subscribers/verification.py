"""Double opt-in. Email: a signed, expiring link. SMS/voice/LINE: a six-digit code, stored as an
HMAC, valid 10 minutes, locked after 5 wrong tries; sending is throttled (60 s apart, 5 a day).

Nothing but its verification is ever sent to an unverified contact point: the delivery engine
asks ``is_deliverable`` (or filters with ``deliverable_clause``).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from channels.base import Message
from notifier import audit, crypto, i18n
from notifier.config import Settings
from notifier.keyring import keys_of
from notifier.privacy import mask_address
from notifier.storage import schema
from notifier.storage.db import utcnow
from subscribers import abuse, tokens
from subscribers.store import CP, ContactPoint

log = logging.getLogger(__name__)

CODE_TTL = timedelta(minutes=10)
MAX_ATTEMPTS = 5
RESEND_GAP = timedelta(seconds=60)
MAX_SENDS_PER_DAY = abuse.DEFAULT.sends_per_destination
Outcome = Literal["verified", "already", "wrong", "expired", "locked", "no_code"]


@dataclass(frozen=True)
class Outgoing:
    family: str  # channel family (same names as contact kinds)
    message: Message


class Throttled(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"try again in {retry_after} seconds")
        self.retry_after = retry_after


def is_deliverable(contact_point: Any) -> bool:
    """True only for a verified contact point (of an active subscriber, when the row carries status)."""
    if getattr(contact_point, "verified_at", None) is None:
        return False
    return getattr(contact_point, "status", "active") == "active"


def deliverable_clause() -> sa.ColumnElement[bool]:
    """SQL filter for the delivery engine (join contact_points with subscribers)."""
    return sa.and_(CP.c.verified_at.is_not(None), schema.subscribers.c.status == "active")


def code_hash(settings: Settings, contact_id: int, code: str, key: str | None = None) -> str:
    message = f"verify-code:{contact_id}:{code}".encode()
    return hmac.new((key or settings.secret_key).encode(), message, hashlib.sha256).hexdigest()


def _code_matches(settings: Settings, stored: str, contact_id: int, code: str) -> bool:
    """A code sent before a key rotation still verifies (it expires in minutes anyway)."""
    return any(hmac.compare_digest(stored, code_hash(settings, contact_id, code, key))
               for key in keys_of(settings.secret_key))


def _check_throttle(row: Any, now: datetime) -> int:
    """0 when a message may be sent now, else the seconds to wait."""
    sent_at = row.verify_sent_at
    if sent_at is None:
        return 0
    sent_at = sent_at if sent_at.tzinfo else sent_at.replace(tzinfo=now.tzinfo)
    if now - sent_at < RESEND_GAP:
        return int((RESEND_GAP - (now - sent_at)).total_seconds()) + 1
    return 0


async def prepare(conn: AsyncConnection, settings: Settings, cp: ContactPoint, variant: str) -> Outgoing:
    """Record a verification send (new code for phones and LINE); the message to send after commit.

    Raises ``Throttled`` when the last one was too recent or the day's sends are used up.
    """
    row = (await conn.execute(sa.select(CP).where(CP.c.id == cp.id))).one()
    now = utcnow()
    wait = _check_throttle(row, now)
    if wait:
        raise Throttled(wait)
    try:  # per destination (MAX_SENDS_PER_DAY, surviving erasure) and the SMS/voice ceilings
        await abuse.verification_send(conn, settings.secret_key, cp.kind, cp.address)
    except abuse.Limited as exc:
        raise Throttled(exc.retry_after) from None
    same_day = row.verify_sent_at is not None and now - _aware(row.verify_sent_at, now) < timedelta(days=1)
    sends = row.verify_sends + 1 if same_day else 1
    values: dict[str, Any] = {"verify_sent_at": now, "verify_sends": sends}
    code = ""
    if cp.kind != "email":
        code = f"{secrets.randbelow(10**6):06d}"
        values.update(code_hash=code_hash(settings, cp.id, code), code_expires_at=now + CODE_TTL, code_attempts=0)
    await conn.execute(CP.update().where(CP.c.id == cp.id).values(**values))
    return Outgoing(cp.kind, verification_message(settings, cp, variant, code, sends))


def _aware(value: datetime, now: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=now.tzinfo)


def verification_message(settings: Settings, cp: ContactPoint, variant: str, code: str, n: int) -> Message:
    _ = i18n.translations(variant).gettext
    key = f"verify:{cp.id}:{n}"
    city = settings.city_name
    if cp.kind == "email":
        link = f"{settings.base_url.rstrip('/')}/verify?token=" + tokens.sign(
            settings, "verify", {"cp": cp.id, "h": _fingerprint(settings, cp)})
        text = _("Please confirm your email address for %(city)s notifications by opening this link "
                 "(valid for 3 days):") % {"city": city} + f"\n{link}\n\n" + _(
            "If you did not ask for this, ignore this message: nothing will be sent to you.")
        return Message(recipient=cp.address, subject=_("Confirm your email address"), text=text,
                       idempotency_key=key, meta={"purpose": "verification", "language": variant})
    if cp.kind == "voice":  # read aloud: digits spaced so the speech engine says them one by one
        spoken = " ".join(code)
        text = _("This is %(city)s. Your confirmation code is %(code)s. Again: %(code)s.") % {
            "city": city, "code": spoken}
    else:
        text = _("%(city)s notifications: your confirmation code is %(code)s (valid for 10 minutes).") % {
            "city": city, "code": code}
    return Message(recipient=cp.address, text=text, idempotency_key=key,
                   meta={"purpose": "verification", "language": variant})


def _fingerprint(settings: Settings, cp: ContactPoint) -> str:
    """Binds a link to the address it was sent to: changing the address voids old links."""
    return code_hash(settings, cp.id, cp.address)[:16]


def manage_link_message(settings: Settings, cp: ContactPoint, public_id: str, variant: str) -> Outgoing:
    """Sent instead of a verification when someone subscribes an address that is already verified."""
    _ = i18n.translations(variant).gettext
    text = _("You are already subscribed to %(city)s notifications. To change or stop them, open:") % {
        "city": settings.city_name} + "\n" + tokens.manage_url(settings, public_id)
    key = f"manage:{cp.id}:{utcnow().strftime('%Y%m%d%H%M')}"
    return Outgoing(cp.kind, Message(recipient=cp.address, subject=_("Your subscription"), text=text,
                                     idempotency_key=key, meta={"purpose": "manage-link"}))


async def check_code(conn: AsyncConnection, settings: Settings, cp_id: int, code: str) -> Outcome:
    """Check a code; a wrong one counts against the 5 tries (the caller commits either way)."""
    row = (await conn.execute(sa.select(CP).where(CP.c.id == cp_id))).one()
    now = utcnow()
    if row.verified_at is not None:
        return "already"
    if row.code_hash is None:
        return "no_code"
    if row.code_attempts >= MAX_ATTEMPTS:
        return "locked"
    if _aware(row.code_expires_at, now) < now:
        return "expired"
    if not _code_matches(settings, row.code_hash, cp_id, code):
        await conn.execute(CP.update().where(CP.c.id == cp_id).values(code_attempts=CP.c.code_attempts + 1))
        return "locked" if row.code_attempts + 1 >= MAX_ATTEMPTS else "wrong"
    await mark_verified(conn, cp_id, "code")
    return "verified"


async def check_link(conn: AsyncConnection, settings: Settings, token: str) -> tuple[ContactPoint, Outcome]:
    """Verify an email link; ``tokens.TokenError`` when expired, tampered or for a changed address."""
    payload = tokens.load(settings, "verify", token)
    if not isinstance(payload, dict) or not isinstance(payload.get("cp"), int):
        raise tokens.TokenError("the link is not valid")
    row = (await conn.execute(sa.select(CP).where(CP.c.id == payload["cp"]))).first()
    cp = (ContactPoint(row.id, row.subscriber_id, row.kind, crypto.decrypt(settings, row.address), row.verified_at)
          if row else None)
    if cp is None or not hmac.compare_digest(_fingerprint(settings, cp), str(payload.get("h", ""))):
        raise tokens.TokenError("the link is no longer valid (the address was changed or removed)")
    if cp.verified:
        return cp, "already"
    await mark_verified(conn, cp.id, "link")
    return cp, "verified"


async def mark_verified(conn: AsyncConnection, cp_id: int, how: str) -> None:
    await conn.execute(CP.update().where(CP.c.id == cp_id).values(
        verified_at=utcnow(), verified_by=how, code_hash=None, code_expires_at=None, code_attempts=0))
    public_id = (await conn.execute(sa.select(schema.subscribers.c.public_id).join(
        CP, CP.c.subscriber_id == schema.subscribers.c.id).where(CP.c.id == cp_id))).scalar_one()
    kind = (await conn.execute(sa.select(CP.c.kind).where(CP.c.id == cp_id))).scalar_one()
    await audit.record(conn, f"citizen:{public_id}", "contact.verified", public_id, {"kind": kind, "by": how})


async def send(channels: Any, outgoing: Iterable[Outgoing]) -> int:
    """Hand the messages to their channels (dev outbox when none is configured); returns how many went."""
    by_family: dict[str, list[Message]] = defaultdict(list)
    for item in outgoing:
        by_family[item.family].append(item.message)
    sent = 0
    for family, messages in by_family.items():
        for result in await channels[family].send(messages):
            if result.ok:
                sent += 1
            else:
                log.warning("verification to %s failed: %s", mask_address(family, result.message.recipient),
                            result.error)
    return sent
