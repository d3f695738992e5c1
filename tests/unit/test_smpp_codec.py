"""SMS encoding and splitting: never inside a surrogate pair or a GSM escape."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from channels.sms import smpp_codec
from channels.sms.smpp import parse_receipt


def test_gsm_when_possible_ucs2_otherwise() -> None:
    assert smpp_codec.encode("Hello")[0] == smpp_codec.GSM
    assert smpp_codec.encode("こんにちは")[0] == smpp_codec.UCS2


def test_single_message_limits() -> None:
    assert len(smpp_codec.segments("a" * 160, 1).parts) == 1
    assert len(smpp_codec.segments("a" * 161, 1).parts) == 2
    assert len(smpp_codec.segments("あ" * 70, 1).parts) == 1
    assert len(smpp_codec.segments("あ" * 71, 1).parts) == 2


@given(st.text(alphabet=st.sampled_from(["あ", "😀", "a", "€", "{"]), min_size=1, max_size=600))
def test_parts_reassemble_and_split_cleanly(text: str) -> None:
    encoded = smpp_codec.segments(text, 42)
    bodies = [p[6:] for p in encoded.parts] if len(encoded.parts) > 1 else encoded.parts
    # Each part decodes on its own: no half surrogate pair, no dangling escape.
    assert "".join(smpp_codec.decode(encoded.data_coding, b) for b in bodies) == text
    assert all(len(p) <= 140 for p in encoded.parts) if encoded.data_coding == smpp_codec.UCS2 else True


def test_receipt_parsing() -> None:
    text = "id:abc123 sub:001 dlvrd:001 submit date:2501010900 done date:2501010901 stat:DELIVRD err:000 text:x"
    assert parse_receipt(text) == ("abc123", "DELIVRD", "000")
    assert parse_receipt("hello") is None
