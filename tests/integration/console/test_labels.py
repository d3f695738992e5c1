"""No internal code reaches an officer as text: every console page, its CSV export and its progress
events show labels in the page's language (Japanese by default, English on request).

A code may still appear where machines or identifiers belong: attribute values (form values,
``data-`` attributes, links), ``<code>`` (API scopes, audit actions) and ``<pre>`` (a rendering's own
text, HTML and SSML, shown as sent).
"""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from typing import Any

import pytest

from notifier.console.admin import STATUSES
from notifier.dispatch.testing import make_notice, make_subscriber
from notifier.notices.model import URGENCIES
from notifier.officers import accounts
from notifier.officers.principal import SCOPES
from notifier.officers.testing import cheap_passwords, form_token, login_as
from notifier.privacy import keyed_hash
from notifier.rendering.types import NOTICE_TYPES
from notifier.storage import schema
from notifier.storage.db import utcnow
from notifier.web.labels import codes
from tests.conftest import TEST_SECRET
from tests.integration.console.helpers import post_new, public_id

CODES = sorted(set().union(*codes().values()), key=len, reverse=True)
CHANNELS = ("email", "sms", "voice", "voice-relay", "line", "webhook")
DELIVERY_STATUSES = ("pending", "sending", "delivered", "temporary_failure", "permanent_failure", "skipped")
SEPARATORS = re.compile(r"[,;、()（）\n]|: ")
HIDDEN = {"script", "style", "pre", "code"}  # machine text by design (see the module docstring)
SPOKEN_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder"}
# English words that are also codes, where they are prose: the audit filter's "From (date)".
PROSE = {("en", "/console/audit"): {"date"}}
# What a label looks like in each language: proves the pages were checked in that language.
EXPECTED = {"ja": ("送信待ち", "一時的な失敗（再送します）", "メール", "緊急", "承認待ち", "英語",
                   "熱中症警戒アラート"),
            "en": ("Waiting to be sent", "Failed for now (will retry)", "Email", "Emergency", "Waiting for approval",
                   "English", "Heat stroke alert")}


@pytest.fixture(autouse=True)
def _fast(monkeypatch: Any) -> None:
    cheap_passwords(monkeypatch)


