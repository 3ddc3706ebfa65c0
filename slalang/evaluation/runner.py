"""``slalang eval``'s engine: a ticket file in, encoded results out, in input order.

The input is read in chunks (a block of complete JSON Lines, or a run of list elements);
each chunk is evaluated by the batch path and encoded (JSON Lines or CSV). The first
chunk is always evaluated in this process; when more follow and ``jobs`` > 1, the rest go
to a pool of worker processes with a bounded number of chunks in flight, so memory stays
flat whatever the input size, and results are written in input order. A JSON Lines file
(not standard input) is then cut into byte ranges on line boundaries, and each process
reads its own ranges: only their offsets go through the pipes. When the output is a file
descriptor (a file, standard output) and the workers are forked, each worker also writes
its own results to it, taking turns in input order (a token passed round the workers), so
that no result goes through a pipe either.
"""

from __future__ import annotations

import gc
import io
import itertools
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import wait
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


@dataclass(frozen=True)
class _Turns:
    """What a worker needs to write its results itself: the output's file descriptor, the
    pipe on which its turn arrives, and the one on which it hands the turn to the next."""

    fd: int
    mine: Any
    next: Any

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view):]


def _serve(connection: Any, model: PolicySet, now_s: int, fmt: str, max_item_bytes: int, turns: _Turns | None) -> None:
    """A worker process: evaluates each chunk it is sent until it is sent None. Without
    ``turns`` it sends back each chunk's counts, then its bytes (or the exception it raised);
    with them it keeps its results until its turn comes, writes the oldest, hands the turn
    on and then sends the counts (or the exception, without handing the turn on)."""
    work = _ChunkWork(model, now_s, fmt, max_item_bytes)
    gc.freeze()  # the policy and its timelines live as long as the worker: never scan them again
    held: deque[tuple[bytes, int, int] | Exception] = deque()
    try:
        while True:
            if turns is not None and held and turns.mine in wait([turns.mine, connection]):
                turns.mine.recv_bytes()
                result = held.popleft()
                if not isinstance(result, Exception):
                    data, count, failed = result
                    try:
                        turns.write(data)
                    except OSError as exc:  # the output went away (a closed pipe, a full disk): the parent reports it
                        result = exc
                    else:
                        turns.next.send_bytes(b"")
                        result = (count, failed)  # type: ignore[assignment]
                connection.send(result)
                continue
            chunk = connection.recv()
            if chunk is None:
                return
            try:
                done = work(chunk)
            except Exception as exc:  # noqa: BLE001 - handed to the parent, which raises it
                if turns is not None:
                    held.append(exc)
                else:
                    connection.send(exc)
                continue
            if turns is not None:
                held.append(done)
                continue
            data, count, failed = done
            connection.send((count, failed))
            connection.send_bytes(data)
    except (KeyboardInterrupt, EOFError, BrokenPipeError):  # Ctrl-C, or the parent is gone: the parent reports it
        return


class _Workers:
    """``jobs`` worker processes, each sent its chunks in turn (chunk i goes to worker i mod
    jobs), so that results come back in input order with no reordering."""

    def __init__(self, jobs: int, model: PolicySet, now_s: int, fmt: str, max_item_bytes: int, fd: int | None) -> None:
        context = _context()
        self.connections = []
        self.processes = []
        # each worker writes its own results when they share this process's descriptors (fork)
        self.direct = fd is not None and context.get_start_method() == "fork"
        rings = [context.Pipe(duplex=False) for _ in range(jobs)] if self.direct else []  # (receive, send)
        self.first_turn = rings[0][1] if rings else None
        for index in range(jobs):
            here, there = context.Pipe()
            turns = _Turns(fd, rings[index][0], rings[(index + 1) % jobs][1]) if fd is not None and rings else None
            process = context.Process(target=_serve, args=(there, model, now_s, fmt, max_item_bytes, turns), daemon=True)
            process.start()
            there.close()
            self.connections.append(here)
            self.processes.append(process)
        for receive, send in rings:  # the workers hold them; a worker's death shows as EOF on its connection
            receive.close()
            if send is not self.first_turn:
                send.close()
        self.sent = self.received = 0

    def start_writing(self, flush: Callable[[], Any]) -> None:
        """Once this process has written what comes before the workers' results: the first
        worker's turn (after ``flush``, so that the output's bytes stay in order)."""
        if self.first_turn is not None:
            flush()
            self.first_turn.send_bytes(b"")
            self.first_turn.close()
            self.first_turn = None

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
            return (b"" if self.direct else connection.recv_bytes()), count, failed
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
        if self.first_turn is not None:
            self.first_turn.close()


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
    stream: IO[bytes] | None = None,
) -> RunSummary:
    """Evaluates every ticket of ``source`` (a path, ``-`` or a binary stream) and passes
    the encoded results to ``write`` in input order. ``fmt``: ``jsonl`` or ``csv``;
    ``block_bytes``: the read (and chunk) size, by default chosen from ``jobs``; ``chunks``:
    the tickets already read (another reader's, such as Parquet's), instead of ``source``;
    ``stream``: the binary stream ``write`` writes to, if any: when it has a file descriptor,
    forked worker processes write their results to it themselves, in order (``write`` is
    then not called for them; the stream is flushed before the first of them)."""
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
    output = _Output(write, stream)
    for data, count, bad in _results(local, work, model, now_s, fmt, jobs, max_item_bytes, output):
        if data:
            write(data)
        tickets += count
        failed += bad
    return RunSummary(tickets, failed)


@dataclass(frozen=True)
class _Output:
    write: Callable[[bytes], Any]
    stream: IO[bytes] | None

    def fd(self) -> int | None:
        """The stream's file descriptor, or None (no stream, or an in-memory one)."""
        if self.stream is None:
            return None
        try:
            return self.stream.fileno()
        except (OSError, io.UnsupportedOperation, AttributeError):
            return None

    def flush(self) -> None:
        if self.stream is not None:
            self.stream.flush()


def _results(
    local: _ChunkWork, chunks: Iterator[Chunk | LineRange], model: PolicySet, now_s: int, fmt: str, jobs: int, max_item_bytes: int,
    output: _Output,
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
    # The first chunk is evaluated before the workers start: the calendars it warms (their
    # years of open intervals) are inherited by forked workers instead of built in each.
    first_result = local(first)
    workers = _Workers(jobs, model, now_s, fmt, max_item_bytes, output.fd())
    try:
        workers.send(second)
        limit = 2 * jobs  # chunks in flight: memory stays flat, and no worker waits for work
        for chunk in itertools.islice(chunks, limit - 1):
            workers.send(chunk)
        yield first_result
        workers.start_writing(output.flush)  # the first chunk is written: the workers' turn
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
