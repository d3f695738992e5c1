"""The citizen pages speak Japanese unless the reader chooses another language."""

from __future__ import annotations

from typing import Any

import pytest

from notifier import i18n

HEADING = "Subscribe to city notifications"


@pytest.mark.parametrize(("query", "language"), [("", "ja"), ("?lang=en", "en"), ("?lang=ko", "ko"),
                                                 ("?lang=xx", "ja")])
async def test_subscribe_page_language(client: Any, query: str, language: str) -> None:
    response = await client.get(f"/subscribe{query}")
    assert response.status == 200
    html = await response.text()
    assert f'<html lang="{language}">' in html
    expected = i18n.translations(language).gettext(HEADING)
    assert expected in html
    if language != "en":
        assert expected != HEADING
        assert HEADING not in html
