"""``slalang eval``'s engine: a ticket file in, encoded results out, in input order.

The input is read in chunks (a block of complete JSON Lines, or a run of list elements);
each chunk is evaluated by the batch path and encoded (JSON Lines or CSV). The first
chunk is always evaluated in this process; when more follow and ``jobs`` > 1, the rest go
to a pool of worker processes with a bounded number of chunks in flight, so memory stays
flat whatever the input size, and results are written in input order.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from ..model import PolicySet
from .batch import BatchEvaluator
from .evaluator import policy_model
from .instants import resolve_now
from .output import csv_header, encode
from .ticket_files import DEFAULT_MAX_ITEM_BYTES, Chunk, LineBlock, iter_chunks, split_lines

PARALLEL_BLOCK_BYTES = 1 << 20
"""Chunk size once worker processes are used: small enough to balance, large enough to
amortise the hand-over."""


@dataclass(frozen=True, slots=True)
class RunSummary:
    tickets: int
    failed: int


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class _ChunkWork:
    """Evaluates and encodes chunks; lives in this process or in a worker process."""

    def __init__(self, model: PolicySet, now_s: int, fmt: str, max_item_bytes: int) -> None:
        self.batch = BatchEvaluator(model)
        self.now_s = now_s
        self.fmt = fmt
        self.max_item_bytes = max_item_bytes

    def __call__(self, chunk: Chunk) -> tuple[bytes, int, int]:
        # A chunk makes hundreds of thousands of short-lived, acyclic objects: the cyclic
        # collector would walk them again and again for nothing (it cost a third of the
        # time). Reference counting frees them; the collector runs again between chunks.
        collecting = gc.isenabled()
        gc.disable()
        try:
            items = split_lines(chunk, self.max_item_bytes) if isinstance(chunk, LineBlock) else chunk.items
            if self.fmt == "jsonl":
                return self.batch.evaluate_to_lines(items, self.now_s)
            results = self.batch.evaluate(items, self.now_s)
            failed = sum(1 for r in results if "error" in r)
            return encode(results, self.fmt), len(results), failed
        finally:
            if collecting:
                gc.enable()


_worker: _ChunkWork | None = None


def _start_worker(model: PolicySet, now_s: int, fmt: str, max_item_bytes: int) -> None:
    global _worker  # one per worker process, set once by the pool's initializer
    _worker = _ChunkWork(model, now_s, fmt, max_item_bytes)
    gc.freeze()  # the policy and its timelines live as long as the worker: never scan them again


def _work_in_worker(chunk: Chunk) -> tuple[bytes, int, int]:
    assert _worker is not None
    return _worker(chunk)


def _context() -> Any:
    """fork where it is safe (a single-threaded process on a platform that has it), else spawn."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def evaluate_file(
    policy: Any,
    source: str | os.PathLike | IO[bytes],
    write: Callable[[bytes], Any],
    *,
    now: Any = None,
    fmt: str = "jsonl",
    jobs: int | None = None,
    max_item_bytes: int = DEFAULT_MAX_ITEM_BYTES,
    block_bytes: int | None = None,
) -> RunSummary:
    """Evaluates every ticket of ``source`` (a path, ``-`` or a binary stream) and passes
    the encoded results to ``write`` in input order. ``fmt``: ``jsonl`` or ``csv``;
    ``block_bytes``: the read (and chunk) size, by default chosen from ``jobs``."""
    model = policy_model(policy)
    now_s = resolve_now(now)
    jobs = default_jobs() if jobs is None else max(1, jobs)
    local = _ChunkWork(model, now_s, fmt, max_item_bytes)
    if block_bytes is None:
        block_bytes = PARALLEL_BLOCK_BYTES if jobs > 1 else 1 << 22
    chunks = iter_chunks(source, max_item_bytes=max_item_bytes, block_bytes=block_bytes)
    if fmt == "csv":
        write(csv_header())
    tickets = failed = 0
    for data, count, bad in _results(local, chunks, model, now_s, fmt, jobs, max_item_bytes):
        if data:
            write(data)
        tickets += count
        failed += bad
    return RunSummary(tickets, failed)


def _results(
    local: _ChunkWork, chunks: Iterator[Chunk], model: PolicySet, now_s: int, fmt: str, jobs: int, max_item_bytes: int
) -> Iterator[tuple[bytes, int, int]]:
    first = next(chunks, None)
    if first is None:
        return
    second = next(chunks, None)
    if second is None or jobs == 1:
        yield local(first)
        if second is not None:
            yield local(second)
            for chunk in chunks:
                yield local(chunk)
        return
    context = _context()
    with context.Pool(jobs, initializer=_start_worker, initargs=(model, now_s, fmt, max_item_bytes)) as pool:
        in_flight: deque = deque()
        in_flight.append(pool.apply_async(_work_in_worker, (second,)))
        limit = 2 * jobs
        yield local(first)
        for chunk in chunks:
            while len(in_flight) >= limit:
                yield in_flight.popleft().get()
            in_flight.append(pool.apply_async(_work_in_worker, (chunk,)))
        while in_flight:
            yield in_flight.popleft().get()


def collect_results(
    policy: Any,
    source: str | os.PathLike | IO[bytes],
    *,
    now: Any = None,
    max_item_bytes: int = DEFAULT_MAX_ITEM_BYTES,
) -> list[dict[str, Any]]:
    """Every result as its JSON dict, in order, in this process (for the table format)."""
    model = policy_model(policy)
    now_s = resolve_now(now)
    batch = BatchEvaluator(model)
    results: list[dict[str, Any]] = []
    for chunk in iter_chunks(source, max_item_bytes=max_item_bytes):
        items = split_lines(chunk, max_item_bytes) if isinstance(chunk, LineBlock) else chunk.items
        results.extend(batch.evaluate(items, now_s))
    return results
