"""Sorting outage intervals of any number with bounded memory.

The union of a service's outages needs them in order of start, and an outage file need not
be sorted. ``SortedIntervals`` holds at most ``chunk`` records in memory: each full chunk is
sorted and written to an anonymous temporary file, and ``sorted()`` merges the runs back
(a classic external merge sort). Inputs that fit one chunk never touch the disk.
"""

from __future__ import annotations

import heapq
import tempfile
from array import array
from collections.abc import Iterator
from typing import IO

Record = tuple[int, int, int]  # (start_s, end_s, tag)
DEFAULT_CHUNK = 1 << 16
_READ_RECORDS = 4096


class SortedIntervals:
    def __init__(self, chunk: int = DEFAULT_CHUNK) -> None:
        if chunk < 1:
            raise ValueError("chunk must be at least 1")
        self.chunk = chunk
        self.buffer: list[Record] = []
        self.runs: list[IO[bytes]] = []

    def add(self, start_s: int, end_s: int, tag: int) -> None:
        self.buffer.append((start_s, end_s, tag))
        if len(self.buffer) >= self.chunk:
            self._spill()

    def _spill(self) -> None:
        self.buffer.sort()
        run = tempfile.TemporaryFile()
        flat = array("q")
        for record in self.buffer:
            flat.extend(record)
        flat.tofile(run)  # type: ignore[arg-type]
        run.seek(0)
        self.runs.append(run)
        self.buffer = []

    def sorted(self) -> Iterator[Record]:
        """Every record, by (start, end, tag); the temporary files are closed at the end."""
        self.buffer.sort()
        try:
            yield from heapq.merge(iter(self.buffer), *(_read_run(run) for run in self.runs))
        finally:
            for run in self.runs:
                run.close()
            self.runs = []
            self.buffer = []


def _read_run(run: IO[bytes]) -> Iterator[Record]:
    while True:
        block = array("q")
        data = run.read(_READ_RECORDS * 3 * block.itemsize)
        if not data:
            return
        block.frombytes(data)
        for i in range(0, len(block), 3):
            yield (block[i], block[i + 1], block[i + 2])
