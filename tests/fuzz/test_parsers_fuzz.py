"""Hypothesis against the ingest parsers: whatever arrives, only IngestError or IngestSkip escapes.

Inputs: arbitrary bytes, arbitrary text wrapped as XML, and the real samples of tests/data
mutated (bytes flipped, cut, spliced, elements' text replaced).
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notifier.ingest.base import IngestError, IngestSkip
from notifier.ingest.parse import parse_message

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLES = sorted(p for p in DATA.rglob("*.xml"))
FUZZ = settings(max_examples=400, deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _parse(data: bytes) -> None:
    with contextlib.suppress(IngestError, IngestSkip):  # anything else fails the property
        parse_message(data)


def test_there_are_samples() -> None:
    assert len(SAMPLES) >= 20


@FUZZ
@given(st.binary(max_size=4000))
def test_arbitrary_bytes(data: bytes) -> None:
    _parse(data)


@FUZZ
@given(st.sampled_from(SAMPLES), st.integers(min_value=0), st.integers(min_value=0, max_value=255),
       st.integers(min_value=0))
def test_samples_with_a_byte_changed_or_cut(path: Path, where: int, byte: int, cut: int) -> None:
    data = bytearray(path.read_bytes())
    data[where % len(data)] = byte
    _parse(bytes(data))
    _parse(bytes(data[: cut % len(data)]))


_TEXT = re.compile(rb">([^<>]{1,200})<")


@FUZZ
@given(st.sampled_from(SAMPLES), st.data())
def test_samples_with_element_text_replaced(path: Path, data: st.DataObject) -> None:
    """Valid XML, hostile values: dates, codes, numbers and free text replaced by anything."""
    original = path.read_bytes()
    spans = [m.span(1) for m in _TEXT.finditer(original)]
    if not spans:
        return
    chosen = data.draw(st.lists(st.sampled_from(spans), min_size=1, max_size=4, unique=True))
    out = original
    for start, end in sorted(chosen, reverse=True):
        value = data.draw(st.one_of(
            st.text(max_size=40), st.sampled_from(["", "-1", "9" * 40, "NaN", "2026-13-45T25:61:00+09:00",
                                                   "0000-00-00T00:00:00Z", "&amp;", "<!--", "]]>"])))
        escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        out = out[:start] + escaped.encode("utf-8", "surrogatepass") + out[end:]
    _parse(out)


@FUZZ
@given(st.sampled_from(SAMPLES), st.sampled_from(SAMPLES), st.integers(min_value=0), st.integers(min_value=0))
def test_two_samples_spliced(first: Path, second: Path, a: int, b: int) -> None:
    x, y = first.read_bytes(), second.read_bytes()
    _parse(x[: a % len(x)] + y[b % len(y):])
