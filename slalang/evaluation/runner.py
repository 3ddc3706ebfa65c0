"""``slalang eval``'s engine: a ticket file in, encoded results out, in input order.

The input is read in chunks (a block of complete JSON Lines, or a run of list elements);
each chunk is evaluated by the batch path and encoded (JSON Lines or CSV). The first
chunk is always evaluated in this process; when more follow and ``jobs`` > 1, the rest go
to a pool of worker processes with a bounded number of chunks in flight, so memory stays
flat whatever the input size, and results are written in input order. A JSON Lines file
(not standard input) is then cut into byte ranges on line boundaries, and each process
reads its own ranges: only their offsets, and the results, go through the pipes.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any, Protocol

from ..model import PolicySet
from .batch import BatchEvaluator
from .evaluator import policy_model
from .instants import resolve_now
from .output import csv_header, encode
from .ticket_files import (
    DEFAULT_MAX_ITEM_BYTES,
    LineBlock,
    LineRange,
    iter_chunks,
    line_ranges,
    range_chunks,
    split_lines,
)

PARALLEL_BLOCK_BYTES = 1 << 20
"""Chunk size once worker processes are used: small enough to balance, large enough to
amortise the hand-over."""


class Items(Protocol):
    """Tickets already split into items: a JSON list's elements (``ItemList``), or another
    reader's, such as a Parquet batch that becomes items only in the worker that takes it."""

    @property
    def items(self) -> Sequence[tuple[int, Any]]: ...


Chunk = LineBlock | Items


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

    def __call__(self, chunk: Chunk | LineRange) -> tuple[bytes, int, int]:
        if isinstance(chunk, LineRange):
            parts = [self._evaluate(part) for part in range_chunks(chunk, self.max_item_bytes)]
            if len(parts) == 1:
                return parts[0]
            return b"".join(data for data, _, _ in parts), sum(n for _, n, _ in parts), sum(f for _, _, f in parts)
        return self._evaluate(chunk)

    def _evaluate(self, chunk: Chunk) -> tuple[bytes, int, int]:
        # A chunk makes hundreds of thousands of short-lived, acyclic objects: the cyclic
        # collector would walk them again and again for nothing (it cost a third of the
        # time). Reference counting frees them; the collector runs again between chunks.
        collecting = gc.isenabled()
        gc.disable()
        try:
            if self.fmt == "jsonl":
                if isinstance(chunk, LineBlock):
                    return self.batch.block_to_lines(chunk, self.max_item_bytes, self.now_s)
                return self.batch.evaluate_to_lines(chunk.items, self.now_s)
            items = split_lines(chunk, self.max_item_bytes) if isinstance(chunk, LineBlock) else chunk.items
            results = self.batch.evaluate(items, self.now_s)
            failed = sum(1 for r in results if "error" in r)
            return encode(results, self.fmt), len(results), failed
        finally:
            if collecting:
                gc.enable()


def _serve(connection: Any, model: PolicySet, now_s: int, fmt: str, max_item_bytes: int) -> None:
    """A worker process: evaluates each chunk it is sent and sends back its counts, then its
    bytes (or the exception it raised), until it is sent None."""
    work = _ChunkWork(model, now_s, fmt, max_item_bytes)
    gc.freeze()  # the policy and its timelines live as long as the worker: never scan them again
    try:
        while True:
            chunk = connection.recv()
            if chunk is None:
                return
            try:
                data, count, failed = work(chunk)
            except Exception as exc:  # noqa: BLE001 - handed to the parent, which raises it
                connection.send(exc)
                continue
            connection.send((count, failed))
            connection.send_bytes(data)
    except (KeyboardInterrupt, EOFError, BrokenPipeError):  # Ctrl-C, or the parent is gone: the parent reports it
        return


