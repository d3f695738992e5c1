"""Splitting voice text into sentences for the speech workers, and trimming the silence between them."""

from __future__ import annotations

import numpy as np

from notifier.rendering import audio, audio_pool


def test_sentences_end_at_stops_and_line_breaks() -> None:
    text = ("避難指示です。すぐに避難してください！\n給水所は さんかしょ です\n"
            "「水を持って来てください。」どうしますか？")
    assert audio.sentences(text) == ["避難指示です。", "すぐに避難してください！", "給水所は さんかしょ です",
                                     "「水を持って来てください。」", "どうしますか？"]
    assert audio.sentences(" \n\n") == []


def test_trim_keeps_a_fixed_margin_of_silence_around_the_sound() -> None:
    sound = np.concatenate([np.zeros(500), np.full(100, 0.5), np.zeros(20), np.full(10, -1.0), np.zeros(700)])
    trimmed = audio_pool.trim(sound, keep=50)
    assert trimmed.size == 50 + 130 + 50
    assert not trimmed[:50].any() and trimmed[50] == 0.5 and trimmed[-51] == -1.0 and not trimmed[-50:].any()
    # Quieter than 1 % of the peak counts as silence; less silence than the margin is kept whole.
    faint = np.concatenate([np.full(10, 0.001), np.ones(5), np.zeros(3)])
    assert audio_pool.trim(faint, keep=50).size == faint.size
    assert audio_pool.trim(np.zeros(10), keep=5).size == 0

