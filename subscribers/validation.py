"""Validation of everything a citizen (or a CSV row) gives us. Every error names its field.

Contact points: email with email-validator (syntax only: no DNS at sign-up or import time),
phones with phonenumbers (default region JP, stored E.164; SMS needs a mobile number,
voice also takes landlines), LINE user ids. Topics and wards are checked against the
database's reference tables, loaded once (``Reference``) so an import makes no per-row query.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import phonenumbers
import sqlalchemy as sa
from email_validator import EmailNotValidError
from phonenumbers import PhoneNumberType
from sqlalchemy.ext.asyncio import AsyncConnection

from notifier.storage import schema
from subscribers import emailcheck, languages

CHANNELS = ("line", "email", "sms", "voice")  # also the default order: cheapest and richest first
NEEDS = schema.NEEDS
DEFAULT_REGION = "JP"
_LINE_ID = re.compile(r"U[0-9a-f]{32}")
_UNSTORABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")  # control characters, lone surrogates
_HHMM = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
# A Japanese number written the usual way, "090-1234-5678" or "0488291111": the national prefix 0, then
# the national number. phonenumbers' generic parser costs three times its classification here and is
# most of an import's validation time; for this form its result is known (test_phone_fast_path
# compares the two on generated numbers), so only the classification is asked of it.
_JP_NATIONAL = re.compile(r"0(?:[1-9]\d{8,9}|[1-9]\d{0,3}-\d{1,4}-\d{4})")
_COUNTRY_CODE = phonenumbers.country_code_for_region(DEFAULT_REGION)  # 81
# digits after Japan's international prefix are another country's: the generic parser's to read
_INTERNATIONAL_PREFIX = str(getattr(phonenumbers.PhoneMetadata.metadata_for_region(DEFAULT_REGION),
                                    "international_prefix", "010"))
_SMS_TYPES = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE})
_VOICE_TYPES = _SMS_TYPES | {PhoneNumberType.FIXED_LINE, PhoneNumberType.VOIP, PhoneNumberType.UAN,
                             PhoneNumberType.PERSONAL_NUMBER}
MAX_LIST = 50


class FieldError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class Invalid(ValueError):
    """One or more field errors."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors

    def as_dicts(self) -> list[dict[str, str]]:
        return [{"field": e.field, "message": e.message} for e in self.errors]


@dataclass(frozen=True, slots=True)
class Contact:
    kind: str  # email | sms | voice | line
    address: str  # normalised: E.164 for phones


@dataclass(frozen=True)
class Reference:
    """The topics and wards a subscription may name (from the database)."""

    topics: frozenset[str]
    areas: frozenset[str]
    area_order: tuple[str, ...] = ()

    @classmethod
    async def load(cls, conn: AsyncConnection) -> Reference:
        topics = (await conn.execute(sa.select(schema.topics.c.key))).scalars().all()
        areas = (await conn.execute(sa.select(schema.areas.c.code).order_by(schema.areas.c.sort))).scalars().all()
        return cls(frozenset(topics), frozenset(areas), tuple(areas))


@dataclass
class SubscriptionInput:
    contacts: list[Contact]
    topics: list[str]
    areas: list[str]
    variant: str = "ja"
    fallback: list[str] = field(default_factory=lambda: [languages.EASY])
    channel_order: list[str] = field(default_factory=list)
    quiet_start: str | None = None
    quiet_end: str | None = None
    digest_time: str | None = None
    furigana: bool = False
    large_text: bool = False
    needs: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- single values
def text(name: str, value: Any, max_len: int) -> str:
    """A string without control characters or lone surrogates (neither is storable or meaningful)."""
    if not isinstance(value, str):
        raise FieldError(name, "must be a string")
    if len(value) > max_len:
        raise FieldError(name, f"is longer than {max_len} characters")
    if _UNSTORABLE.search(value):
        raise FieldError(name, "contains control characters")
    return value.strip()


def email(value: Any, name: str = "email") -> str:
    address = text(name, value, 320)
    try:
        return emailcheck.normalized(address)
    except EmailNotValidError as exc:
        raise FieldError(name, f"not a valid email address: {exc}") from None


