"""The JMA Atom feed poller (``extra`` and ``eqvol`` feeds): conditional GET, entries remembered across restarts.

Each poll asks every feed with ``If-None-Match``/``If-Modified-Since`` from ``feed_state``; a 304
costs nothing. New entries (by Atom ``id``) are fetched and ingested one by one; an entry is
marked seen once its message was stored, skipped or rejected, so a restart never re-ingests it,
while a network failure leaves it for the next poll.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import aiohttp
import sqlalchemy as sa
from lxml import etree

from notifier.ingest.base import IngestError, IngestSkip
from notifier.ingest.service import ingest
from notifier.ingest.xml import MAX_MESSAGE_BYTES, parse_xml
from notifier.storage import schema
from notifier.storage.db import Database, utcnow

log = logging.getLogger(__name__)
fs = schema.feed_state
ATOM = "http://www.w3.org/2005/Atom"
JMA_FEEDS = ("https://www.data.jma.go.jp/developer/xml/feed/extra.xml",
             "https://www.data.jma.go.jp/developer/xml/feed/eqvol.xml")
SEEN_LIMIT = 2000  # JMA's feeds hold the last few hundred entries; older ids can be forgotten


@dataclass
class PollResult:
    url: str
    status: int  # HTTP status of the feed request (304: unchanged)
    ingested: list[str] = field(default_factory=list)  # notice public ids
    skipped: list[str] = field(default_factory=list)  # reasons
    failed: list[str] = field(default_factory=list)


class Poller:
    """Polls ``urls`` (keyword-only configuration, see STYLE.md) and ingests what is new."""

    def __init__(self, db: Database, *, urls: Sequence[str] = JMA_FEEDS, settings: Any = None,
                 session: aiohttp.ClientSession | None = None, timeout: float = 30.0) -> None:
        self.db = db
        self.urls = tuple(urls)
        self.settings = settings
        self._session = session
        self._timeout = aiohttp.ClientTimeout(total=timeout)

    async def poll(self) -> list[PollResult]:
        """One pass over every feed."""
        session = self._session or aiohttp.ClientSession(timeout=self._timeout)
        try:
            return [await self._poll_feed(session, url) for url in self.urls]
        finally:
            if self._session is None:
                await session.close()

    async def _poll_feed(self, session: aiohttp.ClientSession, url: str) -> PollResult:
        state = await self._state(url)
        headers = {k: v for k, v in (("If-None-Match", state["etag"]),
                                     ("If-Modified-Since", state["last_modified"])) if v}
        async with session.get(url, headers=headers) as response:
            result = PollResult(url, response.status)
            if response.status == 304:
                await self._save(url, state, None)
                return result
            response.raise_for_status()
            body = await read_limited(response)
            validators = (response.headers.get("ETag"), response.headers.get("Last-Modified"))
        seen = list(state["seen"])
        for entry_id, link in entries(body):
            if entry_id in seen:
                continue
            if await self._ingest_entry(session, urljoin(url, link), result):
                seen.append(entry_id)
        await self._save(url, {**state, "seen": seen[-SEEN_LIMIT:]}, validators)
        return result

    async def _ingest_entry(self, session: aiohttp.ClientSession, link: str, result: PollResult) -> bool:
        """True when the entry is done with (stored, skipped or rejected); False to retry next time."""
        try:
            async with session.get(link) as response:
                response.raise_for_status()
                data = await read_limited(response)
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.warning("could not fetch %s: %s", link, exc)
            result.failed.append(link)
            return False
        try:
            outcome = await ingest(self.db, data, actor="system:jma-poller", expect="jma", settings=self.settings)
        except IngestSkip as skip:
            result.skipped.append(skip.reason)
        except IngestError as exc:
            log.warning("rejected %s: %s", link, exc)
            result.skipped.append(str(exc))
        else:
            result.ingested.append(outcome.notice["public_id"])
        return True

    async def _state(self, url: str) -> dict[str, Any]:
        async with self.db.connect() as conn:
            row = (await conn.execute(sa.select(fs).where(fs.c.url == url))).mappings().first()
        return dict(row) if row else {"url": url, "etag": None, "last_modified": None, "seen": [], "new": True}

    async def _save(self, url: str, state: dict[str, Any], validators: tuple[str | None, str | None] | None) -> None:
        etag, modified = validators if validators else (state["etag"], state["last_modified"])
        values = {"etag": etag, "last_modified": modified, "seen": state["seen"], "checked_at": utcnow()}
        async with self.db.begin() as conn:
            if state.get("new"):
                await conn.execute(fs.insert().values(url=url, **values))
            else:
                await conn.execute(fs.update().where(fs.c.url == url).values(**values))


async def read_limited(response: aiohttp.ClientResponse, limit: int = MAX_MESSAGE_BYTES) -> bytes:
    """The whole body, but no more than ``limit`` + 1 bytes (parse_xml then refuses it as too large).

    ``content.read(n)`` returns whatever has arrived so far, which cut large messages short.
    """
    chunks, size = [], 0
    async for chunk in response.content.iter_chunked(65536):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            break
    return b"".join(chunks)


async def poll_feeds(db: Database, settings: Any, *, session: aiohttp.ClientSession | None = None) -> int:
    """The scheduler's job (``jma_feeds`` every ``jma_poll_seconds``): notices created in this pass.

    Each feed is polled on its own so that one feed that is down does not hold back the others.
    """
    created = 0
    for url in settings.jma_feeds.split():
        try:
            [result] = await Poller(db, urls=[url], settings=settings, session=session).poll()
        except (aiohttp.ClientError, TimeoutError, IngestError) as exc:  # IngestError: the feed itself is bad
            log.warning("JMA feed %s not polled: %s", url, exc)
            continue
        created += len(result.ingested)
        if result.ingested or result.failed:
            log.info("JMA feed %s: %d new notice(s), %d skipped, %d to retry", url, len(result.ingested),
                     len(result.skipped), len(result.failed))
    return created


def entries(feed: bytes) -> list[tuple[str, str]]:
    """(id, link) of each Atom entry, oldest first so notices are created in order."""
    root = parse_xml(feed)
    found = []
    for entry in root.iterfind(f"{{{ATOM}}}entry"):
        entry_id = (entry.findtext(f"{{{ATOM}}}id") or "").strip()
        link = _link(entry)
        if entry_id and link:
            found.append((entry_id, link))
    return list(reversed(found))


def _link(entry: etree._Element) -> str | None:
    for link in entry.iterfind(f"{{{ATOM}}}link"):
        if link.get("rel", "alternate") in ("alternate", "related") and link.get("href"):
            return link.get("href")
    return None
