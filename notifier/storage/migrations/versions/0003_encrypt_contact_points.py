"""Contact details encrypted at rest: ``contact_points.address`` becomes Text holding ``v1:`` tokens.

Existing plaintext rows are encrypted here, in the migration's transaction, so a database is
never half plaintext and half encrypted. The key is the one ``todoke db upgrade`` runs with
(``notifier.storage.migrate.upgrade(db, secret_key=…)``); run any other way, it is resolved as
the service resolves it (TODOKE_SECRET_KEY, or the development key file). An empty table (a new
database) needs no key.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from alembic import context, op

from notifier import crypto

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

contact_points = sa.table("contact_points", sa.column("id", sa.Integer), sa.column("address", sa.Text))
CHUNK = 1000


def _secret() -> str:
    given = context.config.attributes.get("secret_key")
    if given:
        return str(given)
    from notifier.config import Settings
    from notifier.secrets import resolve_secret_key

    return resolve_secret_key(Settings.load()).secret_key


def _rewrite(change: Callable[[str], str], wanted: Callable[[str], bool]) -> None:
    """Apply ``change`` to every address for which ``wanted`` holds, by id ranges (constant memory)."""
    conn = op.get_bind()
    last = 0
    while True:
        rows = conn.execute(sa.select(contact_points.c.id, contact_points.c.address)
                            .where(contact_points.c.id > last).order_by(contact_points.c.id).limit(CHUNK)).all()
        if not rows:
            return
        updates = [{"cp_id": i, "new": change(a)} for i, a in rows if wanted(a)]
        if updates:
            conn.execute(contact_points.update().where(contact_points.c.id == sa.bindparam("cp_id"))
                         .values(address=sa.bindparam("new")), updates)
        last = rows[-1].id


def _has_rows() -> bool:
    return op.get_bind().execute(sa.select(contact_points.c.id).limit(1)).first() is not None


def upgrade() -> None:
    with op.batch_alter_table("contact_points") as batch:
        batch.alter_column("address", type_=sa.Text(), existing_type=sa.String(320), existing_nullable=False)
    if _has_rows():
        secret = _secret()
        _rewrite(lambda a: crypto.encrypt(secret, a), lambda a: not crypto.is_encrypted(a))


def downgrade() -> None:
    if _has_rows():
        secret = _secret()
        _rewrite(lambda a: crypto.decrypt(secret, a), crypto.is_encrypted)
    with op.batch_alter_table("contact_points") as batch:
        batch.alter_column("address", type_=sa.String(320), existing_type=sa.Text(), existing_nullable=False)
