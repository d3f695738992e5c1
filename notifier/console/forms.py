"""The compose form: posted fields → notice JSON (validated by ``parse_notice``) and back.

Times on the form are the city's local time (``datetime-local`` inputs have no zone); they are
read in ``settings.tz`` and stored in UTC.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from notifier.console.fields import fields_of, to_form, to_param
from notifier.notices.model import MAX_BODY, MAX_TITLE, NoticeError, NoticeInput, parse_notice
from notifier.officers import N_
from notifier.rendering.types import NOTICE_TYPES

MAX_FIELD = 20_000  # anything longer is refused before parsing (the body limit is 10,000)


@dataclass
class ComposeForm:
    """What the officer typed (strings, for re-display) and the errors by field name."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    notice: NoticeInput | None = None


def local_iso(tz: ZoneInfo) -> Any:
    def convert(raw: str) -> str:
        try:
            parsed = datetime.fromisoformat(raw)
        except ValueError:
            return raw  # the model's check reports it, naming the field
        return (parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)).isoformat()
    return convert


def local_input(tz: ZoneInfo) -> Any:
    def convert(value: Any) -> str:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(tz).strftime("%Y-%m-%dT%H:%M")
    return convert


def _strings(form: Mapping[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key in form:
        if key in ("topic", "area"):
            values[key] = [str(v) for v in form.getall(key)]  # type: ignore[attr-defined]
            continue
        text = form.get(key)
        if not isinstance(text, str):
            errors[key] = N_("This field must be text.")
            continue
        if len(text) > MAX_FIELD:
            errors[key] = N_("This field is far too long.")
            text = text[:MAX_FIELD]
        values[key] = text
    return values


def read(form: Mapping[str, Any], tz: ZoneInfo, *, now: datetime) -> ComposeForm:
    """Validate a posted compose form; ``.notice`` is set when there is no error."""
    result = ComposeForm()
    posted = _strings(form, result.errors)
    result.values = values = {**blank(str(posted.get("type") or "free")), **posted}
    data = _notice_json(values, tz)
    if values.get("when") == "at":
        if not values.get("send_at"):
            result.errors["send_at"] = N_("Give the send time, or choose to send as soon as approved.")
        elif data.get("send_at") and _parsed(data["send_at"]) and _parsed(data["send_at"]) <= now:  # type: ignore[operator]
            result.errors["send_at"] = N_("The send time is in the past. Choose a later time.")
    if result.errors:
        return result
    try:
        result.notice = parse_notice(data, now=now)
    except NoticeError as exc:
        result.errors[_form_name(exc.field)] = exc.message
    return result


def _parsed(value: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else None


def _notice_json(values: dict[str, Any], tz: ZoneInfo) -> dict[str, Any]:
    kind = values.get("type") or "free"
    data: dict[str, Any] = {"urgency": values.get("urgency") or "normal", "topics": values.get("topic", []),
                            "areas": ["all"] if values.get("all_areas") else values.get("area", [])}
    if kind == "free":
        data.update(title=values.get("title", ""), body=values.get("body", ""))
    else:
        data.update(type=kind, params=_params(kind, values, tz))
    if values.get("when") == "at" and values.get("send_at"):
        data["send_at"] = local_iso(tz)(values["send_at"])
    if values.get("expires_at"):
        data["expires_at"] = local_iso(tz)(values["expires_at"])
    return data


def _params(kind: str, values: dict[str, Any], tz: ZoneInfo) -> dict[str, Any]:
    out = {}
    for f in fields_of(kind):
        value = to_param(f, str(values.get(f.form_name, "")), local_iso(tz))
        if value is not None:
            out[f.name] = value
    return out


def _form_name(field_path: str) -> str:
    """``params.level`` → ``p.level``; ``params.shelters.0.name`` → ``p.shelters``."""
    if field_path.startswith("params."):
        return "p." + field_path.split(".")[1]
    return {"topics": "topic", "areas": "area"}.get(field_path, field_path)


def from_row(row: Mapping[str, Any], tz: ZoneInfo) -> dict[str, Any]:
    """A stored notice as the form's values."""
    areas = list(row.get("areas") or [])
    values: dict[str, Any] = {
        "type": row.get("type") or "free", "title": row.get("title") or "", "body": row.get("body") or "",
        "urgency": row.get("urgency") or "normal", "topic": list(row.get("topics") or []),
        "area": [] if areas == ["all"] else areas, "all_areas": "1" if areas == ["all"] else "",
        "when": "at" if row.get("send_at") else "now",
        "send_at": local_input(tz)(row["send_at"]) if row.get("send_at") else "",
        "expires_at": local_input(tz)(row["expires_at"]) if row.get("expires_at") else "",
    }
    params = row.get("params") or {}
    for f in fields_of(values["type"]):
        values[f.form_name] = to_form(f, params.get(f.name), local_input(tz))
    return values


def blank(kind: str) -> dict[str, Any]:
    kind = kind if kind in NOTICE_TYPES else "free"
    return {"type": kind, "title": "", "body": "", "urgency": "normal", "topic": [], "area": [],
            "all_areas": "", "when": "now", "send_at": "", "expires_at": ""}


LIMITS = {"title": MAX_TITLE, "body": MAX_BODY}
