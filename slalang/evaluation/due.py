"""What is due next across many tickets: ``slalang due`` and ``POST /v1/due`` (evaluation.md,
"What is due next").

One row per ticket that has a clock not stopped, for the clock (a metric, a measure, or a
cycle of one) with the earliest deadline; rows are ordered by that deadline's wall-clock
instant, breached ones first (longest overdue first), ties in input order. A row is read
from the ticket's evaluated JSON result (``due_row``), so every evaluation path (the
compiled one included) feeds it the same facts.

``DueQueue`` keeps the rows: with a row limit it keeps only the ``limit`` earliest seen so
far (memory bounded by the limit, whatever the number of tickets); ``within_s`` drops the
rows whose deadline lies more than that much wall-clock time after ``now`` as they come.

Decisions where the spec is silent: a ticket whose clocks not stopped have no deadline (a
calendar that never reaches the target) still gets a row, with ``deadline`` null, after
every row that has one (and never within a ``--within`` window); among a ticket's clocks
with the same earliest deadline, the first in result order is named.
"""

from __future__ import annotations

import csv
import gc
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

import orjson

from .instants import format_utc, parse_rfc3339, resolve_now

NO_DEADLINE = "~"  # sorts after every "YYYY-...Z" instant text


@dataclass(frozen=True, slots=True)
class DueRow:
    """One ticket in the queue: the clock not stopped with the earliest deadline."""

    id: Any
    sla: str
    metric: str  # the clock's name (a cycle is named by its metric)
    deadline: str | None  # UTC text with ``Z``; None: the calendar never reaches the target
    remaining_s: int  # counted seconds left before that deadline (0 once breached)
    next_step: dict[str, Any] | None  # the ticket's first planned step ({"metric", "at", "actions"})

    @property
    def deadline_s(self) -> int | None:
        return None if self.deadline is None else parse_rfc3339(self.deadline)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "sla": self.sla, "metric": self.metric, "deadline": self.deadline,
            "remaining_s": self.remaining_s, "next_step": self.next_step,
        }


def due_row(result: dict[str, Any]) -> DueRow | None:
    """The row of one evaluated result (its JSON object), or None: a failure, an ungoverned
    ticket, or one whose clocks have all stopped. A run not stopped is one with ``remaining_s``.

    Instants are compared as their UTC text, which orders as the instants do."""
    metrics = result.get("metrics")
    if not metrics:
        return None
    best: tuple[str, str, int] | None = None  # (deadline text or NO_DEADLINE, metric, remaining_s)
    for name, metric in metrics.items():
        runs = metric.get("cycles")
        for run in (metric,) if runs is None else runs:
            remaining_s = run.get("remaining_s")
            if remaining_s is None:
                continue
            deadline = run.get("deadline") or NO_DEADLINE
            if best is None or deadline < best[0]:
                best = (deadline, name, remaining_s)
    if best is None:
        return None
    planned = result.get("planned") or ()
    deadline = None if best[0] == NO_DEADLINE else best[0]
    return DueRow(result["id"], result["sla"], best[1], deadline, best[2], planned[0] if planned else None)


class DueQueue:
    """Rows in queue order, bounded: ``limit`` rows at most (None: all), and only those whose
    deadline is at most ``within_s`` seconds after ``now_s`` (None: any; breached included)."""

    slack = 1024
    """With a limit, rows kept beyond it before the buffer is sorted and cut back to it."""

    def __init__(self, now_s: int, within_s: int | None = None, limit: int | None = None) -> None:
        self.horizon = None if within_s is None else format_utc(now_s + within_s)
        self.limit = limit
        self.kept: list[tuple[str, int, DueRow]] = []
        self.seen = 0  # rows offered, for their input order
        self.bar: str | None = None  # with a limit, once full: a row must sort before this key to be kept

    def wants(self, key: str) -> bool:
        """Whether a row with this key (its deadline text, or NO_DEADLINE) offered now could
        still be shown: within the horizon, and (it comes after every row seen) before the
        last of ``limit`` rows already kept."""
        if self.horizon is not None and key > self.horizon:
            return False
        return self.bar is None or key < self.bar

    def offer(self, row: DueRow | None) -> None:
        if row is None:
            return
        position = self.seen
        self.seen += 1
        key = row.deadline or NO_DEADLINE
        if not self.wants(key):
            return
        kept = self.kept
        kept.append((key, position, row))
        if self.limit is not None and len(kept) >= 2 * self.limit + self.slack:
            kept.sort()  # (deadline text, position) decide: positions are unique
            del kept[self.limit :]
            self.bar = kept[-1][0]

    def offer_results(self, results: Iterable[dict[str, Any]]) -> None:
        for result in results:
            self.offer(due_row(result))

    def rows(self) -> list[DueRow]:
        self.kept.sort()
        if self.limit is not None:
            del self.kept[self.limit :]
        return [row for _, _, row in self.kept]


