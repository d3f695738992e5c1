"""Optional machine translation through a LibreTranslate-compatible HTTP API (off by default).

Whatever it returns is always labelled as machine translated; any failure means "no machine
translation", and the subscriber gets easy Japanese under the untranslated header instead.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import aiohttp

log = logging.getLogger(__name__)

# LibreTranslate's language codes where they differ from our variant tags.
_CODES = {"zh-Hans": "zh", "zh-Hant": "zt", "pt-BR": "pt"}


@dataclass(frozen=True, kw_only=True)
class LibreTranslate:
    url: str  # base URL; POST {url}/translate
    api_key: str = ""
    timeout: float = 10.0

    async def translate(self, text: str, *, target: str, source: str = "ja") -> str | None:
        payload = {"q": text, "source": source, "target": _CODES.get(target, target), "format": "text"}
        if self.api_key:
            payload["api_key"] = self.api_key
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout)) as session, \
                    session.post(self.url.rstrip("/") + "/translate", json=payload) as response:
                if response.status != 200:
                    log.warning("machine translation to %s failed: HTTP %s", target, response.status)
                    return None
                data = await response.json()
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            log.warning("machine translation to %s failed: %s", target, exc)
            return None
        translated = data.get("translatedText") if isinstance(data, dict) else None
        return translated if isinstance(translated, str) and translated.strip() else None


def translator_for(settings: Any) -> LibreTranslate | None:
    """The provider named by ``translate_url``; ``None`` (no machine translation) when it is empty."""
    url = getattr(settings, "translate_url", "")
    return LibreTranslate(url=url) if url else None
