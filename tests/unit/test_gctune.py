"""Rarer garbage collections during an import: set for the block, and everything restored after it
(an import runs inside the test session's process too)."""

from __future__ import annotations

import gc

import pytest

from subscribers import gctune


def test_collecting_rarely_freezes_and_raises_the_threshold_then_restores_both() -> None:
    before = gc.get_threshold()
    with gctune.collecting_rarely():
        assert gc.get_threshold()[0] == gctune.YOUNG_THRESHOLD
        assert gc.get_threshold()[1:] == before[1:]
        assert gc.get_freeze_count() > 0  # what existed is no longer walked
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_a_failing_import_restores_the_collector_too() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), gctune.collecting_rarely():
        raise RuntimeError("the import failed")
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
