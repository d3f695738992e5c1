"""Japanese phone numbers for a million rows: phonenumbers' own parse, minus its no-op steps.

``phonenumbers.parse(raw, "JP")`` is written for any text in any format, and for the commonest
import cell, a national number as plain ASCII digits (``09012345678``), most of its time goes
on steps that change nothing: extracting the number from surrounding text, normalising digits
that are already ASCII (three passes), and looking for an international prefix or a leading
``81``. For that shape (a ``0`` first, so never ``81``; not JP's international prefix ``010``)
this module runs the remaining steps of ``parse`` itself, with the library's own functions,
in the same order. Everything else goes through ``phonenumbers.parse``. A unit test checks
both paths agree, exceptions included, on every shape of digit string.
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import NumberParseException, PhoneMetadata, PhoneNumber
from phonenumbers.phonenumberutil import (
    _MAX_LENGTH_FOR_NSN,
    _MIN_LENGTH_FOR_NSN,
    ValidationResult,
    _is_viable_phone_number,
    _maybe_strip_extension,
    _maybe_strip_national_prefix_carrier_code,
    _set_italian_leading_zeros_for_phone_number,
    _test_number_length,
)

REGION = "JP"
_PLAIN = re.compile(r"0[0-9]{1,15}")  # at most 16 digits: longer ones take the library's own path
_IDD = "010"  # JP's international prefix: such numbers name another country
_KEEP_PREFIX = (ValidationResult.TOO_SHORT, ValidationResult.IS_POSSIBLE_LOCAL_ONLY,
                ValidationResult.INVALID_LENGTH)


_METADATA: PhoneMetadata = PhoneMetadata.metadata_for_region(REGION)  # type: ignore[assignment]


def parse(raw: str) -> PhoneNumber:
    """``phonenumbers.parse(raw, "JP")``, faster for a plain national number."""
    if not _PLAIN.fullmatch(raw) or raw.startswith(_IDD):
        return phonenumbers.parse(raw, REGION)
    # The steps of parse() that can change such a number, in its order (see the docstring).
    if not _is_viable_phone_number(raw):
        raise NumberParseException(NumberParseException.NOT_A_NUMBER,
                                   "The string supplied did not seem to be a phone number.")
    extension, digits = _maybe_strip_extension(raw)
    metadata = _METADATA
    numobj = PhoneNumber(country_code=metadata.country_code)
    if extension:
        numobj.extension = extension
    _, national, _ = _maybe_strip_national_prefix_carrier_code(digits, metadata)
    if _test_number_length(national, metadata) in _KEEP_PREFIX:
        national = digits
    if len(national) < _MIN_LENGTH_FOR_NSN:  # unreachable, as in parse(); kept to stay step for step
        raise NumberParseException(NumberParseException.TOO_SHORT_NSN,
                                   "The string supplied is too short to be a phone number.")
    if len(national) > _MAX_LENGTH_FOR_NSN:
        raise NumberParseException(NumberParseException.TOO_LONG,
                                   "The string supplied is too long to be a phone number.")
    _set_italian_leading_zeros_for_phone_number(national, numobj)
    numobj.national_number = int(national)
    return numobj
