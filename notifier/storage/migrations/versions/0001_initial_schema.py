"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('areas',
    sa.Column('code', sa.String(length=6), nullable=False),
    sa.Column('name_ja', sa.String(length=100), nullable=False),
    sa.Column('name_kana', sa.String(length=100), nullable=False),
    sa.Column('name_en', sa.String(length=100), nullable=False),
    sa.Column('jma_code', sa.String(length=10), nullable=True),
    sa.Column('names', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), server_default='{}', nullable=False),
    sa.Column('sort', sa.Integer(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_areas'))
    )
    op.create_table('audit_log',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('target', sa.String(length=100), nullable=True),
    sa.Column('details', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), server_default='{}', nullable=False),
    sa.Column('flagged', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)

    op.create_table('dev_outbox',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('channel', sa.String(length=24), nullable=False),
    sa.Column('recipient', sa.String(length=320), nullable=False),
    sa.Column('subject', sa.Text(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('html', sa.Text(), nullable=True),
    sa.Column('idempotency_key', sa.String(length=64), nullable=True),
    sa.Column('meta', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), server_default='{}', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dev_outbox'))
    )
    with op.batch_alter_table('dev_outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dev_outbox_channel'), ['channel'], unique=False)
        batch_op.create_index(batch_op.f('ix_dev_outbox_idempotency_key'), ['idempotency_key'], unique=False)

    op.create_table('feed_state',
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('etag', sa.String(length=255), nullable=True),
    sa.Column('last_modified', sa.String(length=64), nullable=True),
    sa.Column('seen', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), server_default='[]', nullable=False),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('url', name=op.f('pk_feed_state'))
    )
    op.create_table('gateway_buckets',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('tokens', sa.Float(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('failures', sa.Integer(), server_default='0', nullable=False),
    sa.Column('open_until', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_gateway_buckets'))
    )
    op.create_table('notices',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.Column('type', sa.String(length=32), server_default='free', nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('params', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), server_default='{}', nullable=False),
    sa.Column('translations', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), server_default='{}', nullable=False),
    sa.Column('urgency', sa.String(length=16), server_default='normal', nullable=False),
    sa.Column('topics', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), server_default='[]', nullable=False),
    sa.Column('areas', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), server_default='[]', nullable=False),
    sa.Column('needs', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), server_default='[]', nullable=False),
    sa.Column('status', sa.String(length=16), server_default='draft', nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('send_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('related_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('relation', sa.String(length=16), nullable=True),
    sa.Column('source', sa.String(length=16), server_default='console', nullable=False),
    sa.Column('source_ref', sa.String(length=255), nullable=True),
    sa.Column('created_by', sa.String(length=100), nullable=True),
    sa.Column('approved_by', sa.String(length=100), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('meta', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), server_default='{}', nullable=False),
    sa.ForeignKeyConstraint(['related_id'], ['notices.id'], name=op.f('fk_notices_related_id_notices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notices')),
    sa.UniqueConstraint('public_id', name=op.f('uq_notices_public_id')),
    sa.UniqueConstraint('source_ref', name=op.f('uq_notices_source_ref'))
    )
    op.create_table('subscribers',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), server_default='active', nullable=False),
    sa.Column('variant', sa.String(length=16), server_default='ja', nullable=False),
    sa.Column('fallback', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), server_default='[]', nullable=False),
    sa.Column('furigana', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('large_text', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('channel_order', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), server_default='[]', nullable=False),
    sa.Column('quiet_start', sa.String(length=5), nullable=True),
    sa.Column('quiet_end', sa.String(length=5), nullable=True),
    sa.Column('digest_time', sa.String(length=5), nullable=True),
    sa.Column('source', sa.String(length=16), server_default='web', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('unsubscribed_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subscribers')),
    sa.UniqueConstraint('public_id', name=op.f('uq_subscribers_public_id'))
    )
    op.create_table('throttles',
    sa.Column('key', sa.String(length=128), nullable=False),
    sa.Column('window_start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('count', sa.Integer(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_throttles'))
    )
    op.create_table('topics',
    sa.Column('key', sa.String(length=32), nullable=False),
    sa.Column('name_ja', sa.String(length=100), nullable=False),
    sa.Column('name_easy', sa.String(length=100), nullable=False),
    sa.Column('name_en', sa.String(length=100), nullable=False),
    sa.Column('sort', sa.Integer(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_topics'))
    )
    op.create_table('users',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=100), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('roles', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), server_default='[]', nullable=False),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), server_default='0', nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('api_keys',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('scopes', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), server_default='[]', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_keys_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_keys')),
    sa.UniqueConstraint('prefix', name=op.f('uq_api_keys_prefix'))
    )
    with op.batch_alter_table('api_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_keys_user_id'), ['user_id'], unique=False)

    op.create_table('caregiver_links',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('resident_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('caregiver_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('relation', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), server_default='pending', nullable=False),
    sa.Column('consented_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['caregiver_id'], ['subscribers.id'], name=op.f('fk_caregiver_links_caregiver_id_subscribers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resident_id'], ['subscribers.id'], name=op.f('fk_caregiver_links_resident_id_subscribers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_caregiver_links')),
    sa.UniqueConstraint('resident_id', 'caregiver_id', name='uq_caregiver_links_pair')
    )
    with op.batch_alter_table('caregiver_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_caregiver_links_caregiver_id'), ['caregiver_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_caregiver_links_resident_id'), ['resident_id'], unique=False)

    op.create_table('contact_points',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('subscriber_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('address', sa.String(length=320), nullable=False),
    sa.Column('address_hash', sa.String(length=64), nullable=False),
    sa.Column('verified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('verified_by', sa.String(length=64), nullable=True),
    sa.Column('code_hash', sa.String(length=128), nullable=True),
    sa.Column('code_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('code_attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('verify_sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('verify_sends', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['subscriber_id'], ['subscribers.id'], name=op.f('fk_contact_points_subscriber_id_subscribers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_points')),
    sa.UniqueConstraint('kind', 'address_hash', name='uq_contact_points_kind_hash')
    )
    with op.batch_alter_table('contact_points', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_points_subscriber_id'), ['subscriber_id'], unique=False)

    op.create_table('ingested_messages',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('identifier', sa.String(length=255), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('notice_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.ForeignKeyConstraint(['notice_id'], ['notices.id'], name=op.f('fk_ingested_messages_notice_id_notices'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ingested_messages')),
    sa.UniqueConstraint('source', 'identifier', name='uq_ingested_source_identifier')
    )
    op.create_table('renderings',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('notice_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('variant', sa.String(length=16), nullable=False),
    sa.Column('format', sa.String(length=16), nullable=False),
    sa.Column('subject', sa.Text(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('html', sa.Text(), nullable=True),
    sa.Column('extra', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), server_default='{}', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['notice_id'], ['notices.id'], name=op.f('fk_renderings_notice_id_notices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_renderings')),
    sa.UniqueConstraint('notice_id', 'variant', 'format', name='uq_renderings_nvf')
    )
    with op.batch_alter_table('renderings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_renderings_notice_id'), ['notice_id'], unique=False)

    op.create_table('sessions',
    sa.Column('id_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('csrf_token', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id_hash', name=op.f('pk_sessions'))
    )
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sessions_user_id'), ['user_id'], unique=False)

    op.create_table('subscriber_areas',
    sa.Column('subscriber_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('area_code', sa.String(length=6), nullable=False),
    sa.ForeignKeyConstraint(['area_code'], ['areas.code'], name=op.f('fk_subscriber_areas_area_code_areas')),
    sa.ForeignKeyConstraint(['subscriber_id'], ['subscribers.id'], name=op.f('fk_subscriber_areas_subscriber_id_subscribers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('subscriber_id', 'area_code', name=op.f('pk_subscriber_areas'))
    )
    with op.batch_alter_table('subscriber_areas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subscriber_areas_area_code'), ['area_code'], unique=False)

    op.create_table('subscriber_needs',
    sa.Column('subscriber_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('need', sa.String(length=24), nullable=False),
    sa.Column('consented_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['subscriber_id'], ['subscribers.id'], name=op.f('fk_subscriber_needs_subscriber_id_subscribers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('subscriber_id', 'need', name=op.f('pk_subscriber_needs'))
    )
    with op.batch_alter_table('subscriber_needs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subscriber_needs_need'), ['need'], unique=False)

    op.create_table('subscriber_topics',
    sa.Column('subscriber_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('topic_key', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['subscriber_id'], ['subscribers.id'], name=op.f('fk_subscriber_topics_subscriber_id_subscribers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['topic_key'], ['topics.key'], name=op.f('fk_subscriber_topics_topic_key_topics')),
    sa.PrimaryKeyConstraint('subscriber_id', 'topic_key', name=op.f('pk_subscriber_topics'))
    )
    with op.batch_alter_table('subscriber_topics', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subscriber_topics_topic_key'), ['topic_key'], unique=False)

    op.create_table('deliveries',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('notice_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('subscriber_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('contact_point_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('channel', sa.String(length=24), nullable=False),
    sa.Column('variant', sa.String(length=16), nullable=False),
    sa.Column('step', sa.Integer(), server_default='0', nullable=False),
    sa.Column('priority', sa.Integer(), server_default='2', nullable=False),
    sa.Column('status', sa.String(length=20), server_default='pending', nullable=False),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('provider_ref', sa.String(length=128), nullable=True),
    sa.Column('idempotency_key', sa.String(length=64), nullable=False),
    sa.Column('caregiver_of', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), server_default='0', nullable=False),
    sa.Column('digest', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('meta', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), server_default='{}', nullable=False),
    sa.ForeignKeyConstraint(['contact_point_id'], ['contact_points.id'], name=op.f('fk_deliveries_contact_point_id_contact_points'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['notice_id'], ['notices.id'], name=op.f('fk_deliveries_notice_id_notices'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['subscriber_id'], ['subscribers.id'], name=op.f('fk_deliveries_subscriber_id_subscribers'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deliveries')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_deliveries_idempotency_key')),
    sa.UniqueConstraint('notice_id', 'subscriber_id', 'step', 'caregiver_of', name='uq_deliveries_once')
    )
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.create_index('ix_deliveries_claim', ['status', 'priority', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_deliveries_notice_id'), ['notice_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deliveries_provider_ref'), ['provider_ref'], unique=False)
    _audit_log_append_only()


def _audit_log_append_only() -> None:
    """The audit log refuses UPDATE and DELETE, so history cannot be rewritten through the app."""
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )
        return
    op.execute(
        "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$"
    )
    op.execute(
        "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")

    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deliveries_provider_ref'))
        batch_op.drop_index(batch_op.f('ix_deliveries_notice_id'))
        batch_op.drop_index('ix_deliveries_claim')

    op.drop_table('deliveries')
    with op.batch_alter_table('subscriber_topics', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subscriber_topics_topic_key'))

    op.drop_table('subscriber_topics')
    with op.batch_alter_table('subscriber_needs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subscriber_needs_need'))

    op.drop_table('subscriber_needs')
    with op.batch_alter_table('subscriber_areas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subscriber_areas_area_code'))

    op.drop_table('subscriber_areas')
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sessions_user_id'))

    op.drop_table('sessions')
    with op.batch_alter_table('renderings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_renderings_notice_id'))

    op.drop_table('renderings')
    op.drop_table('ingested_messages')
    with op.batch_alter_table('contact_points', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_points_subscriber_id'))

    op.drop_table('contact_points')
    with op.batch_alter_table('caregiver_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_caregiver_links_resident_id'))
        batch_op.drop_index(batch_op.f('ix_caregiver_links_caregiver_id'))

    op.drop_table('caregiver_links')
    with op.batch_alter_table('api_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_keys_user_id'))

    op.drop_table('api_keys')
    op.drop_table('users')
    op.drop_table('topics')
    op.drop_table('throttles')
    op.drop_table('subscribers')
    op.drop_table('notices')
    op.drop_table('gateway_buckets')
    op.drop_table('feed_state')
    with op.batch_alter_table('dev_outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dev_outbox_idempotency_key'))
        batch_op.drop_index(batch_op.f('ix_dev_outbox_channel'))

    op.drop_table('dev_outbox')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))
        batch_op.drop_index(batch_op.f('ix_audit_log_action'))

    op.drop_table('audit_log')
    op.drop_table('areas')

