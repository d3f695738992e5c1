"""やさしい日本語: rewrite free text, add furigana, measure readability. Pure library (no DB, no web).

Follows the 2020 「在留支援のためのやさしい日本語ガイドライン」 and the 弘前大学 disaster guidelines.
Word lists live under ``locales/ja_easy/`` (words.tsv, readings.tsv) and ``locales/jlpt/``.
"""

from __future__ import annotations

from notifier.rendering.easy.facts import preserved_facts
from notifier.rendering.easy.furigana import furigana_html, furigana_text, reading, wakachi
from notifier.rendering.easy.report import ReadabilityReport, Span, readability
from notifier.rendering.easy.rewrite import EasyText, to_easy

__all__ = ["EasyText", "ReadabilityReport", "Span", "furigana_html", "furigana_text", "preserved_facts", "readability",
           "reading", "to_easy", "wakachi"]
