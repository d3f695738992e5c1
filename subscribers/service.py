"""The citizen actions that combine storage and verification (used by the API, pages and CLI).

Each function runs inside the caller's transaction and returns the messages to send once it
has committed, so a rolled-back action never sends anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from notifier.config import Settings
from subscribers import store, verification
from subscribers.store import ContactPoint
from subscribers.validation import FieldError, SubscriptionInput
from subscribers.verification import Outgoing, Throttled


class Conflict(Exception):
    """The contacts given belong to different existing subscribers."""


@dataclass
class SubscribeResult:
    created: bool
    public_id: str
    already_verified: bool = False
    contacts: list[dict[str, Any]] = field(default_factory=list)
    outgoing: list[Outgoing] = field(default_factory=list)

    def body(self) -> dict[str, Any]:
        if self.already_verified:  # someone else may be typing a known address: reveal nothing more
            return {"status": "already_subscribed", "contacts": self.contacts}
        return {"id": self.public_id, "status": "pending_verification", "contacts": self.contacts}


async def subscribe(conn: AsyncConnection, settings: Settings, sub: SubscriptionInput, *,
                    source: str) -> SubscribeResult:
    """Subscribe, idempotently: the same contact again re-sends its verification, adds no rows."""
    existing = await store.find_contacts(conn, settings.secret_key, sub.contacts)
    owners = {cp.subscriber_id for cp in existing}
    if len(owners) > 1:
        raise Conflict("these contacts belong to different subscriptions; manage each from its own link")
    if not owners:
        subscriber_id, public_id = await store.create(conn, settings.secret_key, sub, source=source)
        result = SubscribeResult(True, public_id)
        points = await store.contact_points(conn, settings.secret_key, subscriber_id)
        await _send_verifications(conn, settings, result, points, sub.variant)
        return result
    row = await store.by_id(conn, owners.pop())
    result = SubscribeResult(False, row.public_id)
    if any(cp.verified for cp in await store.contact_points(conn, settings.secret_key, row.id)):
        # The owner proved control before: do not let a stranger change their settings; remind them.
        result.already_verified = True
        for cp in (cp for cp in existing if cp.verified):
            result.outgoing.append(verification.manage_link_message(settings, cp, row.public_id, row.variant))
            result.contacts.append({"kind": cp.kind, "verification": "manage_link_sent"})
        return result
    await store.update(conn, settings.secret_key, row.id, sub)
    points = await store.contact_points(conn, settings.secret_key, row.id)
    await _send_verifications(conn, settings, result, points, sub.variant)
    return result


async def _send_verifications(conn: AsyncConnection, settings: Settings, result: SubscribeResult,
                              contacts: list[ContactPoint], variant: str) -> None:
    for cp in contacts:
        if cp.verified:
            result.contacts.append({"kind": cp.kind, "verification": "verified"})
            continue
        try:
            result.outgoing.append(await verification.prepare(conn, settings, cp, variant))
            result.contacts.append({"kind": cp.kind, "verification": "sent"})
        except Throttled as exc:
            result.contacts.append({"kind": cp.kind, "verification": "throttled", "retry_after": exc.retry_after})


async def change(conn: AsyncConnection, settings: Settings, row: Any, sub: SubscriptionInput) -> list[Outgoing]:
    """Apply a manage-page/API change; new contact points get their verification."""
    taken = [cp for cp in await store.find_contacts(conn, settings.secret_key, sub.contacts)
             if cp.subscriber_id != row.id]
    if taken:
        raise FieldError(f"contacts.{taken[0].kind}", "this contact belongs to another subscription")
    added = await store.update(conn, settings.secret_key, row.id, sub)
    from notifier import audit

    await audit.record(conn, f"citizen:{row.public_id}", "subscriber.changed", row.public_id,
                       {"channels": sub.channel_order, "added": [cp.kind for cp in added]})
    out: list[Outgoing] = []
    for cp in added:
        out.append(await verification.prepare(conn, settings, cp, sub.variant))
    return out


async def resend(conn: AsyncConnection, settings: Settings, row: Any, kind: str) -> Outgoing:
    """A new verification for one unverified contact point (``Throttled`` if too soon)."""
    for cp in await store.contact_points(conn, settings.secret_key, row.id):
        if cp.kind == kind and not cp.verified:
            return await verification.prepare(conn, settings, cp, row.variant)
    raise FieldError("kind", f"no unverified {kind} contact on this subscription")
