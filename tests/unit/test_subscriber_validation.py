"""Subscriber validation: contacts, languages, topics/wards, channel order, CSV rows (no I/O)."""

from __future__ import annotations

import io
from collections.abc import Iterator

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subscribers import csvio, languages
from subscribers.validation import FieldError, Invalid, Reference, channel_order, contact, parse_subscription

REF = Reference(frozenset({"disaster", "weather"}), frozenset({"11101", "11102"}), ("11101", "11102"))


def sub(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {"contacts": {"email": "taro@example.jp"}, "topics": ["disaster"], "areas": ["11101"]}
    data.update(overrides)
    return data


def fields(data: dict[str, object]) -> set[str]:
    with pytest.raises(Invalid) as info:
        parse_subscription(data, REF)
    return {e.field for e in info.value.errors}


@pytest.mark.parametrize(("tag", "variant"), [
    ("ja", "ja"), ("ja-JP", "ja"), ("ja-easy", "ja-easy"), ("zh-CN", "zh-Hans"), ("zh-TW", "zh-Hant"),
    ("zh-Hant-HK", "zh-Hant"), ("zh", "zh-Hans"), ("pt", "pt-BR"), ("pt-PT", "pt-BR"), ("en-US", "en"),
    ("fil", "tl"), ("vi_VN", "vi"), ("my", "my"), ("ne-NP", "ne"),
])
def test_language_tags_are_normalised(tag: str, variant: str) -> None:
    assert languages.normalize(tag) == variant


@pytest.mark.parametrize("tag", ["fr", "", "ja--", "x" * 20, "日本語"])
def test_unsupported_languages_are_refused(tag: str) -> None:
    with pytest.raises(languages.LanguageError):
        languages.normalize(tag)


@pytest.mark.parametrize("variant", languages.VARIANTS)
def test_every_fallback_chain_ends_in_easy_japanese(variant: str) -> None:
    chain = [variant, *languages.fallback_chain(variant, ["en"])]
    assert chain[-1] == "ja-easy"
    assert len(chain) == len(set(chain))


def test_phones_are_stored_e164_and_sms_needs_a_mobile() -> None:
    assert contact("sms", "090-1234-5678").address == "+819012345678"
    assert contact("voice", "048-829-1111").address == "+81488291111"
    with pytest.raises(FieldError, match="mobile") as info:
        contact("sms", "048-829-1111")
    assert info.value.field == "sms"


def _outcome(kind: str, raw: str) -> str:
    try:
        return contact(kind, raw).address
    except FieldError as exc:
        return f"{exc.field}: {exc.message}"


def _by_the_library(kind: str, raw: str) -> str:
    """What phonenumbers' own parser makes of it, with phone()'s messages."""
    try:
        number = phonenumbers.parse(raw, "JP")
    except phonenumbers.NumberParseException:
        return f"{kind}: not a phone number"
    contact_kind = phonenumbers.number_type(number)
    if contact_kind == phonenumbers.PhoneNumberType.UNKNOWN:
        return f"{kind}: not a valid phone number"
    allowed = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
    if kind == "voice":
        allowed |= {phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.VOIP,
                    phonenumbers.PhoneNumberType.UAN, phonenumbers.PhoneNumberType.PERSONAL_NUMBER}
    if contact_kind not in allowed:
        return f"{kind}: " + ("SMS needs a mobile number" if kind == "sms" else "not a number that takes calls")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_NATIONAL = st.from_regex(r"\A0[0-9]{9,10}\Z") | st.builds(
    "-".join, st.lists(st.from_regex(r"\A[0-9]{1,5}\Z"), min_size=2, max_size=4)).map(lambda s: "0" + s)


@settings(max_examples=400, deadline=None)
@given(kind=st.sampled_from(["sms", "voice"]),
       raw=_NATIONAL | st.sampled_from(["090-1234-5678", "0120-444-444", "050-3000-1234", "0570-000-123",
                                        "03-1234-5678", "080-0000-0000", "0800-123-4567", "00-1234-5678",
                                        "0104286952", "01-0834-4240"]))
def test_phone_fast_path_agrees_with_phonenumbers(kind: str, raw: str) -> None:
    """Numbers in the usual national form skip phonenumbers' generic parser: same result, same error."""
    assert _outcome(kind, raw) == _by_the_library(kind, raw)


@pytest.mark.parametrize(("kind", "value"), [
    ("email", "not-an-email"), ("email", "a@b"), ("email", "x@example.jp\x00"), ("sms", "12"),
    ("sms", "phone"), ("voice", "+1 555"), ("line", "U123"), ("line", "u" + "a" * 32),
])
def test_malformed_contacts_name_their_field(kind: str, value: str) -> None:
    assert fields(sub(contacts={kind: value})) == {f"contacts.{kind}"}


def test_email_is_normalised_without_dns() -> None:
    parsed = parse_subscription(sub(contacts={"email": "Taro@Example.JP"}), REF)
    assert parsed.contacts[0].address == "Taro@example.jp"


@pytest.mark.parametrize(("data", "field"), [
    (sub(contacts={}), "contacts"),
    (sub(topics=[]), "topics"),
    (sub(topics=["nope"]), "topics"),
    (sub(areas=["99999"]), "areas"),
    (sub(areas=[]), "areas"),
    (sub(language="fr"), "language"),
    (sub(quiet_hours={"start": "25:00", "end": "07:00"}), "quiet_hours.start"),
    (sub(quiet_hours={"start": "22:00"}), "quiet_hours.end"),
    (sub(channels=["sms"]), "channels[0]"),
    (sub(needs=["hearing"]), "needs_consent"),
    (sub(needs=["telepathy"], needs_consent=True), "needs"),
])
def test_bad_subscriptions_name_the_field(data: dict[str, object], field: str) -> None:
    assert field in fields(data)


def test_all_wards_and_defaults() -> None:
    parsed = parse_subscription(sub(areas=["all"], language="ja-easy"), REF)
    assert parsed.areas == ["11101", "11102"]
    assert parsed.furigana is True and parsed.fallback == []


def test_needs_change_channel_defaults() -> None:
    assert channel_order(None, ["email", "voice"], ["hearing"]) == ["email"]
    assert channel_order(None, ["email", "voice"], ["visual"]) == ["voice", "email"]
    assert channel_order(["voice"], ["email", "voice"], ["hearing"]) == ["voice"]  # asked for explicitly
    parsed = parse_subscription(sub(contacts={"email": "a@example.jp", "voice": "0488291111"}, needs=["visual"],
                                    needs_consent=True), REF)
    assert parsed.channel_order == ["voice", "email"] and parsed.large_text is True


def test_csv_rows_name_the_column() -> None:
    good = csvio.parse_row(["a@example.jp", "09012345678", "", "", "pt", "disaster|weather", "11101", "sms|email"], REF)
    assert good.variant == "pt-BR" and good.topics == ["disaster", "weather"] and good.channel_order == ["sms", "email"]
    with pytest.raises(FieldError) as info:
        csvio.parse_row(["", "0488291111", "", "", "ja", "disaster", "11101", ""], REF)
    assert info.value.field == "phone"
    with pytest.raises(FieldError) as info:
        csvio.parse_row(["a@example.jp", "", "", "", "ja", "disaster", "11199", ""], REF)
    assert info.value.field == "areas"


@pytest.mark.parametrize(("header", "message"), [
    ("email,phone,voice_phone,line_user_id,language,topics,areas", "missing column 'channels'"),
    ("email,phone,voice_phone,line_user_id,language,topics,areas,channels,age", "unknown column 'age'"),
    ("", "empty"),
])
def test_csv_header_must_be_exact(header: str, message: str) -> None:
    with pytest.raises(csvio.CsvError, match=message):
        list(csvio.read_rows(io.BytesIO(header.encode() + b"\n")))


def test_csv_bad_encoding_names_the_line() -> None:
    data = ",".join(csvio.HEADER).encode() + b"\n" + b"ok@example.jp,,,,ja,disaster,11101,\n" * 3
    data += "たろう@example.jp,,,,ja,disaster,11101,\n".encode("shift_jis")
    with pytest.raises(csvio.CsvError, match="line 5: the file is not UTF-8"):
        csvio.check_utf8(io.BytesIO(data))


def test_csv_with_bom_is_read_and_rows_come_lazily() -> None:
    def lines() -> Iterator[bytes]:
        yield "\ufeff".encode() + ",".join(csvio.HEADER).encode() + b"\n"
        for i in range(1_000_000):
            yield f"u{i}@example.jp,,,,ja,disaster,11101,\n".encode()

    class Stream(io.RawIOBase):
        def __init__(self) -> None:
            self.source, self.pulled, self.pending = lines(), 0, b""

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
            while len(self.pending) < len(buffer):
                try:
                    self.pending += next(self.source)
                    self.pulled += 1
                except StopIteration:
                    break
            chunk, self.pending = self.pending[:len(buffer)], self.pending[len(buffer):]
            buffer[:len(chunk)] = chunk
            return len(chunk)

    stream = Stream()
    rows = csvio.read_rows(io.BufferedReader(stream))
    first = next(rows)
    assert first == (2, ["u0@example.jp", "", "", "", "ja", "disaster", "11101", ""])
    assert stream.pulled < 2000  # a buffer's worth, not the million lines
