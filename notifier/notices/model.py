"""Notice JSON (DESIGN.md) parsed and validated into a ``NoticeInput``.

``{"title", "body"}`` (free text, standard Japanese) or ``{"type", "params"}`` (a structured
notice type), plus ``urgency``, ``topics``, ``areas`` (JIS X 0402 codes or ``["all"]``),
optional ``send_at``, ``expires_at``, ``needs`` and ``translations``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from notifier.storage.reference import AREA_CODES, TOPIC_KEYS
from notifier.storage.schema import NEEDS

URGENCIES = ("emergency", "urgent", "normal", "info")
PRIORITY = {"emergency": 0, "urgent": 1, "normal": 2, "info": 3}
MAX_TITLE = 200
MAX_BODY = 10_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
KNOWN_FIELDS = {"title", "body", "type", "params", "urgency", "topics", "areas", "send_at", "expires_at",
                "needs", "translations"}


class NoticeError(ValueError):
    """Invalid notice input; ``field`` names what is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class NoticeInput:
    type: str  # "free" or a structured type key
    title: str | None
    body: str | None
    params: dict[str, Any]
    urgency: str
    topics: list[str]
    areas: list[str]
    send_at: datetime | None = None
    expires_at: datetime | None = None
    needs: list[str] = field(default_factory=list)
    translations: dict[str, dict[str, str]] = field(default_factory=dict)  # variant -> {title, body}

    @property
    def priority(self) -> int:
        return PRIORITY[self.urgency]

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"urgency": self.urgency, "topics": self.topics, "areas": self.areas}
        if self.type == "free":
            out.update(title=self.title, body=self.body)
        else:
            out.update(type=self.type, params=self.params)
        if self.send_at:
            out["send_at"] = self.send_at.isoformat()
        if self.expires_at:
            out["expires_at"] = self.expires_at.isoformat()
        if self.needs:
            out["needs"] = self.needs
        if self.translations:
            out["translations"] = self.translations
        return out


def clean_text(value: Any, field: str, *, limit: int, required: bool = True) -> str:
    """NFC-normalised text with control characters removed; errors name the field."""
    if value is None:
        if required:
            raise NoticeError(field, "is required")
        return ""
    if not isinstance(value, str):
        raise NoticeError(field, "must be a string")
    text = _CONTROL.sub("", unicodedata.normalize("NFC", value)).replace("\r\n", "\n").strip()
    if required and not text:
        raise NoticeError(field, "is empty (after removing control characters and spaces)")
    if len(text) > limit:
        raise NoticeError(field, f"is {len(text)} characters; at most {limit} are allowed")
    return text


def parse_notice(data: Any, *, now: datetime | None = None, topics: frozenset[str] = TOPIC_KEYS,
                 areas: frozenset[str] = AREA_CODES) -> NoticeInput:
    """Validate notice JSON. Raises ``NoticeError`` naming the first bad field."""
    if not isinstance(data, Mapping):
        raise NoticeError("(notice)", "must be a JSON object")
    unknown = sorted(set(data) - KNOWN_FIELDS)
    if unknown:
        raise NoticeError(unknown[0], "is not a notice field")
    kind = data.get("type")
    if kind is None or kind == "free":
        title = clean_text(data.get("title"), "title", limit=MAX_TITLE)
        body = clean_text(data.get("body"), "body", limit=MAX_BODY)
        kind, params = "free", {}
    else:
        if not isinstance(kind, str):
            raise NoticeError("type", "must be a string")
        title, body = None, None
        params = _validate_params(kind, data.get("params", {}))
    urgency = data.get("urgency") or _type_default_urgency(kind, params)
    if urgency not in URGENCIES:
        raise NoticeError("urgency", f"must be one of {', '.join(URGENCIES)}")
    send_at, expires_at = _times(data, now)
    return NoticeInput(
        type=kind, title=title, body=body, params=params, urgency=urgency,
        topics=_keys(data.get("topics") or _type_default_topics(kind), "topics", topics, allow_empty=False),
        areas=_areas(data.get("areas", ["all"]), areas),
        send_at=send_at,
        expires_at=expires_at,
        needs=_keys(data.get("needs", []), "needs", frozenset(NEEDS), allow_empty=True),
        translations=_translations(data.get("translations", {})),
    )


def _type_default_urgency(kind: str, params: dict[str, Any]) -> str:
    """A structured type implies its urgency (an evacuation order is an emergency); free text is normal."""
    if kind == "free":
        return "normal"
    from notifier.rendering.types import default_urgency

    return default_urgency(kind, params)


def _type_default_topics(kind: str) -> list[str]:
    if kind == "free":
        return []
    from notifier.rendering.types import default_topic

    topic = default_topic(kind)
    return [topic] if topic else []


def _validate_params(kind: str, params: Any) -> dict[str, Any]:
    from notifier.rendering.types import validate_params

    if not isinstance(params, Mapping):
        raise NoticeError("params", "must be a JSON object")
    return validate_params(kind, dict(params))


def _keys(value: Any, field: str, known: frozenset[str], *, allow_empty: bool) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise NoticeError(field, "must be a list of strings")
    if not value and not allow_empty:
        raise NoticeError(field, "needs at least one entry")
    for v in value:
        if v not in known:
            raise NoticeError(field, f"unknown {field[:-1]} {v!r} (known: {', '.join(sorted(known))})")
    return list(dict.fromkeys(value))


def _areas(value: Any, known: frozenset[str]) -> list[str]:
    if value == ["all"]:
        return ["all"]
    return _keys(value, "areas", known, allow_empty=False)


def parse_moment(value: Any, field: str) -> datetime:
    """An ISO 8601 date-time that must carry its offset (a bare local time is ambiguous)."""
    if not isinstance(value, str):
        raise NoticeError(field, "must be an ISO 8601 date-time string, e.g. 2026-11-24T15:30:00+09:00")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise NoticeError(field, f"is not an ISO 8601 date-time: {value!r}") from None
    if parsed.tzinfo is None:
        raise NoticeError(field, "needs a time zone offset, e.g. 2026-11-24T15:30:00+09:00")
    return parsed


def _time(value: Any, field: str) -> datetime | None:
    if value in (None, ""):
        return None
    return parse_moment(value, field).astimezone(UTC)


def _times(data: Mapping[str, Any], now: datetime | None) -> tuple[datetime | None, datetime | None]:
    send_at = _time(data.get("send_at"), "send_at")
    expires_at = _time(data.get("expires_at"), "expires_at")
    if expires_at and expires_at <= (send_at or now or datetime.now(UTC)):
        raise NoticeError("expires_at", "must be after send_at (or after now)")
    return send_at, expires_at


def _translations(value: Any) -> dict[str, dict[str, str]]:
    if not isinstance(value, Mapping):
        raise NoticeError("translations", "must be an object of variant → {title, body}")
    out: dict[str, dict[str, str]] = {}
    for variant, text in value.items():
        if not isinstance(text, Mapping):
            raise NoticeError(f"translations.{variant}", "must be an object with title and body")
        out[str(variant)] = {
            "title": clean_text(text.get("title"), f"translations.{variant}.title", limit=MAX_TITLE),
            "body": clean_text(text.get("body"), f"translations.{variant}.body", limit=MAX_BODY),
        }
    return out
