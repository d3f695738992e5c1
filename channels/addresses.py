"""Recipient checks shared by providers: what can never be delivered is refused before any gateway call."""

from __future__ import annotations

import re

import phonenumbers

_LINE_ID = re.compile(r"[UCR][0-9a-f]{32}")


def phone_problem(number: str) -> str | None:
    """Why ``number`` is not a dialable E.164 number, or None."""
    if not number.startswith("+"):
        return "invalid recipient: not an E.164 number (+81…)"
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException as exc:
        return f"invalid recipient: {exc}"
    if not phonenumbers.is_possible_number(parsed):
        return "invalid recipient: not a possible phone number"
    return None


def line_problem(user_id: str) -> str | None:
    """LINE push targets are user (U…), group (C…) or room (R…) ids of 32 hex digits."""
    return None if _LINE_ID.fullmatch(user_id) else "invalid recipient: not a LINE user, group or room id"
