"""Reference data: the default topics and Saitama City's 10 wards (JIS X 0402).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from notifier.storage.reference import AREAS, TOPICS, areas_table_rows, topics_table_rows

# Tables as they were at this revision (not the live schema, which may change later).
topics = sa.table("topics", *(sa.column(c) for c in ("key", "name_ja", "name_easy", "name_en", "sort")))
areas = sa.table(
    "areas",
    *(sa.column(c) for c in ("code", "name_ja", "name_kana", "name_en", "jma_code", "sort")),
    sa.column("names", sa.JSON),
)

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.bulk_insert(topics, topics_table_rows())
    op.bulk_insert(areas, areas_table_rows())


def downgrade() -> None:
    op.execute(areas.delete().where(areas.c.code.in_([a.code for a in AREAS])))
    op.execute(topics.delete().where(topics.c.key.in_([t.key for t in TOPICS])))
