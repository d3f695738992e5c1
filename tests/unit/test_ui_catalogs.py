"""Every shipped ``messages`` catalog (the pages and the console) is complete: nothing untranslated,
nothing fuzzy, placeholders kept, and it knows every msgid the templates and code use today."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from notifier import i18n
from notifier.paths import LOCALES, ROOT
from notifier.web.templating import UI_LANGUAGES

_PLACEHOLDERS = (re.compile(r"%\(\w+\)[sd]"), re.compile(r"\{\w*\}"))


def _read(path: Path) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh)


def _placeholders(text: str) -> list[str]:
    return sorted(found for pattern in _PLACEHOLDERS for found in pattern.findall(text))


@pytest.fixture(scope="module")
def used_ids(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """Extract afresh, exactly as `make i18n-update` does, so a stale messages.pot cannot hide a gap."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "--mapping", str(ROOT / "babel.cfg"),
                                "--output", str(pot), "--no-location", str(ROOT)])
    return {str(m.id) for m in _read(pot) if m.id}


def test_every_ui_language_ships_a_messages_catalog() -> None:
    assert set(i18n.available(i18n.DOMAIN)) == set(UI_LANGUAGES)


def test_pot_is_current(used_ids: set[str]) -> None:
    shipped = {str(m.id) for m in _read(LOCALES / "messages.pot") if m.id}
    assert not used_ids - shipped, "run `make i18n-update`"


@pytest.mark.parametrize("language", UI_LANGUAGES)
def test_catalog_is_complete(language: str, used_ids: set[str]) -> None:
    catalog = _read(LOCALES / language.replace("-", "_") / "LC_MESSAGES" / "messages.po")
    messages = [m for m in catalog if m.id]
    assert not [m.id for m in messages if not m.string], "untranslated"
    assert not [m.id for m in messages if m.fuzzy], "fuzzy"
    for m in messages:
        assert _placeholders(str(m.string)) == _placeholders(str(m.id)), m.id
    missing = used_ids - {str(m.id) for m in messages}
    assert not missing, f"run `make i18n-update` and translate: {sorted(missing)}"


@pytest.mark.parametrize("language", [lang for lang in UI_LANGUAGES if lang != "en"])
def test_catalog_differs_from_english(language: str) -> None:
    """A catalog that copied the msgids would pass the completeness test; this one would not."""
    catalog = _read(LOCALES / language.replace("-", "_") / "LC_MESSAGES" / "messages.po")
    messages = [m for m in catalog if m.id and len(str(m.id)) > 12]
    same = [m.id for m in messages if m.string == m.id]
    assert len(same) < len(messages) // 20, same
