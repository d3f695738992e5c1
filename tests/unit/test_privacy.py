from __future__ import annotations

import hashlib
import hmac
import json
import logging

from notifier.logs import MaskingJsonFormatter
from notifier.privacy import keyed_hash, keyed_hex, mask_email, mask_phone, mask_text


def test_mask_email_hides_local_part_and_host() -> None:
    assert mask_email("taro.yamada@example.jp") == "t***@e***.jp"


def test_mask_phone_keeps_country_code_and_last_four() -> None:
    assert mask_phone("+819012345678") == "+81******5678"
    assert "1234" not in mask_phone("+819012345678")


def test_mask_text_masks_every_contact_in_free_text() -> None:
    line = "sent to hanako@example.com and 090-1234-5678 ok"
    masked = mask_text(line)
    assert "hanako@example.com" not in masked
    assert "090-1234-5678" not in masked
    assert masked.startswith("sent to h***@e***.com and ")


def test_log_formatter_masks_message_and_extra_fields() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "verify %s", ("a.b@example.org",), None)
    record.recipient = "+819011112222"
    out = json.loads(MaskingJsonFormatter().format(record))
    assert "a.b@example.org" not in out["message"]
    assert out["recipient"] == "+81******2222"


def test_keyed_hash_normalises_email_case_and_depends_on_key() -> None:
    a = keyed_hash("k" * 16, "email", "Taro@Example.JP")
    assert a == keyed_hash("k" * 16, "email", "taro@example.jp")
    assert a != keyed_hash("x" * 16, "email", "taro@example.jp")


def test_keyed_hash_is_the_raw_digest_and_keyed_hex_the_old_text() -> None:
    """Raw bytes for the column; hex, unchanged, for throttle keys and links already out there."""
    digest = keyed_hash("k" * 16, "sms", " +819011112222 ")
    assert len(digest) == 32
    expected = hmac.new(b"k" * 16, b"sms:+819011112222", hashlib.sha256).hexdigest()
    assert keyed_hex("k" * 16, "sms", "+819011112222") == expected == digest.hex()
