"""What every parser returns, and the two ways a message can fail to become a notice."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SOURCES = ("cap", "lalert", "jma")


class IngestError(ValueError):
    """The message is rejected: malformed, unsafe or invalid. ``element`` names where."""

    def __init__(self, reason: str, *, element: str | None = None) -> None:
        super().__init__(f"{element}: {reason}" if element else reason)
        self.reason = reason
        self.element = element


class IngestSkip(Exception):
    """The message is valid but becomes no notice (other region, test message, unsupported kind)."""

    def __init__(self, reason: str, *, source: str | None = None, identifier: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.source = source
        self.identifier = identifier


@dataclass
class Parsed:
    """One message mapped onto a structured notice.

    ``kind`` is ``new``, ``update`` or ``cancel``; ``references`` are identifiers (same source)
    of earlier messages it updates or cancels; ``thread`` groups messages about one event so a
    later message can find the earlier notice without an explicit reference (JMA EventID).
    """

    source: str
    identifier: str
    notice: dict[str, Any]
    kind: str = "new"
    references: list[str] = field(default_factory=list)
    thread: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