@dataclass(frozen=True, slots=True)
class DueSummary:
    rows: list[DueRow]
    tickets: int
    failures: list[dict[str, Any]]  # the error objects of the tickets that failed, in input order


def due_file(
    policy: Any,
    source: str | Any | IO[bytes],
    *,
    now: Any = None,
    within_s: int | None = None,
    limit: int | None = None,
    jobs: int | None = None,
    max_item_bytes: int | None = None,
    chunks: Iterator[Any] | None = None,
) -> DueSummary:
    """The queue of every ticket in ``source`` (as ``evaluate_file`` reads it), through the
    same evaluation as ``slalang eval`` (the compiled path when built, worker processes);
    ``chunks``: the tickets already read (a Parquet input's), as for ``evaluate_file``."""
    from .runner import evaluate_file
    from .ticket_files import DEFAULT_MAX_ITEM_BYTES

    now_s = resolve_now(now)
    queue = DueQueue(now_s, within_s, limit)
    failures: list[dict[str, Any]] = []
    loads = orjson.loads

    wants = queue.wants
    bounded = within_s is not None or limit is not None

    def take(data: bytes) -> None:
        for line in data.splitlines():
            # Only a result with a run not stopped (``remaining_s``) has a row, and only a
            # failure has ``error``: most lines are skipped unread (text inside an id that
            # looks like either key only makes the line read in full).
            if b'"error"' not in line:
                if b'"remaining_s"' not in line:
                    continue
                if bounded and not wants(earliest_open_deadline(line)):
                    continue
            result = loads(line)
            if "error" in result:
                failures.append(result)
            else:
                queue.offer(due_row(result))

    # The results are short-lived acyclic objects and the rows acyclic: the cyclic collector
    # would walk the growing queue again and again for nothing (as in ``runner._ChunkWork``).
    collecting = gc.isenabled()
    gc.disable()
    try:
        summary = evaluate_file(
            policy, source, take, now=now_s, fmt="jsonl", jobs=jobs,
            max_item_bytes=DEFAULT_MAX_ITEM_BYTES if max_item_bytes is None else max_item_bytes, chunks=chunks,
        )
    finally:
        if collecting:
            gc.enable()
    return DueSummary(queue.rows(), summary.tickets, failures)


def due_rows(
    results: Iterable[dict[str, Any]], now_s: int, within_s: int | None = None, limit: int | None = None
) -> list[DueRow]:
    """The queue of already evaluated results (their JSON objects)."""
    queue = DueQueue(now_s, within_s, limit)
    queue.offer_results(results)
    return queue.rows()


_OPEN_DEADLINE = re.compile(rb'"deadline":"([^"]*)","stop":null')
_OPEN_WITHOUT_DEADLINE = b'"deadline":null,"stop":null'


def earliest_open_deadline(line: bytes) -> str:
    """The queue key of a result line (``due_row``'s, read without decoding the line): the
    earliest deadline of its runs not stopped, NO_DEADLINE when they have none. A run is
    written ``..."deadline":D,"stop":null...`` while it has not stopped (``result.run_encoder``
    and the compiled scanner); a string inside the line (an id) cannot fake that text, whose
    quotes it would escape. Where nothing matches, the empty key ("" sorts first) makes
    the caller read the line in full."""
    found = _OPEN_DEADLINE.findall(line)
    if found:
        return min(found).decode("ascii")
    return NO_DEADLINE if _OPEN_WITHOUT_DEADLINE in line else ""


DUE_FORMATS: tuple[str, ...] = ("json", "jsonl", "csv")
"""The machine encodings of rows (the table for people is ``slalang.report.tickets.due``)."""

DUE_CSV_COLUMNS: tuple[str, ...] = (
    "id", "sla", "metric", "deadline", "remaining_s", "next_metric", "next_at", "next_actions",
)
"""CSV: the row's fields, ``next_step`` spread over three columns (actions joined with `` and ``)."""


def encode_rows(rows: list[DueRow], fmt: str) -> bytes:
    """``json``: one list of rows; ``jsonl``: a row a line; ``csv``: ``DUE_CSV_COLUMNS``."""
    if fmt == "json":
        return orjson.dumps([row.to_json() for row in rows]) + b"\n"
    if fmt == "jsonl":
        return b"".join(orjson.dumps(row.to_json()) + b"\n" for row in rows)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(DUE_CSV_COLUMNS)
        for row in rows:
            step = row.next_step or {}
            writer.writerow([
                "" if row.id is None else row.id, row.sla, row.metric, row.deadline or "", row.remaining_s,
                step.get("metric", ""), step.get("at", ""), " and ".join(step.get("actions", ())),
            ])
        return buffer.getvalue().encode("utf-8")
    raise ValueError(f"no encoding for rows in format {fmt!r}")
