"""Daily digests: a subscriber's due non-urgent deliveries on one channel go out as ONE message.

Fan-out gives the deliveries of a subscriber with a digest time ``digest = true`` and that time
as ``next_attempt_at``. When a worker claims one, it also claims the subscriber's other due digest
deliveries on the same channel (``claim_siblings``), sends one message listing every notice (its
title and short text in the subscriber's variant, and a link to ``/n/{id}``), and records the
outcome on each row: the first row ("leader") carries the message and its idempotency key, the
others are marked ``delivered_by_digest`` in ``meta`` — nothing is lost, nothing is sent twice.

An SMS digest must fit the SMS limit (``digest_sms``): when the notices' texts do not fit together,
it lists their titles and links to ``/d/{token}``, a page of every notice in the digest; the token
names the leader delivery, signed with the secret key so that nobody can read another's digest.
"""

from __future__ import annotations

import dataclasses
import hmac
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from channels.base import Message
from notifier.dispatch import digest_sms
from notifier.dispatch.outbox import Delivered, Outcome
from notifier.keyring import keys_of
from notifier.privacy import keyed_hex
from notifier.rendering.phrases import phrase
from notifier.storage import schema
from notifier.storage.db import Database

d = schema.deliveries
GroupKey = tuple[Any, ...]
SUBJECT = 120  # characters of the digest's subject (the notices' titles)
SHORT = 140  # characters of each notice's text in a digest when there is no short rendering
MAC = 16  # hex digits of the digest page token's signature (64 bits)
LINE_CHARS = 5000  # a LINE text message's limit (channels.line.messaging): past it, titles and the digest page
SPOKEN = frozenset({"voice", "relay"})  # channels whose message is a call or a reading, never merged


def key(row: Mapping[str, Any]) -> GroupKey:
    return row["subscriber_id"], row["channel"], row["contact_point_id"], row["caregiver_of"]


async def claim_siblings(db: Database, rows: Sequence[Mapping[str, Any]], *, now: datetime,
                         lease: timedelta) -> list[dict[str, Any]]:
    """Lease the other due digest deliveries of the digest rows' subscribers on the same channels."""
    pairs = {(r["subscriber_id"], r["channel"]) for r in rows if r["digest"] and r["subscriber_id"] is not None}
    if not pairs:
        return []
    due = (sa.select(d.c.id).where(d.c.status == "pending", d.c.digest.is_(True), d.c.next_attempt_at <= now,
                                   sa.tuple_(d.c.subscriber_id, d.c.channel).in_(sorted(pairs)))
           .with_for_update(skip_locked=True))
    stmt = (d.update().where(d.c.id.in_(due.scalar_subquery()))
            .values(status="sending", lease_until=now + lease, updated_at=now).returning(*d.c))
    async with db.begin() as conn:
        return [dict(r) for r in (await conn.execute(stmt)).mappings()]


def split(rows: Sequence[Mapping[str, Any]]) -> tuple[list[Mapping[str, Any]], list[list[Mapping[str, Any]]]]:
    """Rows sent alone, and groups of two or more digest rows (leader first).

    Calls are never merged: each carries its own notice's audio and spoken text, so a merged call
    would play the first notice and report them all delivered. At the digest time each is its own call.
    """
    groups: dict[GroupKey, list[Mapping[str, Any]]] = defaultdict(list)
    singles = []
    for row in rows:
        if row["digest"] and row["subscriber_id"] is not None and row["channel"] not in SPOKEN:
            groups[key(row)].append(row)
        else:
            singles.append(row)
    merged = []
    for group in groups.values():
        if len(group) == 1:
            singles.append(group[0])
        else:
            merged.append(sorted(group, key=lambda r: r["id"]))
    return singles, merged


def _short(renderings: Mapping[tuple[str, str], Any], variant: str, fallback: str) -> str:
    for fmt in ("sms", "line"):
        for v in (variant, "ja-easy", "ja"):
            if (v, fmt) in renderings:
                return str(renderings[(v, fmt)].text)
    return fallback if len(fallback) <= SHORT else fallback[:SHORT] + "…"


def page_token(secret: str, leader_id: int) -> str:
    """``{leader delivery id}-{signature}``: the digest page's address, short enough for an SMS."""
    return f"{leader_id}-{keyed_hex(secret, 'digest', str(leader_id))[:MAC]}"


def leader_of(secret: str, token: str) -> int | None:
    """The leader delivery id a page token names, or None when it is not one of ours."""
    raw, _, mac = token.partition("-")
    if not raw.isdigit() or len(raw) > 18 or len(mac) != MAC:
        return None
    # any accepted key: a digest link sent just before a key rotation keeps working (notifier.keyring)
    known = any(hmac.compare_digest(page_token(key, int(raw)), token) for key in keys_of(secret))
    return int(raw) if known else None


def page_url(base_url: str, secret: str, leader_id: int) -> str:
    return f"{base_url.rstrip('/')}/d/{page_token(secret, leader_id)}"


def compose(messages: Sequence[Message], notices: Mapping[str, tuple[dict[str, Any], Any]],
            base_url: str, *, digest_url: str = "") -> Message:
    """One digest message from each notice's own message (same recipient; the leader's key and headers).

    ``digest_url``: the page listing the digest, linked from an SMS digest that lists only titles."""
    leader = messages[0]
    variant = str(leader.meta.get("variant", "ja"))
    sections, titles = [], []
    for message in messages:
        public_id = str(message.meta["notice"])
        renderings = notices[public_id][1]
        title = message.subject or next((r.subject for (v, f), r in renderings.items()
                                         if f == "email" and v == variant and r.subject), "") or ""
        text = _short(renderings, variant, message.text)
        titles.append(title)
        sections.append(f"■ {title}\n{text}\n{base_url.rstrip('/')}/n/{public_id}")
    # The subject lists the titles (already in the subscriber's variant): no new wording to translate.
    subject = " / ".join(titles)
    subject = subject if len(subject) <= SUBJECT else subject[:SUBJECT] + "…"
    unsubscribe = str(leader.headers.get("List-Unsubscribe", "")).strip("<>")
    footer = [phrase(variant, "manage", unsubscribe)] if unsubscribe else []
    text = "\n\n".join([*sections, *footer])
    if leader.meta.get("channel") == "sms":
        text = digest_sms.text(variant, [m.text for m in messages], digest_url)
    elif leader.meta.get("channel") == "line" and len(text) > LINE_CHARS:
        text = digest_sms.compact(variant, titles, digest_url, max_chars=LINE_CHARS)
    carried = [m.delivery_id for m in messages]
    return dataclasses.replace(leader, subject=subject, html=None, text=text, meta={**leader.meta, "digest": carried})


def spread(outcome: Outcome, group: Sequence[Mapping[str, Any]]) -> list[Outcome]:
    """The leader's outcome on every row of its group; delivered rows say which delivery carried them."""
    leader = group[0]["id"]
    out: list[Outcome] = []
    for row in group:
        one = dataclasses.replace(outcome, id=row["id"])
        if isinstance(one, Delivered):
            meta = ({"digest": [r["id"] for r in group]} if row["id"] == leader
                    else {"delivered_by_digest": leader})
            one = dataclasses.replace(one, meta=meta)
        out.append(one)
    return out
