"""Typed settings from the environment and an optional TOML file.

Every setting is declared once in ``SETTINGS``; ``todoke serve --help`` and the README
are generated from (and tested against) that table.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from notifier.keyring import Keyring


class ConfigError(ValueError):
    """A setting has an invalid value; the message names the setting."""


def _url(schemes: tuple[str, ...]) -> Callable[[str], str]:
    def parse(value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in schemes:
            raise ValueError(f"scheme must be one of {', '.join(schemes)}, got {parts.scheme or 'none'!r}")
        if parts.scheme.startswith(("http", "smtp", "smpp")) and not parts.hostname:
            raise ValueError("missing host")
        try:
            parts.port  # noqa: B018 - urlsplit validates the port lazily
        except ValueError as exc:
            raise ValueError(f"bad port: {exc}") from None
        return value
    return parse


def _database_url(value: str) -> str:
    scheme = urlsplit(value).scheme
    allowed = ("sqlite", "sqlite+aiosqlite", "postgresql", "postgresql+asyncpg", "postgres")
    if scheme not in allowed:
        raise ValueError(f"scheme must be one of {', '.join(allowed)}, got {scheme or 'none'!r}")
    return value


def _timezone(value: str) -> str:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {value!r}") from None
    return value


def _email(value: str) -> str:
    if "@" not in value or value.startswith("@") or value.endswith("@"):
        raise ValueError(f"not an email address: {value!r}")
    return value


def _secret(value: str) -> str:
    if len(value) < 16:
        raise ValueError("must be at least 16 characters")
    return value


def _secret_list(value: str) -> str:
    keys = value.replace(",", " ").split()
    for key in keys:
        if len(key) < 16:
            raise ValueError("each key must be at least 16 characters")
    return " ".join(keys)


def _log_level(value: str) -> str:
    upper = value.upper()
    if upper not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
    return upper


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"not an integer: {value!r}") from None
    if number <= 0:
        raise ValueError("must be a positive integer")
    return number


def _non_negative_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"not an integer: {value!r}") from None
    if number < 0:
        raise ValueError("must be 0 or more")
    return number


def _url_list(value: str) -> str:
    check = _url(("http", "https"))
    for url in value.split():
        check(url)
    return " ".join(value.split())


def _existing_file(value: str) -> str:
    if not Path(value).is_file():
        raise ValueError(f"no such file {value!r}")
    return value


def _rules_file(value: str) -> str:
    """An existing TOML file of valid ingest rules: a bad rule stops the start, naming rule and key."""
    _existing_file(value)
    from notifier.ingest.rules import rules_from_file  # lazy: settings load before the ingest package

    rules_from_file(value)  # RuleError is a ValueError: reported as TODOKE_INGEST_RULES: rule …
    return value


def _networks(value: str) -> str:
    from notifier.web.proxies import parse_networks  # lazy: settings load before the web package

    return " ".join(str(n) for n in parse_networks(value))


def _bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"not a boolean: {value!r} (use true or false)")


@dataclass(frozen=True)
class Setting:
    name: str  # field name on Settings; the environment variable is TODOKE_<NAME>
    default: Any
    help: str
    parse: Callable[[str], Any] = str

    @property
    def env(self) -> str:
        return "TODOKE_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("database_url", "sqlite:///todoke.db", "database: sqlite:///PATH or postgresql://user@host/db",
            _database_url),
    Setting("smtp_url", "", "SMTP server for email (smtp://host:port, smtps://user:pass@host:port); empty = dev outbox",
            _url(("smtp", "smtps", "smtp+starttls"))),
    Setting("email_from", "todoke@example.city.lg.jp", "From address of notices and verification email", _email),
    Setting("sms_url", "", "SMS gateway (smpp://system_id:password@host:port or an HTTP gateway base URL); "
            "empty = dev outbox",
            _url(("smpp", "http", "https"))),
    Setting("voice_url", "", "voice call gateway base URL (Twilio-compatible Calls API); empty = dev outbox",
            _url(("http", "https"))),
    Setting("line_url", "", "LINE Messaging API base URL with the channel access token as password; empty = dev outbox",
            _url(("http", "https"))),
    Setting("secret_key", "", "key for signed links, sessions and keyed hashes (at least 16 characters); "
            "empty = a random key per start (dev only)", _secret),
    Setting("secret_key_previous", "", "retired secret keys (newest first, separated by spaces) still accepted for "
            "links, forms and stored contact details until `todoke keys rotate` has re-sealed them", _secret_list),
    Setting("base_url", "http://127.0.0.1:8080", "public URL of this service, used in links", _url(("http", "https"))),
    Setting("timezone", "Asia/Tokyo", "time zone for schedules, quiet hours and dates", _timezone),
    Setting("city_name", "さいたま市", "the city's name as shown to citizens"),
    Setting("city_phone", "048-829-1111", "the city's phone number, spoken instead of URLs in voice text"),
    Setting("log_level", "INFO", "DEBUG, INFO, WARNING or ERROR", _log_level),
    Setting("max_body_bytes", 65536, "largest request body accepted by the API, in bytes", _positive_int),
    Setting("audio_dir", "var/audio", "where synthesized WAV files are cached"),
    Setting("secure_cookies", False, "always mark session cookies Secure (without it: when the request came over "
            "HTTPS, directly or as a trusted proxy says)", _bool),
    Setting("trusted_proxies", "", "reverse proxies (CIDRs, separated by spaces or commas) whose Forwarded or "
            "X-Forwarded-For/-Proto/-Host headers name the client, scheme and host; empty = the headers are ignored",
            _networks),
    Setting("smtp_url_2", "", "second SMTP gateway, used while the first one's circuit breaker is open",
            _url(("smtp", "smtps", "smtp+starttls"))),
    Setting("sms_url_2", "", "second SMS gateway, used while the first one's circuit breaker is open",
            _url(("smpp", "http", "https"))),
    Setting("voice_url_2", "", "second voice gateway, used while the first one's circuit breaker is open",
            _url(("http", "https"))),
    Setting("line_url_2", "", "second LINE endpoint, used while the first one's circuit breaker is open",
            _url(("http", "https"))),
    Setting("workers", 0, "delivery workers inside `todoke serve` (0 = 1 on SQLite, 2 on PostgreSQL)",
            _non_negative_int),
    Setting("batch_size", 50, "deliveries a worker claims at once (small batches let emergencies overtake)",
            _positive_int),
    Setting("retry_max_attempts", 8, "tries before a temporary failure falls back to the next channel",
            _positive_int),
    Setting("retry_base_seconds", 60, "first retry delay; doubles each try, with full jitter", _positive_int),
    Setting("translate_url", "", "LibreTranslate-compatible machine translation API; empty = off "
            "(output is always labelled as machine translated)", _url(("http", "https"))),
    Setting("jma_feeds", "", "JMA Atom feed URLs to poll, separated by spaces; empty = no polling", _url_list),
    Setting("jma_poll_seconds", 60, "how often the JMA feeds are polled", _positive_int),
    Setting("ingest_rules", "", "TOML file of ingest rules (auto-send or draft); empty = the built-in rules",
            _rules_file),
)

_BY_ENV = {s.env: s for s in SETTINGS}


@dataclass(frozen=True, kw_only=True)
class Settings:
    database_url: str = "sqlite:///todoke.db"
    smtp_url: str = ""
    email_from: str = "todoke@example.city.lg.jp"
    sms_url: str = ""
    voice_url: str = ""
    line_url: str = ""
    secret_key: str = ""
    secret_key_previous: str = ""
    base_url: str = "http://127.0.0.1:8080"
    timezone: str = "Asia/Tokyo"
    city_name: str = "さいたま市"
    city_phone: str = "048-829-1111"
    log_level: str = "INFO"
    max_body_bytes: int = 65536
    audio_dir: str = "var/audio"
    secure_cookies: bool = False
    trusted_proxies: str = ""
    smtp_url_2: str = ""
    sms_url_2: str = ""
    voice_url_2: str = ""
    line_url_2: str = ""
    workers: int = 0
    batch_size: int = 50
    retry_max_attempts: int = 8
    retry_base_seconds: int = 60
    translate_url: str = ""
    jma_feeds: str = ""
    jma_poll_seconds: int = 60
    ingest_rules: str = ""

    @classmethod
    def load(cls, env: Mapping[str, str] | None = None, toml_path: str | Path | None = None) -> Settings:
        """Settings from a TOML file (optional) overridden by the environment."""
        env = os.environ if env is None else env
        raw: dict[str, str] = {}
        path = toml_path or env.get("TODOKE_CONFIG")
        if path:
            raw.update(_read_toml(Path(path)))
        raw.update({k: v for k, v in env.items() if k in _BY_ENV})
        return cls.from_mapping(raw)

    @classmethod
    def from_mapping(cls, raw: Mapping[str, str]) -> Settings:
        values: dict[str, Any] = {}
        for env_name, text in raw.items():
            setting = _BY_ENV[env_name]
            if text == "" and setting.default in ("", None):
                continue
            try:
                values[setting.name] = setting.parse(text)
            except ValueError as exc:
                raise ConfigError(f"{env_name}: {exc}") from None
        return cls(**values)

    def __post_init__(self) -> None:
        previous = tuple(self.secret_key_previous.split())
        if self.secret_key and self.secret_key in previous:
            raise ConfigError("TODOKE_SECRET_KEY_PREVIOUS: contains the current TODOKE_SECRET_KEY")
        if previous or isinstance(self.secret_key, Keyring):
            object.__setattr__(self, "secret_key", Keyring(self.secret_key, previous))

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


def _read_toml(path: Path) -> dict[str, str]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"TODOKE_CONFIG: no such file {str(path)!r}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"TODOKE_CONFIG: {path} is not valid TOML: {exc}") from None
    raw: dict[str, str] = {}
    for key, value in data.items():
        env_name = key.upper() if key.upper().startswith("TODOKE_") else "TODOKE_" + key.upper()
        if env_name not in _BY_ENV:
            raise ConfigError(f"TODOKE_CONFIG: unknown setting {key!r} in {path}")
        raw[env_name] = str(value).lower() if isinstance(value, bool) else str(value)
    return raw


def settings_help() -> str:
    """One line per setting, with its default, for ``--help``."""
    lines = ["settings (environment variables; a TOML file named by TODOKE_CONFIG may set the same keys):"]
    for s in SETTINGS:
        default = s.default if s.default not in ("", None) else "(empty)"
        lines.append(f"  {s.env:<24} {s.help} [default: {default}]")
    return "\n".join(lines)
