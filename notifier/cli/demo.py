"""``todoke demo seed``: a small demo for ``make run`` — an admin (password printed) and a few subscribers."""

from __future__ import annotations

import argparse
import secrets
from typing import Any

import sqlalchemy as sa
from argon2 import PasswordHasher

from notifier import crypto
from notifier.cli.common import load_settings, operator, run_with_db
from notifier.privacy import keyed_hash
from notifier.storage import schema
from notifier.storage.db import Database, utcnow

DEMO_SUBSCRIBERS = (
    # (public id, variant, channels, email, sms, voice, topics, wards)
    ("demo-hanako", "ja", ["email", "sms"], "hanako@example.jp", "+819011110001", None,
     ["disaster", "weather", "garbage"], ["11107"]),
    ("demo-nguyen", "vi", ["email"], "nguyen@example.jp", None, None, ["disaster", "health"], ["11103"]),
    ("demo-taro", "ja-easy", ["voice", "sms"], None, "+819011110003", "+81488290000",
     ["disaster", "weather", "water"], ["11110"]),
)


def register(sub: Any) -> None:
    demo = sub.add_parser("demo", help="demo data for trying Todoke out")
    demo_sub = demo.add_subparsers(dest="demo_command", required=True, metavar="ACTION")
    seed = demo_sub.add_parser("seed", help="create an admin and a few subscribers (once)")
    seed.set_defaults(func=_seed)


def _seed(args: argparse.Namespace) -> int:
    settings = load_settings()

    async def work(db: Database) -> str | None:
        return await seed(db, settings.secret_key)

    password = run_with_db(settings, work)
    if password is None:
        print("demo data already present (user 'admin'); reset it with `make clean`")
    else:
        print(f"demo admin: user 'admin', password '{password}'")
    return 0


async def seed(db: Database, secret: str) -> str | None:
    """Insert the demo once; returns the admin's new password, or None if already seeded."""
    now = utcnow()
    async with db.begin() as conn:
        exists = (await conn.execute(sa.select(schema.users.c.id).where(schema.users.c.username == "admin"))).first()
        if exists:
            return None
        password = secrets.token_urlsafe(12)
        await conn.execute(schema.users.insert().values(
            username="admin", display_name="Demo admin", password_hash=PasswordHasher().hash(password),
            roles=["author", "approver", "emergency", "admin"], created_at=now))
        for public_id, variant, channels, email, sms, voice, topics, wards in DEMO_SUBSCRIBERS:
            sid = (await conn.execute(schema.subscribers.insert().values(
                public_id=public_id, variant=variant, fallback=["ja-easy"], channel_order=channels,
                source="import", created_at=now, updated_at=now).returning(schema.subscribers.c.id))).scalar_one()
            for kind, address in (("email", email), ("sms", sms), ("voice", voice)):
                if address:
                    await conn.execute(schema.contact_points.insert().values(
                        subscriber_id=sid, kind=kind, address=crypto.encrypt(secret, address),
                        address_hash=keyed_hash(secret, kind, address), verified_at=now,
                        verified_by=f"import:{operator()}", created_at=now))
            await conn.execute(schema.subscriber_topics.insert(), [{"subscriber_id": sid, "topic_key": t}
                                                                   for t in topics])
            await conn.execute(schema.subscriber_areas.insert(), [{"subscriber_id": sid, "area_code": w}
                                                                  for w in wards])
        await conn.execute(schema.audit_log.insert().values(at=now, actor=operator(), action="demo.seed"))
    return password
