"""Storing an ingested message: one transaction per message, idempotent by (source, identifier).

Outcomes: a new notice (draft, or approved by a rule), the existing notice for a repeated
identifier, an earlier notice cancelled or superseded, or a skip recorded with its reason.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from notifier import audit
from notifier.ingest.base import IngestError, IngestSkip, Parsed
from notifier.ingest.parse import parse_message
from notifier.ingest.rules import Rule, decide, rules_for
from notifier.notices import store
from notifier.notices.model import NoticeError, parse_notice
from notifier.storage import schema
from notifier.storage.db import Database, utcnow

log = logging.getLogger(__name__)
im = schema.ingested_messages
n = schema.notices
UNSENT = ("draft", "submitted", "approved", "scheduled")


@dataclass
class Outcome:
    notice: dict[str, Any]
    duplicate: bool = False
    rule: str | None = None
    actions: list[str] = field(default_factory=list)  # e.g. "superseded 12", "cancelled 12"


async def ingest(db: Database, data: bytes, *, actor: str, expect: str | None = None,
                 rules: Iterable[Rule] | None = None, settings: Any = None, now: datetime | None = None,
                 ) -> Outcome:
    """Parse and store one message. Raises ``IngestError`` (rejected) or ``IngestSkip`` (skipped).

    ``rules`` default to the settings' ``ingest_rules`` file, else the built-in rules; with
    ``settings``, a notice approved by a rule is handed to the delivery engine at once.
    """
    rules = rules_for(settings) if rules is None else rules
    try:
        parsed = parse_message(data, expect=expect, now=now)
    except IngestSkip as skip:
        await _record_skip(db, skip)
        raise
    except IngestError as error:
        log.warning("ingest rejected: %s", error)
        raise
    try:
        async with db.begin() as conn:
            outcome = await _store(conn, parsed, actor=actor, rules=tuple(rules))
    except IngestSkip as skip:
        await _record_skip(db, skip)
        raise
    except sa.exc.IntegrityError:  # the same message arrived twice at once: the other one won
        async with db.connect() as conn:
            existing = await _existing(conn, parsed)
        if existing is None:
            raise
        outcome = existing
    if outcome.rule and not outcome.duplicate and settings is not None:
        await _dispatch(db, outcome.notice["id"], settings)
        async with db.connect() as conn:  # report the status sending left it in (sent), not "approved"
            outcome.notice = await store.get(conn, outcome.notice["id"]) or outcome.notice
    return outcome


async def _store(conn: AsyncConnection, parsed: Parsed, *, actor: str, rules: tuple[Rule, ...]) -> Outcome:
    existing = await _existing(conn, parsed)
    if existing is not None:
        return existing
    earlier = await _earlier(conn, parsed)
    if parsed.kind == "cancel":
        outcome = await _cancel(conn, parsed, earlier, actor=actor)
    else:
        outcome = await _create(conn, parsed, earlier, actor=actor, rules=rules)
    await conn.execute(im.insert().values(source=parsed.source, identifier=parsed.identifier, received_at=utcnow(),
                                          outcome="notice", notice_id=outcome.notice["id"]))
    await audit.record(conn, actor, "notice.ingested", outcome.notice["public_id"], {
        "source": parsed.source, "identifier": parsed.identifier, "kind": parsed.kind, "rule": outcome.rule,
        "actions": outcome.actions})
    log.info("ingested %s %s → notice %s (%s)", parsed.source, parsed.identifier, outcome.notice["id"],
             outcome.notice["status"], extra={"notice_id": outcome.notice["id"]})
    return outcome


async def _existing(conn: AsyncConnection, parsed: Parsed) -> Outcome | None:
    row = (await conn.execute(sa.select(im).where(im.c.source == parsed.source,
                                                  im.c.identifier == parsed.identifier))).mappings().first()
    if row is None:
        return None
    notice = await store.get(conn, int(row["notice_id"])) if row["notice_id"] else None
    if notice is None:
        raise IngestSkip(f"already received ({row['outcome']}: {row['reason'] or 'no notice'})",
                         source=None, identifier=None)
    return Outcome(notice=notice, duplicate=True)


async def _earlier(conn: AsyncConnection, parsed: Parsed) -> dict[str, Any] | None:
    """The notice this message updates or cancels: by reference first, else the latest of its thread."""
    if parsed.references:
        query = (sa.select(im.c.notice_id).where(im.c.source == parsed.source, im.c.identifier.in_(parsed.references),
                                                 im.c.notice_id.is_not(None)).order_by(im.c.id.desc()))
        found = (await conn.execute(query)).scalars().first()
        if found is not None:
            return await store.get(conn, int(found))
    if parsed.thread:
        query = (sa.select(n.c.id).where(n.c.source == parsed.source, n.c.meta["thread"].as_string() == parsed.thread)
                 .order_by(n.c.id.desc()).limit(1))
        found = (await conn.execute(query)).scalars().first()
        if found is not None:
            return await store.get(conn, int(found))
    return None


def _notice_input(notice_json: dict[str, Any]) -> Any:
    try:
        return parse_notice(notice_json)
    except NoticeError as exc:
        raise IngestError(f"the mapped notice is invalid: {exc.message}", element=f"(notice).{exc.field}") from None


async def _create(conn: AsyncConnection, parsed: Parsed, earlier: dict[str, Any] | None, *, actor: str,
                  rules: tuple[Rule, ...]) -> Outcome:
    rule = decide(parsed, rules)
    notice_json = dict(parsed.notice)
    if rule and rule.urgency:
        notice_json["urgency"] = rule.urgency
    outcome = Outcome(notice={}, rule=rule.name if rule else None)
    if earlier is not None and earlier["status"] in UNSENT:
        await store.set_status(conn, earlier["id"], "cancelled", meta={**earlier["meta"], "superseded": True})
        outcome.actions.append(f"superseded {earlier['public_id']}")
    outcome.notice = await _insert(conn, parsed, notice_json, earlier, actor=actor, rule=outcome.rule,
                                   relation="update" if earlier else None)
    return outcome


async def _cancel(conn: AsyncConnection, parsed: Parsed, earlier: dict[str, Any] | None, *, actor: str) -> Outcome:
    if earlier is None:
        raise IngestSkip("cancels a message that was never ingested here (nothing to correct)",
                         source=parsed.source, identifier=parsed.identifier)
    if earlier["status"] in UNSENT:
        row = await store.set_status(conn, earlier["id"], "cancelled",
                                     meta={**earlier["meta"], "cancelled_by": parsed.identifier})
        return Outcome(notice=row, actions=[f"cancelled {earlier['public_id']}"])
    if earlier["status"] == "cancelled":
        return Outcome(notice=earlier, actions=["already cancelled"])
    # Already sent: citizens need a correction, sent as the original was (by rule, or for approval).
    by_rule = str(earlier.get("approved_by") or "").startswith("rule:")
    notice_json = {
        "type": "general", "params": parsed.notice.get("params") or _cancel_text(earlier),
        "urgency": earlier["urgency"], "topics": earlier["topics"] or ["disaster"], "areas": earlier["areas"],
    }
    rule = "correction" if by_rule else None
    row = await _insert(conn, parsed, notice_json, earlier, actor=actor, rule=rule, relation="cancel")
    return Outcome(notice=row, rule=rule, actions=[f"correction of {earlier['public_id']}"])


def _cancel_text(earlier: dict[str, Any]) -> dict[str, str]:
    # Notice content, not UI: standard Japanese, rendered into every variant by the renderer.
    title = (earlier.get("title") or (earlier.get("params") or {}).get("title") or earlier["type"])
    return {"title": f"取消：{title}"[:200], "body": f"先ほどお知らせした「{title}」は取り消されました。"}


async def _insert(conn: AsyncConnection, parsed: Parsed, notice_json: dict[str, Any], earlier: dict[str, Any] | None,
                  *, actor: str, rule: str | None, relation: str | None) -> dict[str, Any]:
    notice_input = _notice_input(notice_json)
    meta = {**parsed.meta, "identifier": parsed.identifier, "thread": parsed.thread, "rule": rule}
    row = await store.create(conn, notice_input, source=parsed.source, created_by=actor,
                             status="approved" if rule else "draft", source_ref=_source_ref(parsed),
                             related_id=earlier["id"] if earlier else None, relation=relation, meta=meta)
    if rule:
        await conn.execute(n.update().where(n.c.id == row["id"]).values(approved_by=f"rule:{rule}"))
        row["approved_by"] = f"rule:{rule}"
        await audit.record(conn, f"rule:{rule}", "notice.approved", row["public_id"],
                           {"source": parsed.source, "identifier": parsed.identifier, "auto_send": True}, flagged=True)
    return row


def _source_ref(parsed: Parsed) -> str:
    return f"{parsed.source}:{parsed.identifier}"[:255]


async def _record_skip(db: Database, skip: IngestSkip) -> None:
    log.info("ingest skipped: %s", skip.reason)
    if not skip.source or not skip.identifier:
        return
    async with db.begin() as conn:
        exists = (await conn.execute(sa.select(im.c.id).where(im.c.source == skip.source,
                                                              im.c.identifier == skip.identifier))).first()
        if exists is None:
            await conn.execute(im.insert().values(source=skip.source, identifier=skip.identifier[:255],
                                                  received_at=utcnow(), outcome="skipped", reason=skip.reason))


async def _dispatch(db: Database, notice_id: int, settings: Any) -> None:
    """Hand an auto-approved notice to the delivery engine (render and fan out; workers deliver)."""
    try:
        sending = importlib.import_module("notifier.dispatch.service")
    except ImportError:
        log.info("notice %s approved by rule; no delivery engine installed", notice_id)
        return
    try:
        await sending.send_notice(db, notice_id, settings, actor="system:ingest")
    except sending.NotSendable as exc:  # cancelled or superseded meanwhile by a later message
        log.info("%s", exc, extra={"notice_id": notice_id})
    except Exception:  # the notice is stored; a fan-out left "sending" is resumed by the scheduler
        log.exception("sending notice %s failed after ingest", notice_id, extra={"notice_id": notice_id})
