"""Voice text into a WAV with pyopenjtalk-plus: normalised, 16-bit mono, cached by content.

Only Japanese (``ja``, ``ja-easy``) is synthesized here: the engine speaks nothing else. For other
languages :func:`synthesize` returns None and the voice channel hands the voice text to the call
gateway's TwiML ``<Say language="…">`` instead.

The cache key is the SHA-256 of the engine version, the normalisation settings and the text the
engine is actually given (reading overrides applied), so a changed override list or an engine
upgrade makes new files, and the same text never costs a second synthesis.

Speed: the engine's front end (text → full-context labels) runs here, sentence by sentence; the
back end, nearly all of the cost, runs in a warm pool of processes (:mod:`audio_pool`), one
sentence per task, and the sentences are joined with half a second between them. The file is
written at 16 kHz rather than the engine's 48 kHz: enough for speech on a phone line or a web
player, and a third of the size.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import logging
import os
import re
import tempfile
import wave
from pathlib import Path

import numpy as np

from notifier.rendering import audio_pool
from notifier.rendering.audio_pool import EDGE_SILENCE, OUTPUT_RATE
from notifier.rendering.voice_readings import engine_text, quiet_engine

log = logging.getLogger(__name__)

PEAK_DBFS = -1.0
_FULL_SCALE = 32767
_FORMAT = f"wav pcm16 mono {OUTPUT_RATE} Hz peak {PEAK_DBFS} dBFS, sentences apart by {2 * EDGE_SILENCE} s"
# A sentence ends at a line break or after 。！？ (and any closing bracket that follows).
_SENTENCE = re.compile(r"[^\n。！？!?]*(?:[。！？!?]+[」』）)]*|\n|$)")


@functools.cache
def engine_version() -> str:
    from importlib.metadata import version

    return f"pyopenjtalk-plus {version('pyopenjtalk-plus')}"


def cache_key(text: str) -> str:
    """The file name stem for ``text``: what is said, by which engine, in which format."""
    material = f"{engine_version()}\n{_FORMAT}\n{engine_text(text)}"
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def speaks(language: str) -> bool:
    """Whether this engine can say ``language`` (Japanese only)."""
    return language.split("-")[0].lower() == "ja"


def synthesize(text: str, *, cache_dir: Path, language: str = "ja") -> Path | None:
    """The WAV of ``text``: from the cache, or synthesized and written atomically.

    Returns None for a language the engine cannot speak and for text with nothing to say.
    CPU-bound: call :func:`synthesize_async` from the event loop.
    """
    if not speaks(language) or not text.strip():
        return None
    cache_dir = Path(cache_dir)
    path = cache_dir / f"{cache_key(text)}.wav"
    if path.is_file():
        return path
    samples = _speak(engine_text(text))
    if samples.size == 0:
        return None
    cache_dir.mkdir(parents=True, exist_ok=True)
    _write_atomic(path, normalise(samples), OUTPUT_RATE)
    log.info("synthesized %s (%.1f s of audio)", path.name, samples.size / OUTPUT_RATE)
    return path


async def synthesize_async(text: str, *, cache_dir: Path, language: str = "ja") -> Path | None:
    """:func:`synthesize` from the event loop: the thread only prepares labels and waits for the
    worker processes, so the loop keeps serving while the engine runs."""
    return await asyncio.to_thread(synthesize, text, cache_dir=cache_dir, language=language)


def warm_up() -> None:
    """Start the worker processes now (a server's start-up) rather than on the first synthesis."""
    audio_pool.warm_up()


def sentences(text: str) -> list[str]:
    """``text`` cut after each 。！？ and at line breaks, blank pieces dropped."""
    return [piece.strip() for piece in _SENTENCE.findall(text) if piece.strip()]


def _speak(text: str) -> np.ndarray:
    """Float samples at ``OUTPUT_RATE`` of ``text`` (readings already applied), sentence by sentence."""
    labels = [_frontend(sentence) for sentence in sentences(text)]
    pieces = audio_pool.speak_all(labels)
    return np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)


@functools.lru_cache(maxsize=2048)
def _frontend(sentence: str) -> audio_pool.Labels:
    """The engine's full-context labels for one sentence (cached: notices repeat their sentences)."""
    import pyopenjtalk

    with quiet_engine():
        return tuple(pyopenjtalk.extract_fullcontext(sentence))


def normalise(samples: np.ndarray) -> np.ndarray:
    """Float samples scaled so the peak sits at ``PEAK_DBFS``, as int16 (never clipped)."""
    peak = float(np.max(np.abs(samples))) if samples.size else 0.0
    if peak == 0.0:
        return np.zeros(samples.shape, dtype=np.int16)
    target = _FULL_SCALE * 10 ** (PEAK_DBFS / 20)
    scaled = np.round(samples * (target / peak))
    return np.clip(scaled, -_FULL_SCALE, _FULL_SCALE).astype(np.int16)


def _write_atomic(path: Path, pcm: np.ndarray, rate: int) -> None:
    """Write to a temporary file in the same folder, then rename: readers never see half a WAV."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".wav.tmp")
    try:
        with os.fdopen(fd, "wb") as fh, wave.open(fh, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(rate)
            out.writeframes(pcm.astype("<i2", copy=False).tobytes())
        Path(temp).replace(path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
