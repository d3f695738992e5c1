from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from notifier.config import SETTINGS, ConfigError, Settings, settings_help


def test_every_setting_has_a_field_with_the_same_default() -> None:
    fields = {f.name: f.default for f in dataclasses.fields(Settings)}
    assert fields == {s.name: s.default for s in SETTINGS}


def test_environment_overrides_defaults() -> None:
    s = Settings.load({"TODOKE_DATABASE_URL": "postgresql://u@h/db", "TODOKE_MAX_BODY_BYTES": "1000"})
    assert s.database_url == "postgresql://u@h/db"
    assert s.max_body_bytes == 1000
    assert s.timezone == "Asia/Tokyo"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("TODOKE_DATABASE_URL", "mysql://x/y", "TODOKE_DATABASE_URL: scheme must be one of"),
        ("TODOKE_SMTP_URL", "http://mail", "TODOKE_SMTP_URL: scheme must be one of"),
        ("TODOKE_SMTP_URL", "smtp://mail:notaport", "TODOKE_SMTP_URL: bad port"),
        ("TODOKE_TIMEZONE", "Mars/Olympus", "TODOKE_TIMEZONE: unknown time zone"),
        ("TODOKE_SECRET_KEY", "short", "TODOKE_SECRET_KEY: must be at least 16"),
        ("TODOKE_MAX_BODY_BYTES", "-3", "TODOKE_MAX_BODY_BYTES: must be a positive integer"),
        ("TODOKE_SECURE_COOKIES", "maybe", "TODOKE_SECURE_COOKIES: not a boolean"),
        ("TODOKE_EMAIL_FROM", "nobody", "TODOKE_EMAIL_FROM: not an email address"),
    ],
)
def test_invalid_value_names_the_setting(name: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Settings.load({name: value})


def test_toml_file_is_read_and_environment_wins(tmp_path: Path) -> None:
    path = tmp_path / "todoke.toml"
    path.write_text('timezone = "UTC"\nbase_url = "https://notify.example.jp"\nsecure_cookies = true\n')
    s = Settings.load({"TODOKE_CONFIG": str(path), "TODOKE_TIMEZONE": "Asia/Tokyo"})
    assert s.base_url == "https://notify.example.jp"
    assert s.timezone == "Asia/Tokyo"
    assert s.secure_cookies is True


def test_toml_unknown_key_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "todoke.toml"
    path.write_text('colour = "blue"\n')
    with pytest.raises(ConfigError, match="unknown setting 'colour'"):
        Settings.load({"TODOKE_CONFIG": str(path)})


def test_help_lists_every_setting_with_default() -> None:
    text = settings_help()
    for s in SETTINGS:
        assert s.env in text
    assert "[default: Asia/Tokyo]" in text
