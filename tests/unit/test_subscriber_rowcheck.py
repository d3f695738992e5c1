"""The bulk checker agrees with the reference checks: email-validator itself, ``csvio.parse_row``,
``phonenumbers.is_valid_number`` and ``privacy.keyed_hash`` (no I/O)."""

from __future__ import annotations

import phonenumbers
import pytest
from email_validator import EmailNotValidError, validate_email

from notifier import crypto
from notifier.privacy import keyed_hash
from subscribers import csvio, emailcheck, rowcheck
from subscribers.rowcheck import RowChecker
from subscribers.validation import FieldError, Reference, phone

REF = Reference(frozenset({"disaster", "weather"}), frozenset({"11101", "11102"}), ("11101", "11102"))
SECRET = "unit-test-secret-0123456789abcdef"

ADDRESSES = [
    "taro@example.jp", "Taro.Yamada+news@Example.JP", "POSTMASTER@example.jp", "a@b.co", "user@sub.example.co.jp",
    "a..b@example.jp", ".a@example.jp", "a.@example.jp", "a@example", "a@-example.jp", "a@example..jp",
    "a@localhost", "a@example.invalid", "a@xn--ls8h.la", "a@123.123.123.123", "a@[127.0.0.1]", "a b@example.jp",
    "\"quoted\"@example.jp", "たろう@example.jp", "taro@例え.jp", "Taro <taro@example.jp>", "@example.jp", "taro@",
    "x" * 65 + "@example.jp", "a@" + "b" * 64 + ".jp", "a@" + ".".join(["b" * 60] * 5) + ".jp", "a@@example.jp",
    "a!#$%&'*+/=?^_`{|}~-@example.jp", "a@example.jp.", "a@exa_mple.jp", "a@EXAMPLE.JP",
]


def outcome(check: object, address: str) -> str:
    try:
        return "ok:" + check(address)  # type: ignore[operator]
    except EmailNotValidError as exc:
        return f"error:{type(exc).__name__}:{exc}"


@pytest.mark.parametrize("address", ADDRESSES)
def test_fast_email_path_agrees_with_email_validator(address: str) -> None:
    def reference(value: str) -> str:
        return validate_email(value, check_deliverability=False).normalized
    emailcheck._domain.cache_clear()
    first = outcome(emailcheck.normalized, address)
    assert first == outcome(reference, address)
    assert outcome(emailcheck.normalized, address) == first  # and again, from the domain cache


@pytest.mark.parametrize("raw", ["09012345678", "0488291111", "+81 90-1234-5678", "0120-444-444", "050-1234-5678",
                                 "+1 650 253 0000", "+44 20 7946 0000", "0901234567", "12345", "+80012345678"])
@pytest.mark.parametrize("kind", ["sms", "voice"])
def test_phone_validity_matches_is_valid_number(raw: str, kind: str) -> None:
    number = phonenumbers.parse(raw, "JP")
    try:
        phone(raw, kind)
        valid = True
    except FieldError as exc:
        valid = exc.message != "not a valid phone number"
    assert valid == phonenumbers.is_valid_number(number)


ROWS = [
    ["a@example.jp", "09012345678", "", "", "pt", "disaster|weather", "11101", "sms|email"],
    ["", "0488291111", "", "", "ja", "disaster", "11101", ""],
    ["a@example.jp", "", "", "", "ja", "disaster", "11199", ""],
    ["b@example.jp", "", "048-829-1111", "", "ja-easy", " weather | disaster |weather", "all", "voice|email"],
    ["c@example.jp", "", "", "U" + "a" * 32, "zh-TW", "disaster", "11102", "line|fax"],
    ["d@example.jp", "", "", "", "fr", "disaster", "11101", ""],
    ["e@example.jp", "", "", "", "", "", "11101", ""],
    ["f@example.jp", "", "", "", "ja", "disaster", "11101", "sms"],
    ["", "", "", "", "ja", "disaster", "11101", ""],
    ["g@example.jp", "", ""],
    ["broken@", "09012345678", "", "", "ja", "disaster", "11101", ""],
]


def reference_outcome(cells: list[str]) -> object:
    try:
        sub = csvio.parse_row(cells, REF)
    except FieldError as exc:
        return (exc.field, exc.message)
    return ([(c.kind, c.address, keyed_hash(SECRET, c.kind, c.address)) for c in sub.contacts], sub.topics,
            sub.areas, sub.variant, sub.fallback, sub.channel_order, sub.furigana)


def bulk_outcome(checker: RowChecker, cells: list[str]) -> object:
    checked = checker.check([(2, cells)])
    if checked.bad:
        field, message = checked.bad[0][1].split(": ", 1)
        return (field, message)
    [row] = checked.rows
    for _, address, _, sealed in row.contacts:  # stored encrypted: the address, and a fresh token each time
        assert crypto.is_encrypted(sealed) and crypto.decrypt(SECRET, sealed) == address
    return ([tuple(c[:3]) for c in row.contacts], list(row.topics), list(row.areas), row.variant, list(row.fallback),
            list(row.channel_order), row.furigana)


def test_bulk_checker_agrees_with_parse_row_twice_over() -> None:
    """Twice: the second pass answers from the caches, errors included."""
    checker = RowChecker(REF, SECRET)
    for _ in range(2):
        for cells in ROWS:
            assert bulk_outcome(checker, cells) == reference_outcome(cells), cells


def test_a_chunk_keeps_line_numbers_blank_lines_and_order() -> None:
    chunk = [(10 + i, cells) for i, cells in enumerate(ROWS)] + [(30, [" ", "", "", "", "", "", "", ""])]
    rowcheck.init_worker(REF, SECRET)
    checked = rowcheck.check_chunk(chunk)
    outcomes = [(line, reference_outcome(cells)) for line, cells in chunk[:-1]]
    errors = [(line, f"{r[0]}: {r[1]}") for line, r in outcomes if len(r) == 2]  # type: ignore[arg-type,index]
    assert checked.bad == errors and len(errors) > 3
    assert [row.line for row in checked.rows] == [line for line, r in outcomes if len(r) != 2]  # type: ignore[arg-type]
    assert len(checked.rows) == 2
    assert checked.blank == 1


def test_caches_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rowcheck, "CACHE_SIZE", 5)
    checker = RowChecker(REF, SECRET)
    for i in range(20):
        checker.row(i, [f"u{i}@example.jp", "", "", "", "ja", "disaster|weather" + "|disaster" * i, "11101", ""])
    assert len(checker._topics.values) <= 5
