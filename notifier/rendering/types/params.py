"""Param kinds of structured notice types: each checks one value and returns it normalised.

Normalised values are JSON (ISO strings for dates), because params are stored as JSON and
rendered later; ``NoticeError("params.<name>", why)`` names the bad one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from notifier.notices.model import NoticeError, clean_text, parse_moment
from notifier.rendering.variants import VARIANTS

Check = Callable[[Any, str], Any]
_PHONE = re.compile(r"^\+?[0-9][0-9-]{1,18}[0-9]$")


@dataclass(frozen=True)
class Param:
    name: str
    check: Check
    required: bool = False
    default: Any = None


def text(limit: int = 500) -> Check:
    def check(value: Any, field: str) -> str:
        return clean_text(value, field, limit=limit)
    return check


def choice(*choices: str) -> Check:
    def check(value: Any, field: str) -> str:
        if not isinstance(value, str) or value not in choices:
            raise NoticeError(field, f"must be one of {', '.join(choices)}; got {value!r}")
        return value
    return check


def level(*levels: int) -> Check:
    def check(value: Any, field: str) -> int:
        if isinstance(value, str) and value.isdigit():
            value = int(value)
        if isinstance(value, bool) or value not in levels:
            raise NoticeError(field, f"must be one of {', '.join(map(str, levels))}; got {value!r}")
        return int(value)
    return check


def number(low: float, high: float) -> Check:
    def check(value: Any, field: str) -> float | int:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise NoticeError(field, f"must be a number; got {value!r}")
        if not low <= value <= high:
            raise NoticeError(field, f"must be between {low:g} and {high:g}; got {value}")
        return value
    return check


def moment(value: Any, field: str) -> str:
    """An ISO 8601 date-time with an offset."""
    return parse_moment(value, field).isoformat()


def day(value: Any, field: str) -> str:
    """A calendar date, YYYY-MM-DD."""
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise NoticeError(field, f"is not a date (YYYY-MM-DD): {value!r}")


def phone(value: Any, field: str) -> str:
    if not isinstance(value, str) or not _PHONE.match(value.strip()):
        raise NoticeError(field, "must be a phone number of digits and hyphens, e.g. 048-829-1111")
    return value.strip()


def url(value: Any, field: str) -> str:
    link = clean_text(value, field, limit=500)
    if not link.startswith(("https://", "http://")) or any(c.isspace() for c in link):
        raise NoticeError(field, "must be an http(s) URL")
    return link


def place(value: Any, field: str) -> dict[str, Any]:
    """``{"name", "name_en"?, "names"?: {variant: str}, "address"?}``."""
    if isinstance(value, str):
        value = {"name": value}
    if not isinstance(value, Mapping):
        raise NoticeError(field, "must be an object with a name (or a string)")
    unknown = sorted(set(value) - {"name", "name_en", "names", "address"})
    if unknown:
        raise NoticeError(f"{field}.{unknown[0]}", "is not a place field (name, name_en, names, address)")
    out: dict[str, Any] = {"name": clean_text(value.get("name"), f"{field}.name", limit=200)}
    for key in ("name_en", "address"):
        if value.get(key) is not None:
            out[key] = clean_text(value[key], f"{field}.{key}", limit=200)
    names = value.get("names") or {}
    if not isinstance(names, Mapping):
        raise NoticeError(f"{field}.names", "must be an object of variant → name")
    for variant, name in names.items():
        if variant not in VARIANTS:
            raise NoticeError(f"{field}.names.{variant}", f"unknown variant (known: {', '.join(VARIANTS)})")
        out.setdefault("names", {})[variant] = clean_text(name, f"{field}.names.{variant}", limit=200)
    return out


def places(minimum: int = 0, maximum: int = 50) -> Check:
    def check(value: Any, field: str) -> list[dict[str, Any]]:
        if not isinstance(value, list):
            raise NoticeError(field, "must be a list of places")
        if not minimum <= len(value) <= maximum:
            raise NoticeError(field, f"needs between {minimum} and {maximum} places; got {len(value)}")
        return [place(item, f"{field}.{i}") for i, item in enumerate(value)]
    return check
