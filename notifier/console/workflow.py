"""Notice transitions from the console, each one transaction with its audit entry.

draft → submitted → approved → (scheduled →) sending → sent; an approver who is not the author
approves or rejects; the ``emergency`` role sends an emergency at once (flagged in the audit log).
Every change carries the form's ``version``: a stale form changes nothing (``Conflict``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from notifier import audit
from notifier.config import Settings
from notifier.console import related
from notifier.dispatch.sending import start_sending
from notifier.notices import store
from notifier.notices.model import NoticeInput
from notifier.officers import N_
from notifier.officers.principal import Principal
from notifier.storage import schema
from notifier.storage.db import Database, utcnow

n = schema.notices
EDITABLE = ("draft", "submitted", "rejected")


class Conflict(Exception):
    """The notice changed since the form was shown."""


class NotAllowed(Exception):
    """The transition breaks a rule; the message (a gettext msgid) says which."""


def _columns(notice: NoticeInput) -> dict[str, Any]:
    return {"type": notice.type, "title": notice.title, "body": notice.body, "params": notice.params,
            "urgency": notice.urgency, "topics": notice.topics, "areas": notice.areas, "needs": notice.needs,
            "send_at": notice.send_at, "expires_at": notice.expires_at}


async def create_draft(db: Database, notice: NoticeInput, actor: str, nonce: str, *,
                       related_id: int | None = None, relation: str | None = None) -> dict[str, Any]:
    """A new draft; the same form (nonce) posted twice gives the same notice."""
    ref = f"console:{nonce}"
    async with db.begin() as conn:
        existing = (await conn.execute(sa.select(n).where(n.c.source_ref == ref))).mappings().first()
        if existing is not None:
            return dict(existing)
        row = await store.create(conn, notice, source="console", created_by=actor, source_ref=ref,
                                 related_id=related_id, relation=relation, meta={"last_nonce": nonce})
        await audit.record(conn, actor, "notice.created", row["public_id"], {"type": notice.type})
    return row


async def _current(conn: Any, notice_id: int) -> dict[str, Any]:
    row = await store.get(conn, notice_id)
    if row is None:
        raise NotAllowed(N_("There is no such notice."))
    return row


async def update(db: Database, notice_id: int, notice: NoticeInput, *, version: int, nonce: str,
                 actor: str) -> dict[str, Any]:
    """Save an edit (back to draft); the same form posted twice is applied once."""
    async with db.begin() as conn:
        row = await _current(conn, notice_id)
        if nonce and (row["meta"] or {}).get("last_nonce") == nonce:
            return row
        if row["status"] not in EDITABLE:
            raise NotAllowed(N_("This notice can no longer be edited. Write a correction instead."))
        meta = {**(row["meta"] or {}), "last_nonce": nonce}
        try:
            row = await store.set_status(conn, notice_id, "draft", expected_version=version, meta=meta,
                                         approved_by=None, **_columns(notice))
        except store.StaleNotice:
            raise Conflict() from None
        # Renderings of the old wording must not outlive it (the notice was never sent).
        await conn.execute(schema.renderings.delete().where(schema.renderings.c.notice_id == notice_id))
        await audit.record(conn, actor, "notice.edited", row["public_id"])
    return row


async def _move(db: Database, notice_id: int, version: int, *, allowed: tuple[str, ...], status: str,
                actor: str, action: str, check: Any = None, flagged: bool = False,
                details: dict[str, Any] | None = None, **changes: Any) -> dict[str, Any]:
    async with db.begin() as conn:
        row = await _current(conn, notice_id)
        if row["version"] != version:
            raise Conflict()
        if row["status"] not in allowed:
            raise NotAllowed(N_("This action is not possible in the notice's current state."))
        if check is not None:
            check(row)
        try:
            row = await store.set_status(conn, notice_id, status, expected_version=version, **changes)
        except store.StaleNotice:
            raise Conflict() from None
        await audit.record(conn, actor, action, row["public_id"], details, flagged=flagged)
    return row


async def submit(db: Database, notice_id: int, version: int, who: Principal) -> dict[str, Any]:
    return await _move(db, notice_id, version, allowed=("draft", "rejected"), status="submitted",
                       actor=who.actor, action="notice.submitted")


def _not_author(who: Principal) -> Any:
    def check(row: dict[str, Any]) -> None:
        if row["created_by"] == who.actor:
            raise NotAllowed(N_("You wrote this notice; another approver must approve or reject it."))
    return check


async def approve(db: Database, notice_id: int, version: int, who: Principal) -> dict[str, Any]:
    return await _move(db, notice_id, version, allowed=("submitted",), status="approved", actor=who.actor,
                       action="notice.approved", check=_not_author(who), approved_by=who.actor)


async def reject(db: Database, notice_id: int, version: int, who: Principal, reason: str) -> dict[str, Any]:
    async with db.connect() as conn:
        meta = dict((await _current(conn, notice_id))["meta"] or {})
    return await _move(db, notice_id, version, allowed=("submitted",), status="rejected", actor=who.actor,
                       action="notice.rejected", check=_not_author(who), details={"reason": reason},
                       meta={**meta, "reject_reason": reason})


async def emergency_approve(db: Database, notice_id: int, version: int, who: Principal) -> dict[str, Any]:
    """The emergency role's shortcut: approve without a second officer (flagged for review)."""
    def check(row: dict[str, Any]) -> None:
        if row["urgency"] != "emergency":
            raise NotAllowed(N_("Only an emergency notice can be sent without a second approval."))
    return await _move(db, notice_id, version, allowed=("draft", "submitted", "rejected"), status="approved",
                       actor=who.actor, action="notice.emergency_approved", check=check, flagged=True,
                       details={"bypass": "second approval"}, approved_by=who.actor)


async def send(db: Database, settings: Settings, notice_id: int, version: int, who: Principal, *,
               now: datetime | None = None) -> dict[str, Any]:
    """Approved → scheduled (a future ``send_at``: the scheduler sends it) or sent now."""
    now = now or utcnow()
    async with db.connect() as conn:
        row = await _current(conn, notice_id)
    send_at = row["send_at"]
    if send_at is not None and related.as_utc(send_at) > now:
        return await _move(db, notice_id, version, allowed=("approved",), status="scheduled", actor=who.actor,
                           action="notice.scheduled", details={"send_at": related.as_utc(send_at).isoformat()})
    row = await _move(db, notice_id, version, allowed=("approved",), status="approved", actor=who.actor,
                      action="notice.send_requested")
    if row["related_id"] is not None:
        await related.send_related(db, settings, row, actor=who.actor, now=now)
    else:
        await start_sending(db, notice_id, settings, now=now, actor=who.actor)
    async with db.connect() as conn:
        return await _current(conn, notice_id)


async def withdraw(db: Database, notice_id: int, version: int, who: Principal) -> dict[str, Any]:
    """Stop a notice that has not gone out (approved or scheduled)."""
    return await _move(db, notice_id, version, allowed=("approved", "scheduled", "draft", "submitted", "rejected"),
                       status="cancelled", actor=who.actor, action="notice.withdrawn")
