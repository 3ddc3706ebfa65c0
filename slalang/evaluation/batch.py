"""The batch path: many tickets at once, counted time and deadlines vectorised.

It gives exactly the JSON that ``TicketResult.to_json()`` gives for the same ticket (tests
compare them on random tickets) but computes it differently: instead of asking the
timeline one run at a time, it cuts every run into its counting segments (the parts of
``[start, end)`` outside pauses and resolved periods), then, per calendar, answers every
question of the batch with a few array calls:

- counted time of a run = the sum of its segments' open seconds (``open_seconds_many``);
- the instant at which a run's counted time reaches an amount X (a deadline, a step):
  X = 0 is the start; X at most the run's counted time falls inside the segment where the
  running sum reaches X (``advance_many`` from that segment's start); beyond it, the clock
  goes on from the run's end with no further pause (``advance_many`` from the end).
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

import numpy as np
import orjson

from .escalations import METRIC_ORDER, StepPlan
from .evaluator import Evaluator
from .history import Interval
from .instants import utc_formatter
from .metrics import MetricPlan, SlaPlan
from .native import scanner_for
from .output import encode_jsonl
from .result import TicketFailure, roll_up
from .ticket_files import InputError, decode_item
from .tickets import TicketError

_INT64 = np.int64
_NEVER = int(np.iinfo(np.int64).max)  # what advance_many gives for "not within the horizon"
_FIRST, _NEXT, _RESOLUTION = "first_response", "next_response", "resolution"


class _Group:
    """The runs of one batch that count on one calendar, and the amounts asked of them.

    A run's questions are contiguous: its deadline first, then one per escalation step.
    """

    __slots__ = ("clock", "run_start", "run_end", "seg_first", "seg_a", "seg_b", "q_run", "q_amount")

    def __init__(self, clock: Any) -> None:
        self.clock = clock
        self.run_start: list[int] = []
        self.run_end: list[int] = []
        self.seg_first: list[int] = []  # index of each run's first segment
        self.seg_a: list[int] = []
        self.seg_b: list[int] = []
        self.q_run: list[int] = []
        self.q_amount: list[int] = []

    def add_run(self, start: int, end: int, blocked: Sequence[Interval], amounts: tuple[int, ...]) -> tuple[int, int]:
        """Registers ``[start, end)`` minus ``blocked`` and its questions: (run, first question)."""
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
        first_question = len(self.q_run)
        self.q_run.extend([run] * len(amounts))
        self.q_amount.extend(amounts)
        return run, first_question

    def solve(self) -> tuple[list[int], list[int], list[int]]:
        """``(counted per run, open per run, instant per question)``; an instant is
        ``_NEVER`` when the calendar never reaches it."""
        counted, opened, instants = solve_runs(
            self.clock,
            np.asarray(self.run_start, dtype=_INT64),
            np.asarray(self.run_end, dtype=_INT64),
            np.asarray(self.seg_first + [len(self.seg_a)], dtype=_INT64),
            np.asarray(self.seg_a, dtype=_INT64),
            np.asarray(self.seg_b, dtype=_INT64),
            np.asarray(self.q_run, dtype=_INT64),
            np.asarray(self.q_amount, dtype=_INT64),
        )
        return counted.tolist(), opened.tolist(), instants.tolist()


def solve_runs(
    clock: Any,
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
    run_open = clock.open_seconds_many(run_start, run_end)
    seg_open = clock.open_seconds_many(seg_a, seg_b) if len(seg_a) else np.zeros(0, dtype=_INT64)
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
    return run_counted, run_open, clock.advance_many(from_instant, remaining)


class _MetricShape:
    """What a batch needs of one metric of one SLA."""

    __slots__ = ("kind", "order", "target_s", "amounts", "steps", "step_items")

    def __init__(self, plan: MetricPlan) -> None:
        self.kind = plan.metric.kind
        self.order = METRIC_ORDER[self.kind]
        self.target_s = plan.metric.target_s
        self.amounts = (self.target_s,) + tuple(step.fire_after_s for step in plan.steps)
        self.steps: tuple[StepPlan, ...] = plan.steps
        # (question offset after the deadline's, step index, canonical actions)
        self.step_items = tuple((n, step.index, step.actions) for n, step in enumerate(plan.steps, start=1))


class BatchEvaluator:
    """Evaluates batches of raw tickets to their JSON results (dicts), in order."""

    def __init__(self, policy: Any, clock_for: Any = None) -> None:
        self.single = Evaluator(policy, clock_for)
        self.plans: dict[str, SlaPlan] = self.single.plans
        self.shapes: dict[str, tuple[_MetricShape | None, _MetricShape | None, _MetricShape | None]] = {
            name: tuple(_MetricShape(m) if m is not None else None for m in (p.first_response, p.next_response, p.resolution))
            for name, p in self.plans.items()
        }
        self.format = utc_formatter()
        self.native = scanner_for(self)

    def evaluate(self, items: Iterable[tuple[int, Any]], now_s: int) -> list[dict[str, Any]]:
        """``items``: ``(line, bytes | decoded ticket | InputError)``."""
        single = self.single
        validate = single.validator.validate
        history_of = single.history
        plans = self.plans
        shapes = self.shapes
        groups: dict[str, _Group] = {}
        pending: list[Any] = []  # a finished JSON dict, or (id, sla name, history, runs)
        for line, raw in items:
            if type(raw) is bytes or isinstance(raw, (bytearray, memoryview)):
                raw = decode_item(line, raw)
            if isinstance(raw, InputError):
                pending.append(TicketFailure(raw.id, raw.reason, raw.line).to_json())
                continue
            try:
                ticket = validate(raw)
            except TicketError as exc:
                pending.append(TicketFailure(exc.ticket_id, exc.reason, line).to_json())
                continue
            history = history_of(ticket, now_s)
            sla = history.sla
            if sla is None:
                pending.append({"id": ticket.id, "sla": None, "metrics": {}, "escalations": []})
                continue
            group = groups.get(sla.calendar)
            if group is None:
                group = groups[sla.calendar] = _Group(plans[sla.name].clock)
            first, nxt, resolution = shapes[sla.name]
            blocked = history.blocked
            created = history.created_s
            runs = []
            if first is not None:
                stop = history.first_response_stop
                end = stop if stop is not None else (now_s if now_s > created else created)
                runs.append((first, created, stop, group.add_run(created, end, blocked, first.amounts)))
            if nxt is not None:
                for start, stop in history.cycles:
                    end = stop if stop is not None else (now_s if now_s > start else start)
                    runs.append((nxt, start, stop, group.add_run(start, end, blocked, nxt.amounts)))
            if resolution is not None:
                stop = history.resolution_stop
                end = stop if stop is not None else (now_s if now_s > created else created)
                runs.append((resolution, created, stop, group.add_run(created, end, blocked, resolution.amounts)))
            pending.append((ticket.id, sla, history, runs, nxt is not None))
        solved = {name: group.solve() for name, group in groups.items()}
        assemble = self._assemble
        return [
            item if type(item) is dict else assemble(item, solved[item[1].calendar], now_s)
            for item in pending
        ]

    def evaluate_to_lines(self, items: Iterable[tuple[int, Any]], now_s: int) -> tuple[bytes, int, int]:
        """JSON Lines (each line ends with a newline), the number of tickets and of failures.

        With the compiled fast path, it takes every ticket it can; the rest are evaluated
        here, and their lines are put back in input order."""
        if self.native is None:
            results = self.evaluate(items, now_s)
            return encode_jsonl(results), len(results), sum(1 for r in results if "error" in r)
        scanner, tables = self.native
        scanner.begin()
        take = scanner.take
        others: list[tuple[int, int, Any]] = []  # (tickets taken before it, line, item)
        for line, raw in items:
            if type(raw) is bytes or isinstance(raw, (bytearray, memoryview)):
                raw = decode_item(line, raw)
            if not take(raw, now_s):
                others.append((len(scanner), line, raw))
        for table, clock in tables:
            table.solved(*solve_runs(clock, *table.arrays()))
        encoded: list[tuple[int, bytes]] = []
        failed = 0
        if others:
            results = self.evaluate([(line, raw) for _, line, raw in others], now_s)
            for (position, _, _), result in zip(others, results):
                failed += "error" in result
                encoded.append((position, orjson.dumps(result)))
        return scanner.lines(now_s, encoded), len(scanner) + len(others), failed

    def _assemble(self, item: tuple, solved: tuple[list[int], list[int], list[int]], now_s: int) -> dict[str, Any]:
        ticket_id, sla, history, runs, has_next = item
        counted_all, open_all, instants = solved
        fmt = self.format
        paused_now = history.paused_now
        resolved = history.resolved
        metrics: dict[str, Any] = {}
        cycles: list[dict[str, Any]] = []
        cycle_statuses: list[str] = []
        fired: list[tuple[tuple[int, int, int], dict[str, Any]]] = []
        last_start = -1 << 62
        start_text = ""
        for shape, start, stop, (run, question) in runs:
            deadline = instants[question]
            if deadline == _NEVER:
                deadline = None
            # run_status (metrics.py), inlined: the hot path
            if stop is not None:
                status = "met" if deadline is None or stop <= deadline else "breached"
            elif deadline is not None and now_s > deadline:
                status = "breached"
            else:
                status = "paused" if paused_now else "running"
            counted = counted_all[run]
            if start != last_start:
                last_start = start
                start_text = fmt(start)
            result = {
                "status": status,
                "start": start_text,
                "deadline": None if deadline is None else fmt(deadline),
                "stop": None if stop is None else fmt(stop),
                "target_s": shape.target_s,
                "counted_s": counted,
                "paused_s": open_all[run] - counted,
            }
            kind = shape.kind
            if kind == _NEXT:
                cycles.append(result)
                cycle_statuses.append(status)
            else:
                if kind == _RESOLUTION and has_next:
                    metrics[_NEXT] = None  # keeps the documented order; filled below
                metrics[kind] = result
            if shape.steps:
                # a step fires when its instant is in [start, stop) and not after now
                limit = now_s + 1 if stop is None or stop > now_s else stop
                for offset, index, actions in shape.step_items:
                    instant = instants[question + offset]
                    if start <= instant < limit and not (resolved and _inside(instant, resolved)):
                        fired.append(
                            ((instant, shape.order, index), {"metric": kind, "at": fmt(instant), "actions": list(actions)})
                        )
        if has_next:
            metrics[_NEXT] = {"status": roll_up(cycle_statuses), "cycles": cycles}
        if fired:
            fired.sort(key=_first)
        return {"id": ticket_id, "sla": sla.name, "metrics": metrics, "escalations": [e for _, e in fired]}


def _inside(instant: int, intervals: Sequence[Interval]) -> bool:
    for low, high in intervals:
        if low <= instant < high:
            return True
        if low > instant:
            break
    return False


def _first(item: tuple) -> Any:
    return item[0]
