"""Rarer cyclic garbage collections for bulk work (an import and its validation workers).

Each import batch allocates hundreds of thousands of small tuples and lists that live until the
batch is written, so with the default thresholds (a young collection every 700 allocations) the
collector ran over and over, its older generations walking every long-lived object of the
process (SQLAlchemy's, Babel's, phonenumbers' metadata): about a sixth of the writer's CPU on a
1M-row import. What exists when bulk work starts is frozen (never walked again) and the youngest
generation is collected every ``YOUNG_THRESHOLD`` allocations. The rows hold no reference
cycles, so nothing waits longer to be freed and memory stays as flat.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

YOUNG_THRESHOLD = 50_000


def collect_rarely() -> tuple[int, int, int]:
    """Freeze what exists and collect rarely; returns the thresholds to restore."""
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *before[1:])
    return before


@contextlib.contextmanager
def collecting_rarely() -> Iterator[None]:
    """``collect_rarely`` for the block, the process's settings restored afterwards (the import
    runs in the CLI's own process, but its tests run inside the test session's)."""
    before = collect_rarely()
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
