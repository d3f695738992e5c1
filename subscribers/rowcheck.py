"""Checking CSV rows in bulk: the rules of ``csvio.parse_row``, shaped for a million rows.

A checked row is a small tuple (cheap to send back from a worker process) carrying its
contacts' keyed hashes and sealed (encrypted) addresses, so the writer, the import's one
serial step, does no per-row work beyond building records. Cells drawn from small sets
(language, topics, wards, channels) are checked once per distinct raw string; caches are
bounded so memory stays flat. Module-level ``init_worker``/``check_chunk``
are what a process pool runs.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import resource
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar

from notifier import crypto
from notifier.privacy import hashed_text
from subscribers import gctune, languages
from subscribers.csvio import CONTACT_COLUMNS, HEADER
from subscribers.validation import FieldError, Reference, areas, channel_order, contact, language, topics

CACHE_SIZE = 10_000  # distinct raw cells remembered per column
T = TypeVar("T")
Chunk = list[tuple[int, list[str]]]  # (line number, cells)


Contact = tuple[str, str, bytes, str]  # (kind, normalised address, keyed hash, address as stored: encrypted)


class Parsed(NamedTuple):
    line: int
    contacts: tuple[Contact, ...]
    topics: tuple[str, ...]
    areas: tuple[str, ...]
    variant: str
    fallback: tuple[str, ...]
    channel_order: tuple[str, ...]

    @property
    def hashes(self) -> list[bytes]:
        return [c[2] for c in self.contacts]

    @property
    def furigana(self) -> bool:
        return self.variant == languages.EASY


@dataclass
class Checked:
    """One chunk's outcome, in line order."""

    rows: list[Parsed] = field(default_factory=list)
    bad: list[tuple[int, str]] = field(default_factory=list)  # (line, "column: reason")
    blank: int = 0
    worker_rss_kib: int = 0  # peak memory of the worker process that checked it (0: this process)
    worker_cpu: tuple[int, float] = (0, 0.0)  # (pid, CPU seconds so far) of that worker, for the benchmark


class _Cache:
    """Raw cell → value or (field, message); errors are rebuilt on each hit, never re-raised
    (re-raising one exception object would grow its traceback)."""

    def __init__(self) -> None:
        self.values: dict[object, object] = {}

    def get(self, key: object, compute: Callable[[], T]) -> T:
        hit = self.values.get(key)
        if hit is None:
            try:
                hit = compute()
            except FieldError as exc:
                hit = (exc.field, exc.message, FieldError)
            if len(self.values) >= CACHE_SIZE:
                self.values.clear()
            self.values[key] = hit
        if type(hit) is tuple and len(hit) == 3 and hit[2] is FieldError:
            raise FieldError(hit[0], hit[1])
        return hit  # type: ignore[return-value]


def _split(cell: str) -> list[str]:
    return [p.strip() for p in cell.split("|") if p.strip()]


class RowChecker:
    def __init__(self, ref: Reference, secret: str) -> None:
        self.ref, self.secret = ref, secret
        self._mac = hmac.new(secret.encode(), digestmod=hashlib.sha256)
        self._language, self._topics, self._areas, self._channels = _Cache(), _Cache(), _Cache(), _Cache()

    def keyed_hash(self, kind: str, address: str) -> bytes:
        """``notifier.privacy.keyed_hash`` without re-deriving the HMAC key per call."""
        mac = self._mac.copy()
        mac.update(hashed_text(kind, address))
        return mac.digest()

    def check(self, chunk: Chunk) -> Checked:
        out = Checked()
        for line, cells in chunk:
            if not "".join(cells).strip():
                out.blank += 1
                continue
            try:
                out.rows.append(self.row(line, cells))
            except FieldError as exc:
                out.bad.append((line, f"{exc.field}: {exc.message}"))
        self._seal(out.rows)
        return out

    def _seal(self, rows: list[Parsed]) -> None:
        """Fill in the stored form of every address (one batch: see ``crypto.encrypt_many``)."""
        tokens = iter(crypto.encrypt_many(self.secret, [c[1] for row in rows for c in row.contacts]))
        for i, row in enumerate(rows):
            rows[i] = row._replace(contacts=tuple((kind, address, digest, next(tokens))
                                                  for kind, address, digest, _ in row.contacts))

    def row(self, line: int, cells: list[str]) -> Parsed:
        """Same checks, order and messages as ``csvio.parse_row`` (addresses not yet sealed)."""
        if len(cells) != len(HEADER):
            raise FieldError("(row)", f"has {len(cells)} cells, expected {len(HEADER)}")
        found = []
        for index, (column, kind) in enumerate(CONTACT_COLUMNS):
            value = cells[index].strip()
            if value:
                address = contact(kind, value, column).address
                found.append((kind, address, self.keyed_hash(kind, address), ""))  # sealed by check()
        if not found:
            raise FieldError("email", "no contact: give email, phone, voice_phone or line_user_id")
        raw_language, raw_topics, raw_areas, raw_channels = cells[4:8]
        variant, fallback = self._language.get(raw_language, lambda: self._variant(raw_language))
        ref = self.ref
        topic_keys = self._topics.get(raw_topics, lambda: tuple(topics(_split(raw_topics), ref)))
        area_codes = self._areas.get(raw_areas, lambda: tuple(areas(_split(raw_areas), ref)))
        kinds = tuple(c[0] for c in found)
        order = self._channels.get((raw_channels, kinds), lambda: tuple(channel_order(_split(raw_channels), kinds, ())))
        return Parsed(line, tuple(found), topic_keys, area_codes, variant, fallback, order)

    @staticmethod
    def _variant(raw: str) -> tuple[str, tuple[str, ...]]:
        variant = language(raw) if raw.strip() else "ja"
        return variant, tuple(languages.fallback_chain(variant))


# ---------------------------------------------------------------- in a worker process
_worker: RowChecker | None = None


def init_worker(ref: Reference, secret: str) -> None:
    global _worker  # one checker per worker process, made once by the pool
    _worker = RowChecker(ref, secret)
    gctune.collect_rarely()  # the process does nothing else


def check_chunk(chunk: Chunk) -> Checked:
    if _worker is None:
        raise RuntimeError("init_worker was not called in this process")
    checked = _worker.check(chunk)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    checked.worker_rss_kib = usage.ru_maxrss
    checked.worker_cpu = (os.getpid(), usage.ru_utime + usage.ru_stime)
    return checked
