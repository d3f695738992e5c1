"""JSON schemas of the subscription API (validated on the way in, published in OpenAPI)."""

from __future__ import annotations

from typing import Any

from notifier.storage.schema import NEEDS
from subscribers.languages import VARIANTS
from subscribers.validation import CHANNELS

_STR: dict[str, Any] = {"type": "string", "maxLength": 320}
_HHMM: dict[str, Any] = {"type": ["string", "null"], "maxLength": 5, "examples": ["22:00"]}
_ID: dict[str, Any] = {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,32}$"}
_LIST: dict[str, Any] = {"type": "array", "maxItems": 50, "items": {"type": "string", "maxLength": 35}}

CONTACTS: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "description": "at least one: email address, mobile number for SMS, phone for voice calls, LINE user id",
    "properties": {"email": _STR, "sms": {"type": "string", "maxLength": 32},
                   "voice": {"type": "string", "maxLength": 32}, "line": {"type": "string", "maxLength": 64}},
}

SUBSCRIPTION: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "required": ["contacts", "topics", "areas"],
    "properties": {
        "contacts": CONTACTS,
        "topics": {**_LIST, "description": "topic keys (GET /topics)"},
        "areas": {**_LIST, "description": "ward codes, JIS X 0402 (GET /areas), or [\"all\"]"},
        "language": {"type": "string", "maxLength": 35, "description": f"BCP 47 tag or ja-easy; one of {VARIANTS}"},
        "fallback": {**_LIST, "description": "further languages; the chain always ends in ja-easy"},
        "channels": {"type": "array", "maxItems": 4, "items": {"type": "string", "enum": list(CHANNELS)}},
        "quiet_hours": {"type": ["object", "null"], "additionalProperties": False,
                        "properties": {"start": _HHMM, "end": _HHMM}},
        "digest_time": _HHMM,
        "furigana": {"type": "boolean"},
        "large_text": {"type": "boolean"},
        "needs": {"type": "array", "maxItems": len(NEEDS), "items": {"type": "string", "enum": list(NEEDS)}},
        "needs_consent": {"type": "boolean", "description": "required (true) when needs are given"},
    },
}

CONTACT_STATE: dict[str, Any] = {"type": "object", "properties": {
    "kind": {"type": "string"}, "verification": {"type": "string"}, "retry_after": {"type": "integer"}}}

SUBSCRIBED: dict[str, Any] = {"type": "object", "required": ["status", "contacts"], "properties": {
    "id": {"type": "string"}, "status": {"type": "string", "enum": ["pending_verification", "already_subscribed"]},
    "contacts": {"type": "array", "items": CONTACT_STATE}}}

VERIFY: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "description": "either the token of an email link, or the subscription id, the contact kind and its code",
    "properties": {
        "token": {"type": "string", "maxLength": 1000},
        "id": _ID,
        "kind": {"type": "string", "enum": ["sms", "voice", "line"]},
        "code": {"type": "string", "maxLength": 12},
    },
}

VERIFIED: dict[str, Any] = {"type": "object", "properties": {
    "id": {"type": "string"}, "kind": {"type": "string"}, "status": {"type": "string"},
    "manage_token": {"type": "string"}, "manage_url": {"type": "string"}}}

RESEND: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["id", "kind"],
    "properties": {"id": _ID,
                   "kind": {"type": "string", "enum": ["email", "sms", "voice", "line"]}},
}

SUBSCRIBER: dict[str, Any] = {"type": "object", "properties": {
    "id": {"type": "string"}, "status": {"type": "string"}, "language": {"type": "string"},
    "fallback": {"type": "array", "items": {"type": "string"}}, "channels": {"type": "array"},
    "topics": {"type": "array"}, "areas": {"type": "array"}, "needs": {"type": "array"},
    "contacts": {"type": "array"}}}

CAREGIVER_REQUEST: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["resident", "relation"],
    "properties": {
        "resident": {"type": "object", "additionalProperties": False, "required": ["kind", "address"],
                     "properties": {"kind": {"type": "string", "enum": ["email", "sms", "voice", "line"]},
                                    "address": {"type": "string", "maxLength": 320}}},
        "relation": {"type": "string", "enum": ["family", "care_manager"]},
    },
}

LINKS: dict[str, Any] = {"type": "array", "items": {"type": "object", "properties": {
    "id": {"type": "integer"}, "role": {"type": "string"}, "relation": {"type": "string"},
    "status": {"type": "string"}}}}

TOKEN_PARAM: dict[str, dict[str, Any]] = {
    "token": {"type": "string", "description": "the manage token (or send it as Authorization: Bearer)"}}
