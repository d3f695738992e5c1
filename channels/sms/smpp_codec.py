"""SMS encoding for SMPP: GSM 03.38 when every character has a code, else UCS-2; concatenation with UDH.

GSM text goes unpacked (one septet per octet, data_coding 0): 160 per single message, 153 per part.
UCS-2 (data_coding 8): 70 code units per single message, 67 per part. A part never ends between
an escape and the character it extends, nor between the two halves of a surrogate pair.
"""

from __future__ import annotations

from dataclasses import dataclass

import gsm0338  # noqa: F401 - registers the "gsm03.38" codec

GSM, UCS2 = 0, 8
_SINGLE = {GSM: 160, UCS2: 140}  # octets of one message
_PART = {GSM: 153, UCS2: 134}  # octets of one part after the 6-octet UDH
ESM_UDHI = 0x40


@dataclass(frozen=True, slots=True)
class Encoded:
    data_coding: int
    parts: list[bytes]  # each a complete short_message (with its UDH when there are several)

    @property
    def esm_class(self) -> int:
        return ESM_UDHI if len(self.parts) > 1 else 0


def encode(text: str) -> tuple[int, bytes]:
    try:
        return GSM, text.encode("gsm03.38")
    except UnicodeEncodeError:
        return UCS2, text.encode("utf-16-be")


def split(data_coding: int, payload: bytes, reference: int) -> Encoded:
    """The short messages of one text; ``reference`` (0–255) ties the parts together at the handset."""
    if len(payload) <= _SINGLE[data_coding]:
        return Encoded(data_coding, [payload])
    chunks = list(_chunks(data_coding, payload))
    total = len(chunks)
    if total > 255:
        raise ValueError("text needs more than 255 parts")
    return Encoded(data_coding, [bytes([5, 0, 3, reference & 0xFF, total, seq]) + chunk
                                 for seq, chunk in enumerate(chunks, start=1)])


def _chunks(data_coding: int, payload: bytes) -> list[bytes]:
    size = _PART[data_coding]
    out: list[bytes] = []
    start = 0
    while start < len(payload):
        end = min(start + size, len(payload))
        if end < len(payload):
            end = _safe_end(data_coding, payload, start, end)
        out.append(payload[start:end])
        start = end
    return out


def _safe_end(data_coding: int, payload: bytes, start: int, end: int) -> int:
    if data_coding == GSM:
        # An escape (0x1B) at the end would lose its character to the next part.
        return end - 1 if payload[end - 1] == 0x1B else end
    end -= (end - start) % 2
    high = int.from_bytes(payload[end - 2:end], "big")
    return end - 2 if 0xD800 <= high <= 0xDBFF else end


def segments(text: str, reference: int) -> Encoded:
    data_coding, payload = encode(text)
    return split(data_coding, payload, reference)


def decode(data_coding: int, payload: bytes) -> str:
    return payload.decode("utf-16-be" if data_coding == UCS2 else "gsm03.38")
