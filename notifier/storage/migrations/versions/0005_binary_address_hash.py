"""``contact_points.address_hash`` holds the raw 32-byte HMAC, not 64 hex characters.

The unique index on (kind, address_hash) takes random keys; past the page cache, a bulk import
on SQLite spends its time maintaining it. Raw digests halve its entries (+4–22% import rows/s at
1M rows on SQLite). Existing rows are converted here, in the migration's transaction, so a
database never holds both forms: PostgreSQL retypes the column in place (``decode``/``encode``);
SQLite's ``unhex()`` is too recent to rely on, so rows are converted in Python by id ranges
*before* batch mode rebuilds the table (its copy would otherwise CAST the hex text to its ASCII
bytes). The rebuild drops the old table, and with foreign keys on (they are, and cannot be turned
off inside the transaction) that drop sets every ``deliveries.contact_point_id`` to NULL: those
references are put aside in a temporary table and put back. The unique constraint is kept
throughout. The key is not needed: only the encoding changes.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

contact_points = sa.table("contact_points", sa.column("id", sa.Integer), sa.column("address_hash"))
HEX, BINARY = sa.String(64), sa.LargeBinary(32)
CHUNK = 1000
KEPT = "todoke_0005_delivery_contacts"  # temporary: deliveries.contact_point_id across the SQLite rebuild


def _rewrite(change: Callable[[Any], Any], stored_as: type) -> None:
    """Apply ``change`` to every hash still stored as ``stored_as``, by id ranges (constant memory)."""
    conn = op.get_bind()
    last = 0
    while True:
        rows = conn.execute(sa.select(contact_points.c.id, contact_points.c.address_hash)
                            .where(contact_points.c.id > last).order_by(contact_points.c.id).limit(CHUNK)).all()
        if not rows:
            return
        updates = [{"cp_id": i, "new": change(h)} for i, h in rows if isinstance(h, stored_as)]
        if updates:
            conn.execute(contact_points.update().where(contact_points.c.id == sa.bindparam("cp_id"))
                         .values(address_hash=sa.bindparam("new")), updates)
        last = rows[-1].id


def _retype(new: sa.types.TypeEngine[Any], old: sa.types.TypeEngine[Any], using: str | None = None) -> None:
    with op.batch_alter_table("contact_points") as batch:  # SQLite: rebuilt, constraints and indexes kept
        batch.alter_column("address_hash", type_=new, existing_type=old, existing_nullable=False,
                           postgresql_using=using)


def _rebuild_keeping_references(new: sa.types.TypeEngine[Any], old: sa.types.TypeEngine[Any]) -> None:
    """SQLite: ``_retype`` with the deliveries' references to contact points kept (see the docstring)."""
    op.execute(f"CREATE TEMP TABLE {KEPT} (id INTEGER PRIMARY KEY, contact_point_id INTEGER NOT NULL)")
    op.execute(f"INSERT INTO {KEPT} SELECT id, contact_point_id FROM deliveries WHERE contact_point_id IS NOT NULL")
    _retype(new, old)
    op.execute(f"UPDATE deliveries SET contact_point_id = (SELECT k.contact_point_id FROM {KEPT} k "
               f"WHERE k.id = deliveries.id) WHERE id IN (SELECT id FROM {KEPT})")
    op.execute(f"DROP TABLE {KEPT}")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rewrite(bytes.fromhex, str)
        _rebuild_keeping_references(BINARY, HEX)
    else:
        _retype(BINARY, HEX, "decode(address_hash, 'hex')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rewrite(bytes.hex, bytes)
        _rebuild_keeping_references(HEX, BINARY)
    else:
        _retype(HEX, BINARY, "encode(address_hash, 'hex')")
