"""The subscriber CSV (DESIGN.md): reading it as a stream, parsing rows, writing it back out.

Header: ``email,phone,voice_phone,line_user_id,language,topics,areas,channels``; lists are
separated by ``|``; ``language`` is a BCP 47 tag or ``ja-easy``. UTF-8, with or without BOM.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from typing import IO, Any

from subscribers import languages
from subscribers.validation import (
    Contact,
    FieldError,
    Reference,
    SubscriptionInput,
    areas,
    channel_order,
    contact,
    language,
    topics,
)

HEADER = ("email", "phone", "voice_phone", "line_user_id", "language", "topics", "areas", "channels")
CONTACT_COLUMNS = (("email", "email"), ("phone", "sms"), ("voice_phone", "voice"), ("line_user_id", "line"))
MAX_FIELD = 4096  # a sane cell is short; a giant one is a broken file, not a subscriber


class CsvError(Exception):
    """The file as a whole cannot be read (encoding, header): one line, exit 2."""


def check_utf8(stream: IO[bytes], chunk: int = 1 << 20) -> None:
    """Decode the whole file once, in chunks, before importing: a bad byte halfway must not
    leave half a file imported. Constant memory; the stream is rewound."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    while True:
        data = stream.read(chunk)
        try:
            decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            where = line + data[: exc.start].count(b"\n")
            raise CsvError(f"line {where}: the file is not UTF-8 (save it as UTF-8 CSV)") from None
        if not data:
            break
        line += data.count(b"\n")
    stream.seek(0)


def read_rows(stream: IO[bytes]) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for each record after the header, lazily."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        yield from _records(csv.reader(text))
    finally:
        text.detach()  # the caller owns (and closes) the byte stream


def _records(reader: Any) -> Iterator[tuple[int, list[str]]]:
    csv.field_size_limit(MAX_FIELD)
    try:
        header = next(reader, None)
    except UnicodeDecodeError:
        raise CsvError("line 1: the file is not UTF-8 (save it as UTF-8 CSV)") from None
    check_header(header)
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError:
            raise CsvError(f"line {start}: the file is not UTF-8 (save it as UTF-8 CSV)") from None
        except csv.Error as exc:
            raise CsvError(f"line {start}: {exc}") from None
        yield start, cells
        start = reader.line_num + 1


def check_header(header: list[str] | None) -> None:
    if not header:
        raise CsvError("the file is empty; the first line must be the header " + ",".join(HEADER))
    names = [h.strip() for h in header]
    missing = [h for h in HEADER if h not in names]
    if missing:
        raise CsvError(f"line 1: missing column {missing[0]!r}; the header must be exactly {','.join(HEADER)}")
    unknown = [h for h in names if h not in HEADER]
    if unknown:
        raise CsvError(f"line 1: unknown column {unknown[0]!r}; the header must be exactly {','.join(HEADER)}")
    if tuple(names) != HEADER:
        raise CsvError(f"line 1: columns out of order; the header must be exactly {','.join(HEADER)}")


def _split(cell: str) -> list[str]:
    return [p.strip() for p in cell.split("|") if p.strip()]


def parse_row(cells: list[str], ref: Reference) -> SubscriptionInput:
    """One CSV record → a subscription; ``FieldError`` names the column."""
    if len(cells) != len(HEADER):
        raise FieldError("(row)", f"has {len(cells)} cells, expected {len(HEADER)}")
    row = dict(zip(HEADER, cells, strict=True))
    contacts: list[Contact] = [contact(kind, row[column].strip(), column)
                               for column, kind in CONTACT_COLUMNS if row[column].strip()]
    if not contacts:
        raise FieldError("email", "no contact: give email, phone, voice_phone or line_user_id")
    variant = language(row["language"]) if row["language"].strip() else "ja"
    return SubscriptionInput(
        contacts=contacts,
        topics=topics(_split(row["topics"]), ref),
        areas=areas(_split(row["areas"]), ref),
        variant=variant,
        fallback=languages.fallback_chain(variant),
        channel_order=channel_order(_split(row["channels"]), (c.kind for c in contacts), ()),
        furigana=variant == languages.EASY,
    )


def format_row(contacts: dict[str, str], variant: str, topic_keys: list[str], area_codes: list[str],
               channels: list[str]) -> list[str]:
    return [contacts.get("email", ""), contacts.get("sms", ""), contacts.get("voice", ""), contacts.get("line", ""),
            variant, "|".join(topic_keys), "|".join(area_codes), "|".join(channels)]
