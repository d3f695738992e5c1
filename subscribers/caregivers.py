"""Caregiver links: a family member or care manager receives a copy of what a resident receives,
only once the resident consents; either side can revoke at any time."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from channels.base import Message
from notifier import audit, i18n
from notifier.config import Settings
from notifier.storage import schema
from notifier.storage.db import utcnow
from subscribers import store, tokens
from subscribers.validation import Contact, FieldError
from subscribers.verification import Outgoing

L = schema.caregiver_links
RELATIONS = ("family", "care_manager")


async def request(conn: AsyncConnection, settings: Settings, caregiver: Any, resident_contact: Contact,
                  relation: str) -> Outgoing | None:
    """Ask a resident (found by a verified contact) to accept; None when no such resident.

    The caller answers the same either way, so nobody can probe who is subscribed.
    """
    if relation not in RELATIONS:
        raise FieldError("relation", f"one of {', '.join(RELATIONS)}")
    found = [cp for cp in await store.find_contacts(conn, settings.secret_key, [resident_contact]) if cp.verified]
    if not found or found[0].subscriber_id == caregiver.id:
        return None
    cp = found[0]
    resident = await store.by_id(conn, cp.subscriber_id)
    link = (await conn.execute(sa.select(L).where(L.c.resident_id == resident.id,
                                                  L.c.caregiver_id == caregiver.id))).first()
    if link is None:
        await conn.execute(L.insert().values(resident_id=resident.id, caregiver_id=caregiver.id,
                                             relation=relation, status="pending", created_at=utcnow()))
    elif link.status != "active":
        await conn.execute(L.update().where(L.c.id == link.id).values(status="pending", relation=relation,
                                                                      consented_at=None))
    await audit.record(conn, f"citizen:{caregiver.public_id}", "caregiver.requested", resident.public_id,
                       {"relation": relation})
    _ = i18n.translations(resident.variant).gettext
    text = _("Someone asked to receive a copy of your %(city)s notifications as your caregiver. "
             "Nothing is shared unless you accept. To accept or refuse, open:") % {"city": settings.city_name}
    message = Message(recipient=cp.address, subject=_("Caregiver request"),
                      text=f"{text}\n{tokens.manage_url(settings, resident.public_id)}",
                      idempotency_key=f"caregiver:{resident.id}:{caregiver.id}:{utcnow():%Y%m%d%H%M}",
                      meta={"purpose": "caregiver-request"})
    return Outgoing(cp.kind, message)


async def consent(conn: AsyncConnection, resident: Any, link_id: int) -> bool:
    """The resident accepts a pending link."""
    done = await conn.execute(L.update().where(
        L.c.id == link_id, L.c.resident_id == resident.id, L.c.status == "pending",
    ).values(status="active", consented_at=utcnow()))
    if done.rowcount:
        await audit.record(conn, f"citizen:{resident.public_id}", "caregiver.consented", resident.public_id,
                           {"link": link_id})
    return bool(done.rowcount)


async def revoke(conn: AsyncConnection, party: Any, link_id: int) -> bool:
    """Either side ends a link (pending or active)."""
    done = await conn.execute(L.update().where(
        L.c.id == link_id, sa.or_(L.c.resident_id == party.id, L.c.caregiver_id == party.id),
        L.c.status != "revoked",
    ).values(status="revoked"))
    if done.rowcount:
        await audit.record(conn, f"citizen:{party.public_id}", "caregiver.revoked", party.public_id,
                           {"link": link_id})
    return bool(done.rowcount)


links_of = store.links_of
