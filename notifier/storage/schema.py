"""The database schema (SQLAlchemy Core). Alembic migrations under ``migrations/`` create it.

Conventions: integer surrogate keys; ``public_id`` (random, URL-safe) wherever an id leaves
the service; timestamps are timezone-aware UTC; lists and small documents are JSON.
Contact addresses are looked up through ``address_hash`` (a keyed hash), never by value.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

class UtcDateTime(sa.types.TypeDecorator[datetime]):
    """A timestamp that is timezone-aware UTC on both backends.

    PostgreSQL's ``timestamptz`` already is; SQLite stores the wall-clock fields only, so an aware
    value is converted to UTC before it is written (a +09:00 time would otherwise be stored as if it
    were UTC) and UTC is attached to what is read (the API otherwise printed times without an offset).
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is not None and value.tzinfo is not None and dialect.name == "sqlite":
            return value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


TS = UtcDateTime()
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # SQLite only autoincrements INTEGER


def _id() -> sa.Column:
    return sa.Column("id", BigId, primary_key=True, autoincrement=True)


def _fk(name: str, target: str, *, ondelete: str = "CASCADE", nullable: bool = False) -> sa.Column:
    return sa.Column(name, BigId, sa.ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True)


# ---------------------------------------------------------------- reference data
topics = sa.Table(
    "topics", metadata,
    sa.Column("key", sa.String(32), primary_key=True),
    sa.Column("name_ja", sa.String(100), nullable=False),
    sa.Column("name_easy", sa.String(100), nullable=False),  # やさしい日本語
    sa.Column("name_en", sa.String(100), nullable=False),
    sa.Column("sort", sa.Integer, nullable=False, server_default="0"),
)

areas = sa.Table(
    "areas", metadata,
    sa.Column("code", sa.String(6), primary_key=True),  # JIS X 0402, 5 digits
    sa.Column("name_ja", sa.String(100), nullable=False),
    sa.Column("name_kana", sa.String(100), nullable=False),
    sa.Column("name_en", sa.String(100), nullable=False),
    sa.Column("jma_code", sa.String(10), nullable=True),  # JMA area code = JIS + "00"
    sa.Column("names", JSON, nullable=False, server_default="{}"),  # other languages: {"ko": "…"}
    sa.Column("sort", sa.Integer, nullable=False, server_default="0"),
)

