"""The fast phone path agrees with ``phonenumbers.parse(raw, "JP")`` on every shape it takes
and on the ones it hands back (no I/O)."""

from __future__ import annotations

import random

import phonenumbers
import pytest

from subscribers import phonecheck

# Prefixes that take different branches of parse(): JP's national prefix and its carrier-code
# transform (000[2569]…, 003768…), the international prefix 010, free dial, IP phones, mobiles,
# landlines, short codes, and numbers no region uses.
PREFIXES = ["0", "00", "000", "0002", "0005", "0006", "0009", "0003768", "00376", "001", "010", "0101", "0120",
            "0570", "0800", "050", "060", "070", "080", "090", "0901", "03", "048", "0488", "0466", "011", "0111",
            "099", "0990", "04992", "09496", "01267", "0", "0000", "01"]


def shapes() -> list[str]:
    rng = random.Random(20241202)
    out = []
    for prefix in PREFIXES:
        for length in range(1, 19):
            for _ in range(6):  # the prefix cut to this length, and extended to it
                out.append((prefix + "".join(rng.choice("0123456789") for _ in range(length)))[:length])
                out.append(prefix + "".join(rng.choice("0123456789") for _ in range(length)))
    out += ["09012345678", "0488291111", "0120444444", "05012345678", "0", "00", "01", "8190123456789",
            "+819012345678", "090-1234-5678", "090 1234 5678", "09012345678#12", "09012345678 ext. 3",
            "０９０１２３４５６７８", "tel:09012345678", "Tel: 0901234567", "0901234567x", "12345", "+80012345678", ""]
    return sorted(set(out))


def outcome(parse: object, raw: str) -> object:
    try:
        number = parse(raw)  # type: ignore[operator]
    except phonenumbers.NumberParseException as exc:
        return ("error", exc.error_type, str(exc))
    return ("ok", number, phonenumbers.number_type(number),
            phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def test_fast_phone_path_agrees_with_phonenumbers() -> None:
    """Some 6,000 strings: the same number, type and E.164 form, or the same error."""
    cases = shapes()
    differ = [raw for raw in cases
              if outcome(phonecheck.parse, raw) != outcome(lambda value: phonenumbers.parse(value, "JP"), raw)]
    assert differ == [] and len(cases) > 5000
    valid = [raw for raw in cases if outcome(phonecheck.parse, raw)[0] == "ok"]
    assert len(valid) > 500  # plenty of numbers get through, not only errors


def test_the_fast_path_is_taken_for_plain_national_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Otherwise the test above would compare the library with itself."""
    taken = []
    monkeypatch.setattr(phonenumbers, "parse", lambda raw, region: taken.append(raw))
    phonecheck.parse("09012345678")
    phonecheck.parse("0488291111")
    phonecheck.parse("01012345678")  # international prefix: the library's own path
    phonecheck.parse("+819012345678")
    assert taken == ["01012345678", "+819012345678"]
