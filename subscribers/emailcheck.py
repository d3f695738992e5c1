"""Email syntax checks for a million rows: email-validator's own steps, with the domain cached.

``validate_email(..., check_deliverability=False)`` spends most of its time on the domain
(IDNA/UTS-46 checks per character), and an import names the same few domains over and over.
For the common shape (one ``@``, plain ASCII atoms, no quotes, brackets or display name) this
module runs the same library functions ``validate_email`` runs, in the same order, but
validates each distinct domain once. Everything else goes through ``validate_email`` itself.
A unit test checks both paths agree on valid and invalid addresses.
"""

from __future__ import annotations

import functools
import re

import email_validator
from email_validator import EmailSyntaxError, ValidatedEmail, validate_email
from email_validator.rfc_constants import CASE_INSENSITIVE_MAILBOX_NAMES
from email_validator.syntax import validate_email_domain_name, validate_email_length, validate_email_local_part

# Characters split_email treats as ordinary in an unquoted address: no quotes, brackets,
# backslashes, spaces or a second "@", so splitting at the "@" is exactly what it would do.
_SIMPLE = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.\-]+@[A-Za-z0-9.\-]+")
DOMAIN_CACHE = 4096  # distinct domains remembered (bounded: memory stays flat)


@functools.lru_cache(maxsize=DOMAIN_CACHE)
def _domain(domain: str) -> tuple[str, str] | EmailSyntaxError:
    try:
        info = validate_email_domain_name(domain, test_environment=email_validator.TEST_ENVIRONMENT,
                                          globally_deliverable=email_validator.GLOBALLY_DELIVERABLE)
    except EmailSyntaxError as exc:
        return exc
    return info["domain"], info["ascii_domain"]


def normalized(address: str) -> str:
    """The normalised address, or ``EmailNotValidError`` with email-validator's own message."""
    if not _SIMPLE.fullmatch(address):
        return validate_email(address, check_deliverability=False).normalized
    local, domain = address.split("@")
    info = validate_email_local_part(local, allow_smtputf8=email_validator.ALLOW_SMTPUTF8,
                                     allow_empty_local=email_validator.ALLOW_EMPTY_LOCAL,
                                     quoted_local_part=False, strict=email_validator.STRICT)
    local_part, ascii_local = info["local_part"], info["ascii_local_part"]
    if ascii_local is not None and ascii_local.lower() in CASE_INSENSITIVE_MAILBOX_NAMES and local_part is not None:
        local_part, ascii_local = local_part.lower(), ascii_local.lower()
    checked = _domain(domain)
    if isinstance(checked, EmailSyntaxError):
        raise EmailSyntaxError(str(checked))
    ret = ValidatedEmail()
    ret.original = address
    ret.local_part, ret.ascii_local_part = local_part, ascii_local
    ret.domain, ret.ascii_domain = checked
    ret.normalized = f"{local_part}@{ret.domain}"
    ret.ascii_email = f"{ascii_local}@{ret.ascii_domain}" if ascii_local and ret.ascii_domain else None
    validate_email_length(ret)
    return ret.normalized
