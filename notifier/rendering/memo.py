"""Memoised text functions of the renderer, and one switch to forget them all.

One notice is rendered in 14 variants × 7 formats, and 12 of those variants are the same easy
Japanese when the notice has no translation: the rewrite, the analyser's tokens, furigana,
readability, SMS fitting and voice text are pure functions of their text, so each is worked out
once and looked up after. The caches are bounded (least recently used entries go first).
``clear`` is for benchmarks that time a first rendering, and for tests that change word lists.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

F = TypeVar("F", bound=Callable[..., Any])
_CACHES: list[Any] = []


def memo(maxsize: int) -> Callable[[F], F]:
    """``functools.lru_cache(maxsize)``, registered so that :func:`clear` reaches it."""
    def wrap(function: F) -> F:
        cached = functools.lru_cache(maxsize=maxsize)(function)
        _CACHES.append(cached)
        return cast(F, cached)
    return wrap


def clear() -> None:
    """Forget every memoised result (the next rendering works everything out again)."""
    for cached in _CACHES:
        cached.cache_clear()
