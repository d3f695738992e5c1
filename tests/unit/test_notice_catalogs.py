"""Every shipped ``notices`` catalog is complete: nothing untranslated, nothing fuzzy, placeholders kept,
and the catalogs know every phrase the templates use (the .pot is not stale)."""

from __future__ import annotations

import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from notifier import i18n
from notifier.paths import LOCALES, TEMPLATES
from notifier.rendering.variants import VARIANTS

_PLACEHOLDER = re.compile(r"%\(\w+\)s")


def _template_ids() -> set[str]:
    method_map = [("**.txt", "jinja2"), ("**.html", "jinja2")]
    options = {"**": {"extensions": "jinja2.ext.i18n"}}
    found = extract_from_dir(str(TEMPLATES / "notices"), method_map, options)
    return {message if isinstance(message, str) else message[0] for _, _, message, _, _ in found}


def test_every_variant_ships_a_notices_catalog() -> None:
    assert set(i18n.available(i18n.NOTICES)) == set(VARIANTS)


@pytest.mark.parametrize("variant", VARIANTS)
def test_catalog_is_complete(variant: str) -> None:
    path = LOCALES / variant.replace("-", "_") / "LC_MESSAGES" / "notices.po"
    with path.open("rb") as fh:
        catalog = read_po(fh)
    messages = [m for m in catalog if m.id]
    assert not [m.id for m in messages if not m.string], "untranslated"
    assert not [m.id for m in messages if m.fuzzy], "fuzzy"
    for m in messages:
        assert sorted(_PLACEHOLDER.findall(str(m.string))) == sorted(_PLACEHOLDER.findall(str(m.id))), m.id
    assert {str(m.id) for m in messages} >= _template_ids(), "run `make i18n-update`"


def test_catalogs_differ_from_english() -> None:
    """A catalog that only copies the English would pass the completeness test; this one would not."""
    for variant in VARIANTS:
        if variant == "en":
            continue
        translated = i18n.translations(variant, i18n.NOTICES).gettext("Evacuation order. Evacuate now.")
        assert translated != "Evacuation order. Evacuate now.", variant
