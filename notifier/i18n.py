"""gettext catalogs under ``locales/``: compiled ``.mo`` when present, else read from ``.po``.

Two domains: ``messages`` (the web pages and console) and ``notices`` (the wording of notices,
rendered into every variant). A variant tag maps onto a folder: ``zh-Hans`` → ``locales/zh_Hans``,
``ja-easy`` → ``locales/ja_easy``.
"""

from __future__ import annotations

import functools
import gettext
import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from notifier.paths import LOCALES

DOMAIN = "messages"
NOTICES = "notices"


def _catalog_dir(locale: str) -> Path:
    return LOCALES / locale.replace("-", "_") / "LC_MESSAGES"


@functools.cache
def translations(locale: str, domain: str = DOMAIN) -> gettext.NullTranslations:
    """Translations for a BCP 47 tag (``zh-Hans`` → ``locales/zh_Hans``); null for unknown tags."""
    folder = _catalog_dir(locale)
    mo, po = folder / f"{domain}.mo", folder / f"{domain}.po"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    if po.exists():
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=locale.replace("-", "_"))
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        return gettext.GNUTranslations(buffer)
    return gettext.NullTranslations()


def available(domain: str = DOMAIN) -> list[str]:
    """Locales that ship a catalog (folder names turned back into BCP 47 tags)."""
    if not LOCALES.exists():
        return []
    return sorted(p.name.replace("_", "-") for p in LOCALES.iterdir()
                  if (p / "LC_MESSAGES" / f"{domain}.po").exists())