class _Text(HTMLParser):
    """The text a person meets on a page: text nodes and the attributes read aloud."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN:
            self._hidden += 1
        self.chunks += [value for name, value in attrs if name in SPOKEN_ATTRIBUTES and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.chunks.append(data)


def leaked(html: str, language: str) -> set[str]:
    """Codes shown as text: a whole text piece (a cell, an option, a list item, a bracketed word);
    in Japanese also any code spelled out inside the text (no English prose is expected there)."""
    parser = _Text()
    parser.feed(html)
    found: set[str] = set()
    for chunk in parser.chunks:
        found |= {piece.strip() for piece in SEPARATORS.split(chunk)} & set(CODES)
        if language == "ja":
            found |= {c for c in CODES if re.search(rf"(?<![\w.:+-]){re.escape(c)}(?![\w.:+-])", chunk, re.ASCII)}
    return found


def test_the_checker_finds_codes_and_ignores_prose() -> None:
    page = ("<table><tr><th>pending</th><td>email, sms</td><td>sub1 (active)</td></tr></table>"
            "<p>Nothing delivered yet. Save draft. One place per line.</p><pre>lang=\"en\" draft</pre>"
            '<code>notices:read</code><a aria-label="temporary_failure" href="/x?status=sent">x</a>')
    assert leaked(page, "en") == {"pending", "email", "sms", "active", "temporary_failure"}
    assert leaked("<p>状態：draft です</p><p>メール</p>", "ja") == {"draft"}


async def _seed(db: Any) -> dict[str, Any]:
    """Data that puts every kind of code on some page: all channels, statuses, urgencies, types, roles."""
    now = utcnow()
    async with db.begin() as conn:
        found = await make_subscriber(conn, variant="pt-BR", channels=["sms", "email"], topics=["water", "disaster"],
                                      areas=["11101", "11107"],
                                      contacts={"email": "found@example.jp", "sms": "+819011112222",
                                                "voice": "+81487654321", "line": "U1234567890abcdef"})
        await conn.execute(schema.contact_points.update().where(
            schema.contact_points.c.subscriber_id == found, schema.contact_points.c.kind == "email").values(
            address_hash=keyed_hash(TEST_SECRET, "email", "found@example.jp")))
        for variant, channel, contacts in (("en", "voice", {"voice": "+81311112222"}),
                                           ("ja-easy", "voice-relay", {"voice": "+81311113333"}),
                                           ("ja", "line", {"line": "U0000000000000001"})):
            await make_subscriber(conn, variant=variant, channels=[channel], contacts=contacts, topics=["water"])
        sending = await make_notice(conn, urgency="urgent")
        for i, (channel, status) in enumerate((c, s) for c in CHANNELS for s in DELIVERY_STATUSES):
            await conn.execute(schema.deliveries.insert().values(
                notice_id=sending["id"], subscriber_id=None, contact_point_id=None, channel=channel, variant="ja",
                step=i, status=status, attempts=1, next_attempt_at=now, idempotency_key=f"labels-{i}",
                last_error="gateway said no" if "failure" in status else None, created_at=now, updated_at=now,
                delivered_at=now if status == "delivered" else None, meta={}))
        for i, status in enumerate(STATUSES):
            await make_notice(conn, status=status, urgency=URGENCIES[i % len(URGENCIES)])
        for kind in NOTICE_TYPES:
            await make_notice(conn, type=kind, title=None, params={}, status="sent")
        heat = await make_notice(conn, type="heat_stroke", title=None, status="draft", variants=(),
                                 params={"date": "2026-08-11", "level": "special_alert", "wbgt": 33})
        await conn.execute(schema.dev_outbox.insert(), [
            {"channel": c, "recipient": "+819011112222" if c != "email" else "a@example.jp", "subject": None,
             "text": "本文", "html": None, "idempotency_key": f"dev-{c}", "created_at": now, "meta": {}}
            for c in CHANNELS])
    await accounts.create_api_key(db, "system", name="feeds", scopes=list(SCOPES))
    return {"sending": sending["public_id"], "heat": heat["public_id"]}


async def _pages(client: Any, seeded: dict[str, Any], preview: str) -> dict[str, str]:
    """Every console page an officer with every role can open, as HTML."""
    paths = ["/console", "/console/users", "/console/apikeys", "/console/audit", "/console/notices",
             "/console/notices?status=sent&urgency=urgent", "/console/notices/new", "/console/outbox",
             "/console/relay", "/console/subscribers", f"/console/notices/{seeded['heat']}",
             f"/console/notices/{seeded['sending']}/progress", f"/console/notices/{preview}/preview",
             *(f"/console/notices/new?type={kind}" for kind in NOTICE_TYPES)]
    pages = {}
    for path in paths:
        resp = await client.get(path)
        assert resp.status == 200, path
        pages[path] = await resp.text()
    token = await form_token(client, "/console/subscribers")
    lookup = await client.post("/console/subscribers", data={"csrf_token": token, "kind": "email",
                                                             "address": "found@example.jp"})
    pages["lookup result"] = await lookup.text()
    assert "sub" in pages["lookup result"] and lookup.status == 200
    return pages


@pytest.mark.parametrize("language", ["ja", "en"])
async def test_console_pages_show_labels_not_codes(client: Any, db: Any, language: str) -> None:
    seeded = await _seed(db)
    await login_as(client, db, "author", username="writer")
    client.session.cookie_jar.update_cookies({"lang": language})
    forbidden = await client.get("/console/users")  # the 403 page names the roles it needs
    assert forbidden.status == 403 and not leaked(await forbidden.text(), language)
    preview = public_id(await post_new(client))
    client.session.cookie_jar.clear()
    client.session.cookie_jar.update_cookies({"lang": language})
    await login_as(client, db, "author", "approver", "emergency", "admin", username="chief")
    pages = await _pages(client, seeded, preview)
    leaks = {path: leaked(html, language) - PROSE.get((language, path), set()) for path, html in pages.items()}
    assert not {path: found for path, found in leaks.items() if found}
    everything = "".join(pages.values())
    missing = [text for text in EXPECTED[language] if text not in everything]
    assert not missing, missing


@pytest.mark.parametrize("language", ["ja", "en"])
async def test_audit_csv_header_and_progress_events_are_labelled(client: Any, db: Any, language: str) -> None:
    seeded = await _seed(db)
    client.session.cookie_jar.update_cookies({"lang": language})
    await login_as(client, db, "admin", "author", username="chief")
    export = (await (await client.get("/console/audit?format=csv")).read()).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(export)))
    assert not set(rows[0]) & set(CODES) and rows[0][0] == {"ja": "日時", "en": "When"}[language]
    assert any(row[2] == "apikey.created" for row in rows[1:])  # the cells keep the codes the filters take
    resp = await client.get(f"/console/notices/{seeded['sending']}/events")
    event = (await resp.content.readuntil(b"\n\n")).decode()
    resp.close()
    label = {"ja": "配信中", "en": "Sending"}[language]
    assert '"status": "sending"' in event and f'"status_label": "{label}"' in event


@pytest.mark.parametrize(("language", "signed_in"), [("ja", "ログイン"), ("en", "Signed in")])
async def test_audit_actions_are_labelled_and_keep_their_codes(client: Any, db: Any, language: str,
                                                               signed_in: str) -> None:
    """An audit action reads in the page's language; its code stays beside it, as the filter takes it."""
    client.session.cookie_jar.update_cookies({"lang": language})
    await login_as(client, db, "admin", username="chief")
    page = await (await client.get("/console/audit")).text()
    assert f"{signed_in} <code>user.login</code>" in page
