"""Structured notice types and their typed params. (Filled in by the Renderings work.)"""

from __future__ import annotations

from typing import Any

from notifier.notices.model import NoticeError

NOTICE_TYPES: dict[str, Any] = {}


def validate_params(kind: str, params: dict[str, Any]) -> dict[str, Any]:
    """Validated params for a structured type; ``NoticeError`` names the bad param."""
    notice_type = NOTICE_TYPES.get(kind)
    if notice_type is None:
        known = ", ".join(sorted(NOTICE_TYPES)) or "none yet"
        raise NoticeError("type", f"unknown notice type {kind!r} (known: {known})")
    return dict(notice_type.validate(params))