# ---------------------------------------------------------------- subscribers
subscribers = sa.Table(
    "subscribers", metadata,
    _id(),
    sa.Column("public_id", sa.String(32), nullable=False, unique=True),
    sa.Column("status", sa.String(16), nullable=False, server_default="active"),  # active | unsubscribed
    sa.Column("variant", sa.String(16), nullable=False, server_default="ja"),  # ja, ja-easy, en, zh-Hans, …
    sa.Column("fallback", JSON, nullable=False, server_default="[]"),  # further variants, ends in ja-easy
    sa.Column("furigana", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("large_text", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("channel_order", JSON, nullable=False, server_default="[]"),  # ["line", "email", "sms", "voice"]
    sa.Column("quiet_start", sa.String(5), nullable=True),  # "22:00" local time
    sa.Column("quiet_end", sa.String(5), nullable=True),  # "07:00"
    sa.Column("digest_time", sa.String(5), nullable=True),  # "18:00": non-urgent notices batched daily
    sa.Column("source", sa.String(16), nullable=False, server_default="web"),  # web | api | import
    sa.Column("created_at", TS, nullable=False),
    sa.Column("updated_at", TS, nullable=False),
    sa.Column("unsubscribed_at", TS, nullable=True),
)

CONTACT_KINDS = ("email", "sms", "voice", "line")

contact_points = sa.Table(
    "contact_points", metadata,
    _id(),
    _fk("subscriber_id", "subscribers.id"),
    sa.Column("kind", sa.String(8), nullable=False),  # email | sms | voice | line
    sa.Column("address", sa.Text, nullable=False),  # encrypted: notifier.crypto "v1:…" (E.164 inside for phones)
    sa.Column("address_hash", sa.LargeBinary(32), nullable=False),  # keyed hash of kind + address: 32 bytes
    sa.Column("verified_at", TS, nullable=True),
    sa.Column("verified_by", sa.String(64), nullable=True),  # "link", "code", "import:<operator>"
    sa.Column("code_hash", sa.String(128), nullable=True),  # SMS/voice code, hashed
    sa.Column("code_expires_at", TS, nullable=True),
    sa.Column("code_attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("verify_sent_at", TS, nullable=True),
    sa.Column("verify_sends", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_at", TS, nullable=False),
    sa.UniqueConstraint("kind", "address_hash", name="uq_contact_points_kind_hash"),
)

subscriber_topics = sa.Table(
    "subscriber_topics", metadata,
    sa.Column("subscriber_id", BigId, sa.ForeignKey("subscribers.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("topic_key", sa.String(32), sa.ForeignKey("topics.key"), primary_key=True, index=True),
)

subscriber_areas = sa.Table(
    "subscriber_areas", metadata,
    sa.Column("subscriber_id", BigId, sa.ForeignKey("subscribers.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("area_code", sa.String(6), sa.ForeignKey("areas.code"), primary_key=True, index=True),
)

NEEDS = ("age65", "evacuation_support", "hearing", "visual", "infants")

subscriber_needs = sa.Table(
    "subscriber_needs", metadata,
    sa.Column("subscriber_id", BigId, sa.ForeignKey("subscribers.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("need", sa.String(24), primary_key=True, index=True),
    sa.Column("consented_at", TS, nullable=False),
)

caregiver_links = sa.Table(
    "caregiver_links", metadata,
    _id(),
    _fk("resident_id", "subscribers.id"),
    _fk("caregiver_id", "subscribers.id"),
    sa.Column("relation", sa.String(16), nullable=False),  # family | care_manager
    sa.Column("status", sa.String(16), nullable=False, server_default="pending"),  # pending | active | revoked
    sa.Column("consented_at", TS, nullable=True),  # the resident's consent
    sa.Column("created_at", TS, nullable=False),
    sa.UniqueConstraint("resident_id", "caregiver_id", name="uq_caregiver_links_pair"),
)

# ---------------------------------------------------------------- officers
users = sa.Table(
    "users", metadata,
    _id(),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("display_name", sa.String(100), nullable=False),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("roles", JSON, nullable=False, server_default="[]"),  # author, approver, emergency, admin
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("failed_logins", sa.Integer, nullable=False, server_default="0"),
    sa.Column("locked_until", TS, nullable=True),
    sa.Column("created_at", TS, nullable=False),
    sa.Column("last_login_at", TS, nullable=True),
)

sessions = sa.Table(
    "sessions", metadata,
    sa.Column("id_hash", sa.String(64), primary_key=True),  # sha256 of the cookie value
    _fk("user_id", "users.id"),
    sa.Column("csrf_token", sa.String(64), nullable=False),
    sa.Column("created_at", TS, nullable=False),
    sa.Column("expires_at", TS, nullable=False),
)

api_keys = sa.Table(
    "api_keys", metadata,
    _id(),
    _fk("user_id", "users.id", nullable=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("prefix", sa.String(16), nullable=False, unique=True),  # shown to identify the key
    sa.Column("key_hash", sa.String(64), nullable=False),
    sa.Column("scopes", JSON, nullable=False, server_default="[]"),  # notices:write, ingest, subscribers:read, …
    sa.Column("created_at", TS, nullable=False),
    sa.Column("last_used_at", TS, nullable=True),
    sa.Column("revoked_at", TS, nullable=True),
)

throttles = sa.Table(  # fixed-window counters: login attempts, sign-ups per IP, sends per destination
    "throttles", metadata,
    sa.Column("key", sa.String(128), primary_key=True),
    sa.Column("window_start", TS, nullable=False),
    sa.Column("count", sa.Integer, nullable=False, server_default="0"),
)

audit_log = sa.Table(  # append-only (a trigger refuses UPDATE and DELETE); never holds contact details
    "audit_log", metadata,
    _id(),
    sa.Column("at", TS, nullable=False, index=True),
    sa.Column("actor", sa.String(100), nullable=False),  # user:<username>, cli:<os user>, citizen:<public_id>, system
    sa.Column("action", sa.String(64), nullable=False, index=True),
    sa.Column("target", sa.String(100), nullable=True),
    sa.Column("details", JSON, nullable=False, server_default="{}"),
    sa.Column("flagged", sa.Boolean, nullable=False, server_default=sa.false()),
)

# ---------------------------------------------------------------- notices and delivery
notices = sa.Table(
    "notices", metadata,
    _id(),
    sa.Column("public_id", sa.String(32), nullable=False, unique=True),
    sa.Column("type", sa.String(32), nullable=False, server_default="free"),  # free | evacuation | shelter | …
    sa.Column("title", sa.Text, nullable=True),
    sa.Column("body", sa.Text, nullable=True),
    sa.Column("params", JSON, nullable=False, server_default="{}"),
    sa.Column("translations", JSON, nullable=False, server_default="{}"),  # {variant: {title, body}} given by source
    sa.Column("urgency", sa.String(16), nullable=False, server_default="normal"),  # emergency|urgent|normal|info
    sa.Column("topics", JSON, nullable=False, server_default="[]"),
    sa.Column("areas", JSON, nullable=False, server_default="[]"),  # JIS codes or ["all"]
    sa.Column("needs", JSON, nullable=False, server_default="[]"),  # restrict to subscribers with these needs
    sa.Column("status", sa.String(16), nullable=False, server_default="draft"),
    # draft | submitted | approved | scheduled | sending | sent | cancelled | expired | rejected
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),  # optimistic lock for forms
    sa.Column("send_at", TS, nullable=True),
    sa.Column("expires_at", TS, nullable=True),
    sa.Column("related_id", BigId, sa.ForeignKey("notices.id"), nullable=True),
    sa.Column("relation", sa.String(16), nullable=True),  # update | cancel (of related_id)
    sa.Column("source", sa.String(16), nullable=False, server_default="console"),  # console|api|cli|cap|lalert|jma
    sa.Column("source_ref", sa.String(255), nullable=True, unique=True),  # external identifier: idempotent ingest
    sa.Column("created_by", sa.String(100), nullable=True),
    sa.Column("approved_by", sa.String(100), nullable=True),
    sa.Column("created_at", TS, nullable=False),
    sa.Column("updated_at", TS, nullable=False),
    sa.Column("sent_at", TS, nullable=True),
    sa.Column("meta", JSON, nullable=False, server_default="{}"),
)

renderings = sa.Table(
    "renderings", metadata,
    _id(),
    _fk("notice_id", "notices.id"),
    sa.Column("variant", sa.String(16), nullable=False),
    sa.Column("format", sa.String(16), nullable=False),  # email | sms | sms-short | voice | line | webhook | page
    sa.Column("subject", sa.Text, nullable=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("html", sa.Text, nullable=True),
    sa.Column("extra", JSON, nullable=False, server_default="{}"),  # encoding, segments, ssml, audio, readability
    sa.Column("created_at", TS, nullable=False),
    sa.UniqueConstraint("notice_id", "variant", "format", name="uq_renderings_nvf"),
)

DELIVERY_STATUSES = ("pending", "sending", "delivered", "temporary_failure", "permanent_failure", "skipped")

deliveries = sa.Table(
    "deliveries", metadata,
    _id(),
    _fk("notice_id", "notices.id"),
    sa.Column("subscriber_id", BigId, sa.ForeignKey("subscribers.id", ondelete="SET NULL"), nullable=True),
    sa.Column("contact_point_id", BigId, sa.ForeignKey("contact_points.id", ondelete="SET NULL"), nullable=True),
    sa.Column("channel", sa.String(24), nullable=False),  # email | sms | voice | voice-relay | line | webhook
    sa.Column("variant", sa.String(16), nullable=False),
    sa.Column("step", sa.Integer, nullable=False, server_default="0"),  # position in the subscriber's channel order
    sa.Column("priority", sa.Integer, nullable=False, server_default="2"),  # 0 emergency, 1 urgent, 2 normal, 3 info
    sa.Column("status", sa.String(20), nullable=False, server_default="pending"),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("next_attempt_at", TS, nullable=False),
    sa.Column("lease_until", TS, nullable=True),
    sa.Column("last_error", sa.Text, nullable=True),
    sa.Column("provider_ref", sa.String(128), nullable=True, index=True),
    sa.Column("idempotency_key", sa.String(64), nullable=False, unique=True),
    sa.Column("caregiver_of", BigId, nullable=False, server_default="0"),  # resident id when a caregiver's copy
    sa.Column("digest", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("created_at", TS, nullable=False),
    sa.Column("updated_at", TS, nullable=False),
    sa.Column("delivered_at", TS, nullable=True),
    sa.Column("meta", JSON, nullable=False, server_default="{}"),
    sa.UniqueConstraint("notice_id", "subscriber_id", "step", "caregiver_of", name="uq_deliveries_once"),
)
sa.Index("ix_deliveries_claim", deliveries.c.status, deliveries.c.priority, deliveries.c.next_attempt_at)

dev_outbox = sa.Table(  # what would have been sent, when no transport is configured
    "dev_outbox", metadata,
    _id(),
    sa.Column("channel", sa.String(24), nullable=False, index=True),
    sa.Column("recipient", sa.String(320), nullable=False),
    sa.Column("subject", sa.Text, nullable=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("html", sa.Text, nullable=True),
    sa.Column("idempotency_key", sa.String(64), nullable=True, index=True),
    sa.Column("meta", JSON, nullable=False, server_default="{}"),
    sa.Column("created_at", TS, nullable=False),
)

gateway_buckets = sa.Table(  # token buckets and circuit breakers shared by all workers
    "gateway_buckets", metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("tokens", sa.Float, nullable=False),
    sa.Column("updated_at", TS, nullable=False),
    sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
    sa.Column("open_until", TS, nullable=True),
)

# ---------------------------------------------------------------- ingest
ingested_messages = sa.Table(
    "ingested_messages", metadata,
    _id(),
    sa.Column("source", sa.String(16), nullable=False),  # cap | lalert | jma
    sa.Column("identifier", sa.String(255), nullable=False),
    sa.Column("received_at", TS, nullable=False),
    sa.Column("outcome", sa.String(16), nullable=False),  # notice | skipped | rejected
    sa.Column("reason", sa.Text, nullable=True),
    sa.Column("notice_id", BigId, sa.ForeignKey("notices.id", ondelete="SET NULL"), nullable=True),
    sa.UniqueConstraint("source", "identifier", name="uq_ingested_source_identifier"),
)

feed_state = sa.Table(  # JMA Atom poller: conditional GET and entries already seen
    "feed_state", metadata,
    sa.Column("url", sa.String(500), primary_key=True),
    sa.Column("etag", sa.String(255), nullable=True),
    sa.Column("last_modified", sa.String(64), nullable=True),
    sa.Column("seen", JSON, nullable=False, server_default="[]"),
    sa.Column("checked_at", TS, nullable=True),
)
