"""Form fields of a structured notice type, read from its param definitions (``rendering.types``).

The type module declares each param as a check function; its kind (text, choice, number, date-time,
places…) and limits are read from the check itself, so a new param needs no console change.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any

from notifier.rendering.types import NOTICE_TYPES
from notifier.rendering.types.params import Param


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # text | textarea | select | number | datetime | date | tel | url | place | places
    required: bool
    choices: tuple[str, ...] = ()
    limit: int | None = None
    low: float | None = None
    high: float | None = None

    @property
    def form_name(self) -> str:
        return f"p.{self.name}"


_SIMPLE = {"moment": "datetime", "day": "date", "phone": "tel", "url": "url", "place": "place"}


def describe(param: Param) -> Field:
    check = param.check
    qual = getattr(check, "__qualname__", "")
    outer = qual.split(".<locals>")[0]
    bound = inspect.getclosurevars(check).nonlocals if "<locals>" in qual else {}
    if outer in _SIMPLE:
        return Field(param.name, _SIMPLE[outer], param.required)
    if outer == "text":
        limit = int(bound.get("limit", 500))
        return Field(param.name, "textarea" if limit > 300 else "text", param.required, limit=limit)
    if outer in ("choice", "level"):
        values = bound.get("choices", bound.get("levels", ()))
        return Field(param.name, "select", param.required, choices=tuple(str(v) for v in values))
    if outer == "number":
        return Field(param.name, "number", param.required, low=bound.get("low"), high=bound.get("high"))
    if outer == "places":
        return Field(param.name, "places", param.required)
    return Field(param.name, "text", param.required)


def fields_of(kind: str) -> list[Field]:
    notice_type = NOTICE_TYPES.get(kind)
    return [describe(param) for param in notice_type.params] if notice_type else []


def type_choices() -> list[str]:
    """The structured types' keys, for the compose form (their names: ``label("notice_type", key)``)."""
    return list(NOTICE_TYPES)


def to_param(field: Field, raw: str, local_iso: Any) -> Any:
    """A form string as the value the type's check expects (None when left empty)."""
    raw = raw.strip()
    if not raw:
        return None
    if field.kind == "number":
        try:
            return float(raw) if any(c in raw for c in ".eE") else int(raw)
        except ValueError:
            return raw  # the type's check names the field and says it must be a number
    if field.kind == "datetime":
        return local_iso(raw)
    if field.kind == "places":
        return [line.strip() for line in raw.splitlines() if line.strip()]
    return raw


def to_form(field: Field, value: Any, local_input: Any) -> str:
    """A stored param value back as the form's string."""
    if value is None:
        return ""
    if field.kind == "datetime":
        return str(local_input(value))
    if field.kind == "places":
        return "\n".join(p.get("name", "") if isinstance(p, dict) else str(p) for p in value)
    if field.kind == "place" and isinstance(value, dict):
        return str(value.get("name", ""))
    return str(value)
