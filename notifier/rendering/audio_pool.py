"""The HTS back end of speech synthesis, run sentence by sentence in a warm pool of processes.

The back end (HTS engine + MLSA filter at the voice's 48 kHz) is nearly all of the cost, and it
holds the GIL for the whole of each call, so threads neither run it in parallel nor keep an event
loop responsive while it runs: processes do both. The pool is created once, on first use or by
:func:`warm_up`, and each worker loads the engine and its voice once, in its initializer.

A worker returns a sentence already resampled to ``OUTPUT_RATE`` (float32) with its edge silence
trimmed, so what crosses the process boundary is small, and the parent only joins and normalises.
"""

from __future__ import annotations

import concurrent.futures
import logging
import multiprocessing
import os
import threading
from collections.abc import Sequence
from concurrent.futures.process import BrokenProcessPool

import numpy as np

from notifier.rendering.voice_readings import quiet_engine

log = logging.getLogger(__name__)

OUTPUT_RATE = 16_000  # wideband telephony: plenty for speech, a third of the engine's 48 kHz
EDGE_SILENCE = 0.25  # seconds of silence kept at each end of a sentence: 0.5 s between sentences
_SILENT = 0.01  # below 1 % of a sentence's peak (-40 dB) counts as silence when trimming
_MAX_WORKERS = 4

Labels = tuple[str, ...]

_pool: concurrent.futures.ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def workers() -> int:
    """One worker per core this process may use (at least one, at most ``_MAX_WORKERS``)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, _MAX_WORKERS))


def warm_up() -> concurrent.futures.ProcessPoolExecutor:
    """The pool, created (with every worker's engine loaded) if it does not exist yet."""
    global _pool
    with _pool_lock:
        if _pool is None:
            # spawn, not fork: the parent has threads (event loop, executors) that fork would copy
            # in whatever state they are in.
            context = multiprocessing.get_context("spawn")
            pool = concurrent.futures.ProcessPoolExecutor(workers(), mp_context=context, initializer=_load_engine)
            # Start every worker now rather than on demand, so the first notice is not the one to pay.
            for done in [pool.submit(_ready) for _ in range(workers())]:
                done.result()
            _pool = pool
        return _pool


def shutdown() -> None:
    """Stop the workers (the next synthesis starts a new pool)."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def speak_all(sentences: Sequence[Labels]) -> list[np.ndarray]:
    """Each sentence's audio, in order; identical sentences (an emergency's repeated key point)
    are synthesized once. Falls back to this process if the pool breaks."""
    unique = list(dict.fromkeys(sentences))
    try:
        pool = warm_up()
        # Longest first, so two workers finish at about the same time.
        order = sorted(unique, key=len, reverse=True)
        futures = {labels: pool.submit(speak, labels) for labels in order}
        done = {labels: future.result() for labels, future in futures.items()}
    except BrokenProcessPool:
        log.warning("speech worker pool broke; synthesizing in this process")
        shutdown()
        done = {labels: speak(labels) for labels in unique}
    return [done[labels] for labels in sentences]


def _load_engine() -> None:
    import pyopenjtalk

    # Empty labels load the voice and return no samples. The worker never needs the front end (its
    # dictionaries): the parent sends labels.
    pyopenjtalk.synthesize([])


def _ready() -> bool:
    return True


def speak(labels: Labels) -> np.ndarray:
    """One sentence's full-context labels → float32 samples at ``OUTPUT_RATE``, edges trimmed."""
    import pyopenjtalk
    import soxr

    with quiet_engine():
        samples, rate = pyopenjtalk.synthesize(list(labels))
    if samples.size == 0:
        return np.zeros(0, dtype=np.float32)
    resampled = soxr.resample(samples.astype(np.float32, copy=False), rate, OUTPUT_RATE)
    return trim(resampled, keep=int(EDGE_SILENCE * OUTPUT_RATE))


def trim(samples: np.ndarray, *, keep: int) -> np.ndarray:
    """``samples`` with at most ``keep`` samples of silence before the first sound and after the last."""
    loud = np.flatnonzero(np.abs(samples) > _SILENT * float(np.max(np.abs(samples), initial=0.0)))
    if loud.size == 0:
        return samples[:0]
    return samples[max(0, int(loud[0]) - keep):int(loud[-1]) + 1 + keep]
