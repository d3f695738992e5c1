"""Checking chunks of rows in worker processes while the previous chunk is being written.

Validation (email-validator, phonenumbers) is CPU-bound Python, so a large import checks its
chunks in a process pool and writes them, in order, in the main process. At most
``workers + 1`` chunks are in flight, so memory stays flat whatever the file's size. Small
files never start a pool (starting one costs more than it saves). A chunk whose worker fails
is checked again in this process, and a broken pool (a worker killed) is abandoned for
in-process checking: no row is lost either way.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import AsyncGenerator, Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from subscribers import rowcheck
from subscribers.rowcheck import Checked, Chunk, RowChecker

log = logging.getLogger(__name__)
POOL_AFTER = 20_000  # rows checked in-process before a pool is worth starting
WorkerCheck = Callable[[Chunk], Checked]


def default_workers() -> int:
    """One process reads and writes; the others check (two at most: past that, writing is the bottleneck)."""
    return max(1, min(2, (os.cpu_count() or 1) - 1))


def chunks(rows: Iterable[tuple[int, list[str]]], size: int) -> Iterator[Chunk]:
    batch: Chunk = []
    for item in rows:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class Checker:
    """``async for checked in Checker(...).run(chunks)``: results in input order."""

    def __init__(self, checker: RowChecker, secret: str, *, workers: int, pool_after: int = POOL_AFTER,
                 worker_check: WorkerCheck = rowcheck.check_chunk) -> None:
        self.checker, self.secret, self.workers = checker, secret, workers
        self.pool_after, self.worker_check = pool_after, worker_check
        self.pool: ProcessPoolExecutor | None = None
        self.broken = False
        self.worker_rss_kib = 0  # the largest worker's peak memory, for the benchmark
        self._worker_cpu: dict[int, float] = {}  # pid -> CPU seconds, as last reported

    @property
    def worker_cpu_seconds(self) -> float:
        """CPU time the validation workers spent (for the benchmark)."""
        return sum(self._worker_cpu.values())

    async def run(self, source: Iterable[Chunk]) -> AsyncGenerator[Checked, None]:
        pending: deque[tuple[Chunk, Future[Checked] | None]] = deque()
        seen = 0
        try:
            for chunk in source:
                seen += len(chunk)
                pending.append((chunk, self._submit(chunk) if self._pooled(seen) else None))
                while pending and (pending[0][1] is None or len(pending) > self.workers):
                    yield await self._result(*pending.popleft())
            while pending:
                yield await self._result(*pending.popleft())
        finally:
            for _, future in pending:
                if future is not None:
                    future.cancel()
            if self.pool is not None:
                self.pool.shutdown(wait=True, cancel_futures=True)

    def _pooled(self, seen: int) -> bool:
        return self.workers > 0 and not self.broken and seen > self.pool_after

    def _submit(self, chunk: Chunk) -> Future[Checked] | None:
        if self.pool is None:
            context = multiprocessing.get_context("forkserver" if os.name == "posix" else "spawn")
            self.pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=rowcheck.init_worker,
                                            initargs=(self.checker.ref, self.secret))
        try:
            return self.pool.submit(self.worker_check, chunk)
        except BrokenProcessPool:
            self._abandon()
            return None

    async def _result(self, chunk: Chunk, future: Future[Checked] | None) -> Checked:
        if future is None:
            return self.checker.check(chunk)
        try:
            checked = await asyncio.wrap_future(future)
        except BrokenProcessPool:
            self._abandon()
        except Exception as exc:  # noqa: BLE001 - any worker failure: check the chunk here instead
            log.warning("lines %d-%d: a worker failed (%s: %s); checked again in this process",
                        chunk[0][0], chunk[-1][0], type(exc).__name__, exc)
        else:
            self.worker_rss_kib = max(self.worker_rss_kib, checked.worker_rss_kib)
            pid, cpu = checked.worker_cpu
            self._worker_cpu[pid] = max(cpu, self._worker_cpu.get(pid, 0.0))
            return checked
        return self.checker.check(chunk)

    def _abandon(self) -> None:
        if not self.broken:
            log.warning("the validation worker pool broke; checking the remaining rows in this process")
        self.broken = True
