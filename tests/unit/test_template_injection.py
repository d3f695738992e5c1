"""Officer-authored text is data, never template source: Jinja syntax in a notice's title or body
comes out literally in every format (and escaped in HTML), so template injection reaches nothing."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from markupsafe import escape

from notifier.config import Settings
from notifier.notices.model import parse_notice
from notifier.rendering.render import render_notice
from notifier.rendering.variants import FORMATS

PAYLOADS = ("{{ 7*7 }}", "{{ config }}", "{% for x in range(3) %}loop{% endfor %}",
            "{{ ''.__class__.__mro__ }}", "{{ settings.secret_key }}")


@pytest.mark.parametrize("payload", PAYLOADS)
async def test_jinja_in_title_and_body_is_rendered_literally(payload: str,
                                                             make_settings: Callable[..., Settings]) -> None:
    settings = make_settings()
    notice = parse_notice({"type": "general", "params": {"title": f"お知らせ {payload}", "body": f"本文 {payload}"},
                           "topics": ["disaster"], "areas": ["11103"]})
    items = await render_notice(notice, settings=settings, variants=["ja"], formats=FORMATS, audio=False)
    assert {r.format for r in items} == set(FORMATS)
    for r in items:
        text = json.loads(r.text)["body"] if r.format == "webhook" else r.text
        if r.format != "voice":  # speech spells symbols out; evaluation would still show below
            assert payload in text, (r.format, r.text)
        assert "49" not in text and "looploop" not in text and "object" not in text, (r.format, r.text)
        assert settings.secret_key not in (r.text + (r.html or "") + (r.subject or ""))
        if r.html:
            assert str(escape(payload)) in r.html and "<script" not in r.html
