"""The audit log stays append-only with row triggers switched off.

A bulk import may run its transactions with ``session_replication_role = replica`` on
PostgreSQL, so that foreign keys are checked once per batch rather than once per row
(``subscribers.bulk_sql``). That setting silences ordinary triggers, the audit log's
append-only trigger among them; ``ENABLE ALWAYS`` keeps it firing whatever the setting, so a
role allowed to set it still cannot rewrite history. SQLite has no such setting: nothing to do.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE audit_log ENABLE ALWAYS TRIGGER audit_log_append_only")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only")
