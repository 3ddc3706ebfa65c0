"""Sorting outage intervals of any number with bounded memory.

The union of a service's outages needs them in order of start, and an outage file need not
be sorted. ``SortedIntervals`` holds at most ``chunk`` records in memory: each full chunk is
sorted and written to an anonymous temporary file (a run), and ``sorted()`` merges the runs
back (a classic external merge sort). When ``fan_in`` runs have piled up they are merged into
one, so a merge never reads more than ``fan_in`` runs at once: memory stays within one chunk
and ``fan_in`` read blocks, whatever the number of records. Inputs that fit one chunk never
touch the disk.
"""

from __future__ import annotations

import heapq
import tempfile
from array import array
from collections.abc import Iterable, Iterator
from typing import IO

Record = tuple[int, int, int]  # (start_s, end_s, tag)
DEFAULT_CHUNK = 1 << 16
DEFAULT_FAN_IN = 16
_READ_RECORDS = 512


class SortedIntervals:
    def __init__(self, chunk: int = DEFAULT_CHUNK, fan_in: int = DEFAULT_FAN_IN) -> None:
        if chunk < 1 or fan_in < 2:
            raise ValueError("chunk must be at least 1 and fan_in at least 2")
        self.chunk = chunk
        self.fan_in = fan_in
        self.buffer: list[Record] = []
        self.runs: list[IO[bytes]] = []

    def add(self, start_s: int, end_s: int, tag: int) -> None:
        self.buffer.append((start_s, end_s, tag))
        if len(self.buffer) >= self.chunk:
            self._spill()

    def _spill(self) -> None:
        self.buffer.sort()
        self.runs.append(_write_run(self.buffer))
        self.buffer = []
        if len(self.runs) >= self.fan_in:
            runs, self.runs = self.runs, []
            try:
                self.runs.append(_write_run(heapq.merge(*(_read_run(run) for run in runs))))
            finally:
                for run in runs:
                    run.close()

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


def _write_run(records: Iterable[Record]) -> IO[bytes]:
    """Sorted records written to an anonymous temporary file, rewound for reading."""
    run = tempfile.TemporaryFile()
    block = array("q")
    for record in records:
        block.extend(record)
        if len(block) >= 3 * _READ_RECORDS:
            run.write(block.tobytes())
            block = array("q")
    run.write(block.tobytes())
    run.seek(0)
    return run


def _read_run(run: IO[bytes]) -> Iterator[Record]:
    while True:
        block = array("q")
        data = run.read(_READ_RECORDS * 3 * block.itemsize)
        if not data:
            return
        block.frombytes(data)
        for i in range(0, len(block), 3):
            yield (block[i], block[i + 1], block[i + 2])
