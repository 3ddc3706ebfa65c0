"""The batch path: many tickets at once, counted time and deadlines vectorised.

Each ticket goes through the same steps as one evaluated alone (``runs.py``): replay,
``runs_of``, then ``assemble`` (building the JSON objects directly, with a memoised instant
formatter). Only the middle step, measuring the runs, differs: instead of asking the
timeline one run at a time, the batch cuts every run into its counting segments (the parts
of ``[start, end)`` outside pauses and resolved periods), then, per calendar, answers every
question of the batch with a few array calls:

- counted time of a run = the sum of its segments' open seconds (``open_seconds_many``);
- the instant at which a run's counted time reaches an amount X (a deadline, a step):
  X = 0 is the start; X at most the run's counted time falls inside the segment where the
  running sum reaches X (``advance_many`` from that segment's start); beyond it, the clock
  goes on from the run's end with no further pause (``advance_many`` from the end).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import orjson

from . import fast
from .clocks import Interval, SlaPlan
from .evaluator import Evaluator
from .instants import utc_formatter
from .output import encode_jsonl
from .result import JsonResults, failure_json, ticket_json
from .runs import Measured, RunSpan, assemble, runs_of
from .ticket_files import InputError, LineBlock, decode_item, split_lines, too_large
from .tickets import TicketError

_INT64 = np.int64
_NEVER = int(np.iinfo(np.int64).max)  # what advance_many gives for "not within the horizon"
_new = tuple.__new__  # a NamedTuple without its Python-level __new__ (the hot path)
_Pending = tuple[Any, SlaPlan, list[RunSpan], list[tuple["_Group", int]]]
"""A governed ticket waiting for its batch's answers: id, SLA plan, runs, where each run's numbers are."""


class _Group:
    """The runs of one batch that count on one calendar, and the amounts asked of them.

    A run's questions are contiguous: its deadline first, then one per escalation step.
    """

    __slots__ = ("timeline", "run_start", "run_end", "seg_first", "seg_a", "seg_b", "q_run", "q_amount", "q_first", "measured")

    def __init__(self, timeline: Any) -> None:
        self.timeline = timeline
        self.run_start: list[int] = []
        self.run_end: list[int] = []
        self.seg_first: list[int] = []  # index of each run's first segment
        self.seg_a: list[int] = []
        self.seg_b: list[int] = []
        self.q_run: list[int] = []
        self.q_amount: list[int] = []
        self.q_first: list[int] = []  # each run's first question
        self.measured: list[Measured] = []  # each run's numbers, once solved

    def add_run(self, start: int, end: int, blocked: Sequence[Interval], amounts: tuple[int, ...]) -> int:
        """Registers ``[start, end)`` minus ``blocked`` and its questions (the counted
        amounts whose instants are wanted: the target, then each step's point); the run's
        index, under which ``measured`` holds its numbers once solved."""
        run = len(self.run_start)
        self.run_start.append(start)
        self.run_end.append(end)
        seg_a, seg_b = self.seg_a, self.seg_b
        self.seg_first.append(len(seg_a))
        cursor = start
        for low, high in blocked:
            if high <= cursor:
                continue
            if low >= end:
                break
            if low > cursor:
                seg_a.append(cursor)
                seg_b.append(low)
            cursor = high
            if cursor >= end:
                break
        if cursor < end:
            seg_a.append(cursor)
            seg_b.append(end)
        self.q_first.append(len(self.q_run))
        self.q_run.extend([run] * len(amounts))
        self.q_amount.extend(amounts)
        return run

    def solve(self) -> None:
        """Answers every question of the group at once (``solve_runs``): each run's numbers."""
        counted, opened, instants = solve_runs(
            self.timeline,
            np.asarray(self.run_start, dtype=_INT64),
            np.asarray(self.run_end, dtype=_INT64),
            np.asarray(self.seg_first + [len(self.seg_a)], dtype=_INT64),
            np.asarray(self.seg_a, dtype=_INT64),
            np.asarray(self.seg_b, dtype=_INT64),
            np.asarray(self.q_run, dtype=_INT64),
            np.asarray(self.q_amount, dtype=_INT64),
        )
        answers = instants.tolist()
        ends = self.q_first[1:] + [len(answers)]
        measured = self.measured = []
        for counted_s, open_s, question, end in zip(counted.tolist(), opened.tolist(), self.q_first, ends, strict=True):
            deadline = answers[question]
            steps = tuple(answers[question + 1 : end])
            if _NEVER in steps:  # as ``measure`` gives them: None where the calendar never reaches one
                steps = tuple(None if instant == _NEVER else instant for instant in steps)
            measured.append(_new(Measured, (counted_s, open_s, None if deadline == _NEVER else deadline, steps)))


def solve_runs(
    timeline: Any,
    run_start: np.ndarray,
    run_end: np.ndarray,
    seg_first: np.ndarray,
    seg_a: np.ndarray,
    seg_b: np.ndarray,
    q_run: np.ndarray,
    amount: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Counted and open seconds of every run and the instant of every question (int64
    arrays). ``seg_first[i]`` is run i's first segment; it ends with the segment count."""
    run_open = timeline.open_seconds_many(run_start, run_end)
    seg_open = timeline.open_seconds_many(seg_a, seg_b) if len(seg_a) else np.zeros(0, dtype=_INT64)
    # inclusive[i]: open seconds of segments 0..i; a run's segments are contiguous.
    inclusive = np.cumsum(seg_open, dtype=_INT64)
    prefix = np.concatenate((np.zeros(1, dtype=_INT64), inclusive))
    run_base = prefix[seg_first[:-1]]
    run_counted = prefix[seg_first[1:]] - run_base
    if len(q_run) == 0:
        return run_counted, run_open, np.zeros(0, dtype=_INT64)
    counted = run_counted[q_run]
    inside = (amount > 0) & (amount <= counted)
    beyond = amount > counted
    from_instant = run_start[q_run]
    remaining = np.zeros(len(q_run), dtype=_INT64)
    # Inside the history: the first segment whose running sum reaches base + amount.
    goal = run_base[q_run[inside]] + amount[inside]
    segment = np.searchsorted(inclusive, goal, side="left")
    from_instant[inside] = seg_a[segment]
    remaining[inside] = goal - prefix[segment]
    # Past the history: on from the run's end with no further pause.
    from_instant[beyond] = run_end[q_run[beyond]]
    remaining[beyond] = amount[beyond] - counted[beyond]
    return run_counted, run_open, timeline.advance_many(from_instant, remaining)


class BatchEvaluator:
    """Evaluates batches of raw tickets to their JSON results (dicts), in order."""

    def __init__(self, policy: Any, clock_for: Any = None) -> None:
        self.single = Evaluator(policy, clock_for)
        self.plans: dict[str, SlaPlan] = self.single.plans
        self.build = JsonResults(utc_formatter())
        self.scanner = fast.scanner_for(self.single.policy, self.single.rules, self.plans)
        """The compiled fast path's ``(scanner, [(table, timeline), ...])``, or None."""

    def evaluate(self, items: Iterable[tuple[int, Any]], now_s: int) -> list[dict[str, Any]]:
        """``items``: ``(line, bytes | decoded ticket | InputError)``."""
        single = self.single
        validate = single.validator.validate
        history_of = single.history
        plans = self.plans
        groups: dict[Any, _Group] = {}  # by timeline: the runs that count on one calendar
        pending: list[dict[str, Any] | _Pending] = []  # a finished JSON dict, or a ticket's runs to assemble
        for line, raw in items:
            if type(raw) is bytes or isinstance(raw, (bytearray, memoryview)):
                raw = decode_item(line, raw)
            if isinstance(raw, InputError):
                pending.append(failure_json(raw.id, raw.reason, raw.line))
                continue
            try:
                ticket = validate(raw)
            except TicketError as exc:
                pending.append(failure_json(exc.ticket_id, exc.reason, line))
                continue
            history = history_of(ticket, now_s)
            sla = history.sla
            if sla is None:
                pending.append(ticket_json(ticket.id, None, {}, []))
                continue
            plan = plans[sla.name]
            if plan.chosen:
                plan = single.plan_for(ticket, history, now_s)
            runs = runs_of(plan, history, now_s)
            places = []
            for run in runs:
                clock = run.clock
                group = groups.get(clock.timeline)
                if group is None:
                    group = groups[clock.timeline] = _Group(clock.timeline)
                places.append((group, group.add_run(run.start_s, run.end_s, run.blocked, clock.amounts)))
            pending.append((ticket.id, plan, runs, places))
        for group in groups.values():
            group.solve()
        return [item if isinstance(item, dict) else self._assemble(item, now_s) for item in pending]

    def _assemble(self, item: _Pending, now_s: int) -> dict[str, Any]:
        ticket_id, plan, runs, places = item
        return assemble(ticket_id, plan, runs, [group.measured[run] for group, run in places], now_s, self.build)

    def evaluate_to_lines(self, items: Iterable[tuple[int, Any]], now_s: int) -> tuple[bytes, int, int]:
        """JSON Lines (each line ends with a newline), the number of tickets and of failures.

        With the compiled fast path, it takes every ticket it can; the rest are evaluated
        here, and their lines are put back in input order."""
        if self.scanner is None:
            results = self.evaluate(items, now_s)
            return encode_jsonl(results), len(results), sum(1 for r in results if "error" in r)
        scanner, tables = self.scanner
        scanner.begin()
        take = scanner.take
        others: list[tuple[int, int, Any]] = []  # (tickets taken before it, line, item)
        for line, raw in items:
            if type(raw) is bytes or isinstance(raw, (bytearray, memoryview)):
                raw = decode_item(line, raw)
            if not take(raw, now_s):
                others.append((len(scanner), line, raw))
        return self._finish(others, now_s)

    def block_to_lines(self, block: LineBlock, max_item_bytes: int, now_s: int) -> tuple[bytes, int, int]:
        """``evaluate_to_lines`` of the lines of a block (``split_lines``); with the compiled
        path, the scanner splits and decodes the lines itself."""
        if self.scanner is None:
            return self.evaluate_to_lines(split_lines(block, max_item_bytes), now_s)
        self.scanner[0].begin()
        others = [
            (position, line, too_large(line, max_item_bytes) if item is None else item)
            for position, line, item in self.scanner[0].take_lines(block.data, block.first_line, now_s, max_item_bytes)
        ]
        return self._finish(others, now_s)

    def _finish(self, others: list[tuple[int, int, Any]], now_s: int) -> tuple[bytes, int, int]:
        """The lines of a batch the scanner has taken, with ``others`` evaluated here."""
        assert self.scanner is not None
        scanner, tables = self.scanner
        for table, timeline in tables:
            arrays = table.arrays()
            if len(arrays[0]):  # a calendar none of the batch's runs counts on has nothing to solve
                table.solved(*solve_runs(timeline, *arrays))
        encoded: list[tuple[int, bytes]] = []
        failed = 0
        if others:
            results = self.evaluate([(line, raw) for _, line, raw in others], now_s)
            for (position, _, _), result in zip(others, results, strict=True):
                failed += "error" in result
                encoded.append((position, orjson.dumps(result)))
        return scanner.lines(now_s, encoded), len(scanner) + len(others), failed
