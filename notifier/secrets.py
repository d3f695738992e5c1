"""The secret key: from settings, or (development only) a random key kept next to the data."""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from notifier.config import Settings

log = logging.getLogger(__name__)
DEV_KEY_FILE = Path("var/secret_key")


def resolve_secret_key(settings: Settings) -> Settings:
    """Settings with a secret key; without one configured, a persisted random dev key."""
    if settings.secret_key:
        return settings
    if DEV_KEY_FILE.exists():
        key = DEV_KEY_FILE.read_text().strip()
    else:
        DEV_KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(32)
        fd = os.open(DEV_KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(key)
        log.warning("TODOKE_SECRET_KEY is not set: generated a development key in %s", DEV_KEY_FILE)
    return settings.replace(secret_key=key)
