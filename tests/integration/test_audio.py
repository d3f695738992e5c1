"""Real synthesis with pyopenjtalk-plus in its worker processes (kept to a few short sentences: it costs CPU)."""

from __future__ import annotations

import wave
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import numpy as np
import pytest

from notifier.rendering import audio, audio_pool
from notifier.rendering.voice import voice_text


@pytest.fixture(autouse=True, scope="module")
def _stop_workers() -> Iterator[None]:
    yield
    audio_pool.shutdown()


def _read(path: Path) -> tuple[wave._wave_params, np.ndarray]:
    with wave.open(str(path), "rb") as wav:
        params = wav.getparams()
        samples = np.frombuffer(wav.readframes(params.nframes), dtype="<i2")
    return params, samples


async def test_synthesis_makes_a_normalised_wav_and_caches_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real_frontend = audio._frontend

    def counting_frontend(sentence: str) -> audio_pool.Labels:
        calls.append(sentence)
        return real_frontend(sentence)

    monkeypatch.setattr(audio, "_frontend", counting_frontend)
    text = voice_text("東浦和に給水所を開設しました。")
    path = await audio.synthesize_async(text, cache_dir=tmp_path, language="ja")
    assert path is not None and path.parent == tmp_path and path.suffix == ".wav"
    assert path.read_bytes()[:4] == b"RIFF" and path.read_bytes()[8:12] == b"WAVE"
    params, samples = _read(path)
    assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, audio.OUTPUT_RATE)
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


def _in_process(text: str) -> list[np.ndarray]:
    """Each sentence synthesized here, without the pool: what the workers must reproduce."""
    return [audio_pool.speak(audio._frontend(sentence)) for sentence in audio.sentences(text)]


def test_sentences_are_joined_in_order_from_the_worker_processes(tmp_path: Path) -> None:
    text = "避難所を開設しました。\n水と毛布があります。すぐに来てください！"
    path = audio.synthesize(text, cache_dir=tmp_path, language="ja")
    assert path is not None
    params, samples = _read(path)
    pieces = _in_process(text)
    assert len(pieces) == 3 and all(piece.size > audio_pool.OUTPUT_RATE // 2 for piece in pieces)
    # Every sentence is there, in order, and nothing else: the file is the pieces end to end.
    assert params.nframes == sum(piece.size for piece in pieces)
    assert np.array_equal(samples, audio.normalise(np.concatenate(pieces)))


def test_a_repeated_sentence_is_synthesized_once() -> None:
    point, other = (audio._frontend(s) for s in ("すぐに避難してください。", "水があります。"))
    out = audio_pool.speak_all([point, other, point])
    assert out[0] is out[2] and out[0] is not out[1]
    assert np.array_equal(out[0], audio_pool.speak(point))  # a worker's result is the engine's own


def test_a_broken_pool_falls_back_to_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise BrokenProcessPool("a worker died")

    monkeypatch.setattr(audio_pool, "warm_up", broken)
    labels = audio._frontend("水があります。")
    assert np.array_equal(audio_pool.speak_all([labels])[0], audio_pool.speak(labels))
