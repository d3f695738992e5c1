"""Limits against abuse of the citizen entry points, on the shared ``throttles`` table.

- sign-ups per client address (a script creating subscriptions);
- verification messages per destination, whoever asks (one person's phone or inbox bombed
  through many subscriptions; the key is the contact's keyed hash, so erasing and re-adding
  a contact point does not reset it);
- SMS and voice pumping (toll fraud: sign-ups that make the city send codes to premium or
  foreign numbers): only the allowed country codes, and an hourly ceiling on all verification
  SMS/calls and per country code.

Each check counts in the caller's transaction, so a refused or failed action counts nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import phonenumbers
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from notifier import throttle
from notifier.privacy import keyed_hex
from notifier.storage import schema
from notifier.storage.db import utcnow
from subscribers.validation import FieldError, Invalid, SubscriptionInput

HOUR, DAY = 3600, 86400


@dataclass(frozen=True)
class Limits:
    signups_per_ip: int = 20  # an hour; a household or a ward office counter stays far below
    sends_per_destination: int = 5  # a day
    phone_countries: tuple[str, ...] = ("81",)  # country calling codes SMS and calls may go to
    phone_sends_per_hour: int = 300  # all verification SMS and calls together
    phone_sends_per_country: dict[str, int] = field(default_factory=lambda: {"81": 300})  # an hour


DEFAULT = Limits()


class Limited(Exception):
    """Over a limit: ``retry_after`` seconds until the window ends."""

    def __init__(self, retry_after: int, reason: str) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


async def _wait(conn: AsyncConnection, key: str, limit: int, window: int) -> int:
    """Count a hit; 0 if within the limit, else the seconds until the window ends."""
    if await throttle.hit(conn, key, limit=limit, window=window):
        return 0
    start = (await conn.execute(sa.select(schema.throttles.c.window_start)
                                .where(schema.throttles.c.key == key))).scalar_one()
    now = utcnow()
    start = start if start.tzinfo else start.replace(tzinfo=now.tzinfo)
    return max(1, int((start + timedelta(seconds=window) - now).total_seconds()) + 1)


async def signup(conn: AsyncConnection, client: str, limits: Limits = DEFAULT) -> None:
    """One sign-up from ``client`` (the peer address); ``Limited`` past the hourly limit."""
    wait = await _wait(conn, f"signup:ip:{client[:64]}", limits.signups_per_ip, HOUR)
    if wait:
        raise Limited(wait, "too many sign-ups from this network; try again later")


def country_code(e164: str) -> str:
    try:
        return str(phonenumbers.parse(e164).country_code)
    except phonenumbers.NumberParseException:
        return ""


def phone_allowed(e164: str, limits: Limits = DEFAULT) -> bool:
    """SMS and calls only go to the allowed country codes (Japan by default)."""
    return country_code(e164) in limits.phone_countries


def check_countries(sub: SubscriptionInput, limits: Limits = DEFAULT) -> None:
    """``Invalid`` naming each SMS or voice number outside the allowed countries (before anything is stored)."""
    errors = [FieldError(f"contacts.{c.kind}", "SMS and calls only go to Japanese numbers (+81)")
              for c in sub.contacts if c.kind in ("sms", "voice") and not phone_allowed(c.address, limits)]
    if errors:
        raise Invalid(errors)


async def verification_send(conn: AsyncConnection, secret: str, kind: str, address: str,
                            limits: Limits = DEFAULT) -> None:
    """One verification message to ``address``; ``Limited`` past a per-destination or phone ceiling."""
    wait = await _wait(conn, f"verify:to:{keyed_hex(secret, kind, address)[:48]}",
                       limits.sends_per_destination, DAY)
    if wait:
        raise Limited(wait, "this contact has had enough confirmation messages today")
    if kind not in ("sms", "voice"):
        return
    cc = country_code(address)
    if cc not in limits.phone_countries:
        raise Limited(DAY, "confirmation messages are not sent to this country")
    wait = max(await _wait(conn, "verify:phone:all", limits.phone_sends_per_hour, HOUR),
               await _wait(conn, f"verify:phone:cc:{cc}", limits.phone_sends_per_country.get(cc, 0), HOUR))
    if wait:
        raise Limited(wait, "too many confirmation messages are being sent; try again later")
