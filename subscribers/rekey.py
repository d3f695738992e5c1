"""Re-seal every stored contact detail with the current secret key (``todoke keys rotate``).

A key rotation: set the new key as ``TODOKE_SECRET_KEY`` and the old one in
``TODOKE_SECRET_KEY_PREVIOUS``, restart, run this, then drop the old key. While the old key is
still listed, reads accept both (``notifier.keyring``); this pass re-encrypts each contact point
sealed with a retired key and recomputes its keyed lookup hash, a batch per transaction, so it
can be stopped and run again at any moment: rows already under the current key are left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from notifier import crypto
from notifier.privacy import keyed_hash
from notifier.storage.db import Database
from subscribers.store import CP

BATCH = 1000


@dataclass
class RekeyResult:
    current: int = 0  # already sealed and hashed with the current key
    resealed: int = 0  # moved from a retired key to the current one
    unreadable: list[int] = field(default_factory=list)  # ids that no accepted key opens
    conflicts: list[int] = field(default_factory=list)  # ids whose address another contact point already has

    @property
    def complete(self) -> bool:
        return not self.unreadable and not self.conflicts


async def _batch(conn: AsyncConnection, secret: str, after: int, size: int, result: RekeyResult) -> int | None:
    """Re-seal one batch of contact points with ids above ``after``; the last id seen, None when done."""
    rows = (await conn.execute(sa.select(CP.c.id, CP.c.kind, CP.c.address, CP.c.address_hash)
                               .where(CP.c.id > after).order_by(CP.c.id).limit(size))).all()
    if not rows:
        return None
    changes: dict[tuple[str, bytes], dict[str, Any]] = {}
    for row in rows:
        try:
            text, position = crypto.unseal(secret, row.address)
        except crypto.ContactKeyError:
            result.unreadable.append(row.id)
            continue
        new_hash = keyed_hash(secret, row.kind, text)
        if position == 0 and row.address_hash == new_hash:
            result.current += 1
        elif (row.kind, new_hash) in changes:
            result.conflicts.append(row.id)  # two old rows for one address: a person must merge them
        else:
            changes[(row.kind, new_hash)] = {"cid": row.id, "new_address": crypto.encrypt(secret, text)
                                             if position else row.address, "new_hash": new_hash}
    taken = await _taken(conn, changes)
    updates = [c for key, c in changes.items() if taken.get(key, c["cid"]) == c["cid"]]
    result.conflicts += [c["cid"] for c in changes.values() if c not in updates]
    if updates:
        await conn.execute(CP.update().where(CP.c.id == sa.bindparam("cid")).values(
            address=sa.bindparam("new_address"), address_hash=sa.bindparam("new_hash")), updates)
    result.resealed += len(updates)
    return int(rows[-1].id)


async def _taken(conn: AsyncConnection,
                 changes: dict[tuple[str, bytes], dict[str, Any]]) -> dict[tuple[str, bytes], int]:
    """Which of the new (kind, hash) pairs another row already holds, and its id."""
    if not changes:
        return {}
    rows = await conn.execute(sa.select(CP.c.id, CP.c.kind, CP.c.address_hash)
                              .where(CP.c.address_hash.in_(sorted({h for _, h in changes}))))
    return {(r.kind, r.address_hash): r.id for r in rows if (r.kind, r.address_hash) in changes}


async def rekey(db: Database, secret: str, *, batch_size: int = BATCH) -> RekeyResult:
    """Every contact point sealed and hashed with the current key of ``secret`` (see the module docstring)."""
    result = RekeyResult()
    after: int | None = 0
    while after is not None:
        async with db.begin() as conn:
            after = await _batch(conn, secret, after, batch_size, result)
    return result