def phone(value: Any, kind: str = "sms", name: str | None = None) -> str:
    """E.164; ``kind`` ``sms`` needs a mobile number, ``voice`` also takes a landline."""
    name = name or kind
    raw = text(name, value, 32)
    number = _parse_phone(raw)
    if number is None:
        raise FieldError(name, "not a phone number")
    # is_valid_number is "number_type is not UNKNOWN" for the number's own region: one call does both.
    number_type = phonenumbers.number_type(number)
    if number_type == PhoneNumberType.UNKNOWN:
        raise FieldError(name, "not a valid phone number")
    allowed = _SMS_TYPES if kind == "sms" else _VOICE_TYPES
    if number_type not in allowed:
        raise FieldError(name, "SMS needs a mobile number" if kind == "sms" else "not a number that takes calls")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _parse_phone(raw: str) -> phonenumbers.PhoneNumber | None:
    if _JP_NATIONAL.fullmatch(raw):
        digits = raw.replace("-", "")
        if len(digits) in (10, 11) and not digits.startswith(_INTERNATIONAL_PREFIX):
            return phonenumbers.PhoneNumber(country_code=_COUNTRY_CODE, national_number=int(digits[1:]))
    try:
        return phonenumbers.parse(raw, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None


def line_user_id(value: Any, name: str = "line") -> str:
    user_id = text(name, value, 64)
    if not _LINE_ID.fullmatch(user_id):
        raise FieldError(name, "a LINE user id is U followed by 32 hexadecimal digits")
    return user_id


def contact(kind: str, value: Any, name: str | None = None) -> Contact:
    name = name or kind
    if kind == "email":
        return Contact(kind, email(value, name))
    if kind in ("sms", "voice"):
        return Contact(kind, phone(value, kind, name))
    if kind == "line":
        return Contact(kind, line_user_id(value, name))
    raise FieldError(name, f"unknown contact kind {kind!r}")


def language(value: Any, name: str = "language") -> str:
    try:
        return languages.normalize(text(name, value, 35))
    except languages.LanguageError as exc:
        raise FieldError(name, str(exc)) from None


def hhmm(value: Any, name: str) -> str | None:
    if value is None or value == "":
        return None
    cleaned = text(name, value, 5)
    if not _HHMM.fullmatch(cleaned):
        raise FieldError(name, "use 24-hour HH:MM, e.g. 22:00")
    return cleaned


def _strings(name: str, values: Any, max_len: int) -> list[str]:
    if not isinstance(values, list | tuple):
        raise FieldError(name, "must be a list")
    if len(values) > MAX_LIST:
        raise FieldError(name, f"has more than {MAX_LIST} entries")
    out: list[str] = []
    for i, value in enumerate(values):
        item = text(f"{name}[{i}]", value, max_len)
        if item and item not in out:
            out.append(item)
    return out


def topics(values: Any, ref: Reference, name: str = "topics") -> list[str]:
    keys = _strings(name, values, 32)
    if not keys:
        raise FieldError(name, "choose at least one topic")
    unknown = [k for k in keys if k not in ref.topics]
    if unknown:
        raise FieldError(name, f"unknown topic {unknown[0]!r}")
    return keys


def areas(values: Any, ref: Reference, name: str = "areas") -> list[str]:
    codes = _strings(name, values, 6)
    if codes == ["all"]:
        return list(ref.area_order or sorted(ref.areas))
    if not codes:
        raise FieldError(name, "choose at least one ward")
    unknown = [c for c in codes if c not in ref.areas]
    if unknown:
        raise FieldError(name, f"unknown ward {unknown[0]!r} (use JIS X 0402 codes such as 11101, or all)")
    return codes


def variants(values: Any, name: str = "fallback") -> list[str]:
    return [language(v, f"{name}[{i}]") for i, v in enumerate(_strings(name, values, 35))]


def needs(values: Any, name: str = "needs") -> list[str]:
    chosen = _strings(name, values, 24)
    unknown = [n for n in chosen if n not in NEEDS]
    if unknown:
        raise FieldError(name, f"unknown need {unknown[0]!r}; one of {', '.join(NEEDS)}")
    return chosen


def channel_order(values: Any, kinds: Iterable[str], chosen_needs: Iterable[str],
                  name: str = "channels") -> list[str]:
    """The citizen's order, or a default from their contact points and needs.

    Hearing: no voice calls unless asked for. Visual: voice first.
    """
    have = set(kinds)
    if values:
        order = _strings(name, values, 8)
        for i, channel in enumerate(order):
            if channel not in CHANNELS:
                raise FieldError(f"{name}[{i}]", f"unknown channel {channel!r}; one of {', '.join(CHANNELS)}")
            if channel not in have:
                raise FieldError(f"{name}[{i}]", f"no {channel} contact given for this channel")
        return order
    order = [c for c in CHANNELS if c in have]
    need_set = set(chosen_needs)
    if "hearing" in need_set:
        order = [c for c in order if c != "voice"]
    if "visual" in need_set and "voice" in order:
        order = ["voice", *(c for c in order if c != "voice")]
    if not order:
        raise FieldError(name, "no channel left to reach you (voice calls are off for hearing needs)")
    return order


# ---------------------------------------------------------------- a whole subscription
class _Collector:
    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def __call__(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except FieldError as exc:
            self.errors.append(exc)
            return None


def parse_contacts(raw: Any, check: _Collector, name: str = "contacts") -> list[Contact]:
    if not isinstance(raw, Mapping):
        check.errors.append(FieldError(name, "must be an object of email, sms, voice, line"))
        return []
    found: list[Contact] = []
    for kind in schema.CONTACT_KINDS:
        value = raw.get(kind)
        if value not in (None, ""):
            item = check(contact, kind, value, f"{name}.{kind}")
            if item is not None:
                found.append(item)
    if not found and not any(e.field.startswith(name) for e in check.errors):
        check.errors.append(FieldError(name, "give at least one contact: email, SMS phone, voice phone or LINE"))
    return found


def _quiet_hours(raw: Any, check: _Collector) -> tuple[str | None, str | None]:
    if raw in (None, {}):
        return None, None
    if not isinstance(raw, Mapping):
        check.errors.append(FieldError("quiet_hours", "must be an object with start and end"))
        return None, None
    start = check(hhmm, raw.get("start"), "quiet_hours.start")
    end = check(hhmm, raw.get("end"), "quiet_hours.end")
    if (start is None) != (end is None) and not check.errors:
        check.errors.append(FieldError("quiet_hours.end" if start else "quiet_hours.start",
                                       "give both start and end, or neither"))
    return start, end


def parse_subscription(data: Mapping[str, Any], ref: Reference) -> SubscriptionInput:
    """The whole subscription document (API body or form), or ``Invalid`` naming every bad field."""
    check = _Collector()
    contacts = parse_contacts(data.get("contacts"), check)
    chosen_needs = check(needs, data.get("needs") or []) or []
    if chosen_needs and data.get("needs_consent") is not True:
        check.errors.append(FieldError("needs_consent", "consent is required to store these needs"))
    variant = check(language, data.get("language") or "ja") or "ja"
    preferred = check(variants, data.get("fallback") or []) or []
    start, end = _quiet_hours(data.get("quiet_hours"), check)
    result = SubscriptionInput(
        contacts=contacts,
        topics=check(topics, data.get("topics"), ref) or [],
        areas=check(areas, data.get("areas"), ref) or [],
        variant=variant,
        fallback=languages.fallback_chain(variant, preferred),
        quiet_start=start, quiet_end=end,
        digest_time=check(hhmm, data.get("digest_time"), "digest_time"),
        furigana=_flag(data, "furigana", check, default=variant == languages.EASY),
        large_text=_flag(data, "large_text", check, default="visual" in chosen_needs),
        needs=chosen_needs,
    )
    if contacts:
        result.channel_order = check(channel_order, data.get("channels"), (c.kind for c in contacts),
                                     chosen_needs) or []
    if check.errors:
        raise Invalid(check.errors)
    return result


def _flag(data: Mapping[str, Any], name: str, check: _Collector, *, default: bool) -> bool:
    value = data.get(name)
    if value is None:
        return default
    if not isinstance(value, bool):
        check.errors.append(FieldError(name, "must be true or false"))
        return default
    return value
