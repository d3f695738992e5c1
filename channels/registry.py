"""Channel providers come from the entry-point group ``todoke.channels`` (built-ins included).

Each family (email, sms, voice, line, webhook) is served by the provider whose URL scheme
matches the family's setting; with no setting, by the dev outbox. Webhooks have no setting (the
recipient is the URL): the installed webhook provider always serves them. A family's optional
second gateway (``TODOKE_<FAMILY>_URL_2``) is built the same way and kept in ``spares``. Families
that need no transport at all (``voice-relay``: the operators' queue) are served by their
installed URL-less provider.
"""

from __future__ import annotations

import logging
from importlib.metadata import entry_points
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from channels.base import FAMILIES, Channel
from channels.devoutbox import DevOutboxChannel

if TYPE_CHECKING:
    from notifier.config import Settings
    from notifier.storage.db import Database

log = logging.getLogger(__name__)
GROUP = "todoke.channels"


class ChannelConflict(RuntimeError):
    """Two installed providers claim the same name."""


def discover() -> dict[str, type[Channel]]:
    """Every installed provider by name; two claiming one name is an error at start-up."""
    found: dict[str, type[Channel]] = {}
    origin: dict[str, str] = {}
    for ep in entry_points(group=GROUP):
        cls = ep.load()
        if ep.name in found and found[ep.name] is not cls:
            raise ChannelConflict(f"channel {ep.name!r} is claimed by both {origin[ep.name]} and {ep.value}")
        found[ep.name], origin[ep.name] = cls, ep.value
    return found


_URL_SETTING = {"email": "smtp_url"}  # the other families' settings are named after them
URL_LESS_FAMILIES = ("voice-relay",)


def _setting(family: str) -> str:
    return _URL_SETTING.get(family, f"{family}_url")


def family_url(settings: Settings, family: str, *, spare: bool = False) -> str:
    return str(getattr(settings, _setting(family) + ("_2" if spare else ""), "") or "")


class Channels:
    """The open channel of each family, and the spare gateways, built from settings."""

    def __init__(self, by_family: dict[str, Channel], spares: dict[str, list[Channel]] | None = None) -> None:
        self.by_family = by_family
        self.spares = spares or {}

    @classmethod
    def from_settings(cls, settings: Settings, *, db: Database,
                      providers: dict[str, type[Channel]] | None = None) -> Channels:
        providers = discover() if providers is None else providers
        by_family: dict[str, Channel] = {}
        spares: dict[str, list[Channel]] = {}
        for family in FAMILIES:
            by_family[family] = _choose(providers, family, family_url(settings, family), settings, db)
            spare_url = family_url(settings, family, spare=True)
            if spare_url:  # the provider reads the family's own setting: hand it the spare URL there
                spare_settings = settings.replace(**{_setting(family): spare_url})
                spares[family] = [_choose(providers, family, spare_url, spare_settings, db)]
        for family in URL_LESS_FAMILIES:
            url_less = [c for c in providers.values() if c.family == family and not c.url_schemes]
            if url_less:
                by_family[family] = url_less[0].from_settings(settings, db=db)
        return cls(by_family, spares)

    def __getitem__(self, family: str) -> Channel:
        return self.by_family[family]

    def all(self) -> list[Channel]:
        return [*self.by_family.values(), *(ch for chs in self.spares.values() for ch in chs)]

    async def open(self) -> None:
        for channel in self.all():
            await channel.open()

    async def close(self) -> None:
        for channel in self.all():
            await channel.close()


def _choose(providers: dict[str, type[Channel]], family: str, url: str, settings: Settings,
            db: Database) -> Channel:
    if not url and family == "webhook":
        url_less = [cls for cls in providers.values() if cls.family == family and not cls.url_schemes]
        if url_less:
            return url_less[0].from_settings(settings, db=db)
    if not url:
        return DevOutboxChannel(db=db, family=family)
    scheme = urlsplit(url).scheme
    for cls in providers.values():
        if cls.family == family and scheme in cls.url_schemes:
            log.info("%s channel: %s", family, cls.name)
            return cls.from_settings(settings, db=db)
    setting = "TODOKE_" + _setting(family).upper()
    raise ChannelConflict(f"no installed {family} channel speaks {scheme}:// ({setting})")
