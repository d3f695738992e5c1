"""Real synthesis with pyopenjtalk-plus (kept to a couple of short sentences: it costs CPU)."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from notifier.rendering import audio
from notifier.rendering.voice import voice_text


def _read(path: Path) -> tuple[wave._wave_params, np.ndarray]:
    with wave.open(str(path), "rb") as wav:
        params = wav.getparams()
        samples = np.frombuffer(wav.readframes(params.nframes), dtype="<i2")
    return params, samples


async def test_synthesis_makes_a_normalised_wav_and_caches_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real_tts = audio._tts

    def counting_tts(text: str) -> tuple[np.ndarray, int]:
        calls.append(text)
        return real_tts(text)

    monkeypatch.setattr(audio, "_tts", counting_tts)
    text = voice_text("東浦和に給水所を開設しました。")
    path = await audio.synthesize_async(text, cache_dir=tmp_path, language="ja")
    assert path is not None and path.parent == tmp_path and path.suffix == ".wav"
    assert path.read_bytes()[:4] == b"RIFF" and path.read_bytes()[8:12] == b"WAVE"
    params, samples = _read(path)
    assert (params.nchannels, params.sampwidth) == (1, 2) and params.framerate >= 16000
    assert params.nframes / params.framerate > 0.5
    peak = int(np.max(np.abs(samples.astype(np.int32))))
    assert 25000 < peak < 32767  # about -1 dBFS: loud enough, never clipped
    # The engine was given the pinned reading, not the word it misreads.
    assert calls == ["ひがしうらわに給水所を開設しました。"]
    assert not list(tmp_path.glob("*.tmp"))  # the temporary file was renamed into place

    mtime = path.stat().st_mtime_ns
    again = await audio.synthesize_async(text, cache_dir=tmp_path, language="ja")
    assert again == path and path.stat().st_mtime_ns == mtime
    assert len(calls) == 1  # the cache hit did not synthesize


def test_languages_the_engine_cannot_speak_return_none(tmp_path: Path) -> None:
    assert audio.synthesize("Move to high ground.", cache_dir=tmp_path, language="en") is None
    assert audio.synthesize("   ", cache_dir=tmp_path, language="ja") is None
    assert not list(tmp_path.iterdir())


def test_cache_key_changes_with_the_text_and_pinned_readings() -> None:
    assert audio.cache_key("避難してください。") != audio.cache_key("避難してください！")
    # Written with the override word or with its reading: the same thing is said, the same file.
    assert audio.cache_key("七里です。") == audio.cache_key("ななさとです。")


def test_normalise_peaks_at_minus_one_dbfs_without_clipping() -> None:
    loud = np.array([0.0, 50000.0, -70000.0, 10.0])
    pcm = audio.normalise(loud)
    assert pcm.dtype == np.int16 and int(np.max(np.abs(pcm.astype(np.int32)))) == round(32767 * 10 ** (-1 / 20))
    assert not audio.normalise(np.zeros(4)).any()