class _Workers:
    """``jobs`` worker processes, each sent its chunks in turn (chunk i goes to worker i mod
    jobs), so that results come back in input order with no reordering."""

    def __init__(self, jobs: int, model: PolicySet, now_s: int, fmt: str, max_item_bytes: int) -> None:
        context = _context()
        self.connections = []
        self.processes = []
        for _ in range(jobs):
            here, there = context.Pipe()
            process = context.Process(target=_serve, args=(there, model, now_s, fmt, max_item_bytes), daemon=True)
            process.start()
            there.close()
            self.connections.append(here)
            self.processes.append(process)
        self.sent = self.received = 0

    def send(self, chunk: Chunk | LineRange) -> None:
        self.connections[self.sent % len(self.connections)].send(chunk)
        self.sent += 1

    def receive(self) -> tuple[bytes, int, int]:
        """The result of the oldest chunk sent and not yet received."""
        connection = self.connections[self.received % len(self.connections)]
        self.received += 1
        try:
            answer = connection.recv()
            if isinstance(answer, BaseException):
                raise answer
            count, failed = answer
            return connection.recv_bytes(), count, failed
        except EOFError:
            raise RuntimeError("a worker process of slalang eval stopped unexpectedly") from None

    def close(self) -> None:
        """Stops the workers: politely when every result was read, else at once (the run was
        cut short: the output's reader went away, Ctrl-C, an error)."""
        finished = self.received == self.sent
        for connection in self.connections:
            try:
                if finished:
                    connection.send(None)
            except OSError:
                pass
        for process in self.processes:
            if not finished:
                process.terminate()
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join()
        for connection in self.connections:
            connection.close()


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
    chunks: Iterator[Chunk] | None = None,
) -> RunSummary:
    """Evaluates every ticket of ``source`` (a path, ``-`` or a binary stream) and passes
    the encoded results to ``write`` in input order. ``fmt``: ``jsonl`` or ``csv``;
    ``block_bytes``: the read (and chunk) size, by default chosen from ``jobs``; ``chunks``:
    the tickets already read (another reader's, such as Parquet's), instead of ``source``."""
    model = policy_model(policy)
    now_s = resolve_now(now)
    jobs = default_jobs() if jobs is None else max(1, jobs)
    local = _ChunkWork(model, now_s, fmt, max_item_bytes)
    if block_bytes is None:
        block_bytes = PARALLEL_BLOCK_BYTES if jobs > 1 else 1 << 22
    work: Iterator[Chunk | LineRange] | None = chunks
    if work is None and jobs > 1 and isinstance(source, (str, os.PathLike)) and os.fspath(source) != "-" \
            and os.path.isfile(source):
        # each process reads its own ranges of the file: only their offsets go through the pipes
        work = line_ranges(os.fspath(source), block_bytes, max_item_bytes)
    if work is None:
        work = iter_chunks(source, max_item_bytes=max_item_bytes, block_bytes=block_bytes)
    if fmt == "csv":
        write(csv_header())
    tickets = failed = 0
    for data, count, bad in _results(local, work, model, now_s, fmt, jobs, max_item_bytes):
        if data:
            write(data)
        tickets += count
        failed += bad
    return RunSummary(tickets, failed)


def _results(
    local: _ChunkWork, chunks: Iterator[Chunk | LineRange], model: PolicySet, now_s: int, fmt: str, jobs: int, max_item_bytes: int
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
    workers = _Workers(jobs, model, now_s, fmt, max_item_bytes)
    try:
        workers.send(second)
        limit = 2 * jobs  # chunks in flight: memory stays flat, and no worker waits for work
        for chunk in itertools.islice(chunks, limit - 1):  # every worker busy while this process does the first
            workers.send(chunk)
        yield local(first)
        for chunk in chunks:
            while workers.sent - workers.received >= limit:
                yield workers.receive()
            workers.send(chunk)
        while workers.received < workers.sent:
            yield workers.receive()
    finally:
        workers.close()


def collect_results(
    policy: Any,
    source: str | os.PathLike | IO[bytes],
    *,
    now: Any = None,
    max_item_bytes: int = DEFAULT_MAX_ITEM_BYTES,
    chunks: Iterator[Chunk] | None = None,
) -> list[dict[str, Any]]:
    """Every result as its JSON dict, in order, in this process (for the table format);
    ``chunks`` as for ``evaluate_file``."""
    model = policy_model(policy)
    now_s = resolve_now(now)
    batch = BatchEvaluator(model)
    results: list[dict[str, Any]] = []
    if chunks is None:
        chunks = iter_chunks(source, max_item_bytes=max_item_bytes)
    for chunk in chunks:
        items = split_lines(chunk, max_item_bytes) if isinstance(chunk, LineBlock) else chunk.items
        results.extend(batch.evaluate(items, now_s))
    return results
