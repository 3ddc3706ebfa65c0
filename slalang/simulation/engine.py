"""The discrete-event loop: arrivals, per-team EDF queues, agents on shift, pieces in turn.

Times are float seconds after the scenario start. Everything random is drawn up front in
whole arrays (arrival instants per stream, handling and patience times per stream, metric
and step), each from its own PCG64 stream keyed by (seed, purpose, stream, metric, step):
a ticket keeps its handling times whatever the head-counts, so runs that differ only in
staffing are compared on the same tickets (common random numbers).

The loop itself is plain Python on ``heapq``: arrivals are merged in from a sorted array
(they never enter the heap), the heap holds finishes, shift changes and abandonments, and
each team's queue is a heap ordered by (deadline, sequence): earliest deadline first, ties
in arrival order.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..model import METRICS, PolicySet
from . import clocks, fcfs
from .plan import StreamPlan
from .workload import Scenario

FINISH, OPEN, CLOSE, ABANDON = 0, 1, 2, 3
PROGRESS_EVERY = 1 << 15
DRAIN_LIMIT_S = 366 * 86400
"""After the last arrival the loop runs until every piece is done, but no longer than ten
times the scenario (at least a year): work queued at a team that never opens again stays
unfinished."""

ProgressFn = Callable[[float], None]


def generator(seed: int, *key: int) -> np.random.Generator:
    """An independent PCG64 stream for one purpose, stable across machines and runs."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=key)))


@dataclass(frozen=True)
class RouteRun:
    """What happened to one (stream, metric) route: per ticket, in arrival order."""

    stream: int
    plan_route: int  # index in the stream plan's routes
    arrivals_s: np.ndarray
    deadlines_s: np.ndarray
    stops_s: np.ndarray  # inf where the work never finished (abandoned or never served)
    abandoned: np.ndarray  # bool


@dataclass(frozen=True)
class TeamRun:
    name: str
    agents: int
    enqueued_s: np.ndarray  # per piece that queued, in order of leaving the queue
    waits_s: np.ndarray  # its wall seconds in queue (to start, or to abandoning)
    immediate: int  # pieces started the moment they reached the team (wait 0, not listed above)
    abandoned: int
    busy_s: float  # sum of handling times
    queue_area: float  # integral of the queue length over time (piece-seconds)

    @property
    def all_waits_s(self) -> np.ndarray:
        """The wait of every piece (zeros first, then the queued ones in leaving order)."""
        return np.concatenate((np.zeros(self.immediate), self.waits_s))


@dataclass(frozen=True)
class RawRun:
    end_s: float  # when the last piece finished (at least the scenario's duration)
    routes: tuple[RouteRun, ...]
    teams: tuple[TeamRun, ...]
    arrivals: int


def arrival_times(model: PolicySet, scenario: Scenario, seed: int) -> list[np.ndarray]:
    """Poisson arrival instants of every stream within [0, duration), sorted."""
    out = []
    for stream in scenario.arrivals:
        rng = generator(seed, 0, stream.index)
        if stream.at_s is not None:
            out.append(np.asarray(stream.at_s, dtype=np.float64))
            continue
        if stream.profile is None:
            windows = [(0, scenario.duration_s)]
        else:
            windows = clocks.open_intervals(model.calendars[stream.profile], scenario.start_utc, scenario.duration_s)
        starts = np.array([a for a, _ in windows], dtype=np.float64)
        lengths = np.array([b - a for a, b in windows], dtype=np.int64)
        offsets = np.concatenate(([0], np.cumsum(lengths))).astype(np.float64)
        total = float(offsets[-1])
        count = int(rng.poisson(stream.rate_per_s * total)) if total > 0 else 0
        within = np.sort(rng.random(count) * total)
        window = np.searchsorted(offsets, within, side="right") - 1
        out.append(starts[window] + (within - offsets[window]))
    return out


def run(
    model: PolicySet,
    scenario: Scenario,
    plans: tuple[StreamPlan, ...],
    counts: dict[str, int],
    seed: int,
    progress: ProgressFn | None = None,
    method: str = "auto",
) -> RawRun:
    """Simulate; ``method="events"`` forces the event loop even where the in-order
    shortcut (``fcfs``) would give the same result faster."""
    if method not in ("auto", "events"):
        raise ValueError(f"method must be 'auto' or 'events', not {method!r}")
    team_names = list(counts)
    team_index = {name: i for i, name in enumerate(team_names)}
    n_teams = len(team_names)
    start_utc = scenario.start_utc
    horizon_s = float(scenario.duration_s)

    # --- draw everything random, per stream and route ---------------------------------
    stream_arrivals = arrival_times(model, scenario, seed)
    route_keys: list[tuple[int, int]] = []
    r_teams: list[tuple[int, ...]] = []
    r_last: list[int] = []
    r_service: list = []  # per route, per step: handling seconds per ticket of the stream
    r_patience: list = []  # likewise, or None without patience
    r_deadline: list = []  # per route: deadline per ticket (seconds after the start)
    stream_routes: list[list[int]] = []
    for s, plan in enumerate(plans):
        times = stream_arrivals[s]
        n = len(times)
        rids = []
        for r, route in enumerate(plan.routes):
            metric_code = METRICS.index(route.metric.kind)
            rid = len(route_keys)
            rids.append(rid)
            route_keys.append((s, r))
            r_teams.append(tuple(team_index[step.team] for step in route.steps))
            r_last.append(len(route.steps) - 1)
            r_service.append(
                [step.time.sample(generator(seed, 1, s, metric_code, k), n) for k, step in enumerate(route.steps)]
            )
            if route.patience is not None:
                r_patience.append(
                    [route.patience.sample(generator(seed, 2, s, metric_code, k), n) for k in range(len(route.steps))]
                )
            else:
                r_patience.append(None)
            r_deadline.append(clocks.deadlines(route.calendar, start_utc, times, route.metric.target_s))
        stream_routes.append(rids)

    # --- merge the arrivals of every stream into one sorted sequence --------------------
    if stream_arrivals:
        all_times = np.concatenate(stream_arrivals)
        all_streams = np.concatenate([np.full(len(t), s, dtype=np.int64) for s, t in enumerate(stream_arrivals)])
        all_index = np.concatenate([np.arange(len(t), dtype=np.int64) for t in stream_arrivals])
    else:
        all_times = np.zeros(0)
        all_streams = all_index = np.zeros(0, dtype=np.int64)
    order = np.argsort(all_times, kind="stable")

    team_always = [model.calendars[model.teams[name].calendar].is_always for name in team_names]
    if method == "auto" and fcfs.eligible(team_always, r_teams, r_patience):
        shortcut = _run_in_order(
            team_names, counts, horizon_s, order, all_streams, all_index, stream_arrivals,
            stream_routes, route_keys, r_teams, r_service, r_deadline,
        )
        if shortcut is not None:
            if progress is not None:
                progress(1.0)
            return shortcut

    # --- the event loop works on plain lists: indexing them is what it does most --------
    arr_t = all_times[order].tolist()
    arr_s = all_streams[order].tolist()
    arr_j = all_index[order].tolist()
    n_arrivals = len(arr_t)
    deadline_arrays = r_deadline
    r_service = [[a.tolist() for a in steps] for steps in r_service]
    r_patience = [None if steps is None else [a.tolist() for a in steps] for steps in r_patience]
    r_deadline = [a.tolist() for a in r_deadline]
    r_stop: list[list[float]] = [[math.inf] * len(stream_arrivals[s]) for s, _ in route_keys]
    r_abandoned: list[bytearray] = [bytearray(len(stream_arrivals[s])) for s, _ in route_keys]

    # --- team state ---------------------------------------------------------------------
    free = [counts[name] for name in team_names]
    on_shift = [True] * n_teams
    queues: list[list] = [[] for _ in range(n_teams)]
    qlen = [0] * n_teams
    area = [0.0] * n_teams
    last_change = [0.0] * n_teams
    enq_log: list[list[float]] = [[] for _ in range(n_teams)]
    wait_log: list[list[float]] = [[] for _ in range(n_teams)]
    busy = [0.0] * n_teams  # handling seconds started, summed in event order (deterministic)
    immediate = [0] * n_teams  # pieces started on arrival at the team: no wait, never queued
    abandoned_count = [0] * n_teams
    heap: list = []
    seq = 0
    shift_iters = {}
    for q, name in enumerate(team_names):
        calendar = model.calendars[model.teams[name].calendar]
        if calendar.is_always:
            continue
        shift_iters[q] = clocks.shifts(calendar, start_utc)
        first = next(shift_iters[q], None)
        if first is None:
            on_shift[q] = False
        elif first[0] <= 0:
            heapq.heappush(heap, (float(first[1]), seq, CLOSE, q))
            seq += 1
        else:
            on_shift[q] = False
            heapq.heappush(heap, (float(first[0]), seq, OPEN, q, float(first[1])))
            seq += 1

    pending: set[int] = set()  # queue entries that may still be abandoned
    dead: set[int] = set()  # abandoned entries still sitting in a queue heap
    push, pop = heapq.heappush, heapq.heappop
    inf = math.inf
    outstanding = 0
    ai = 0
    next_arrival = arr_t[0] if n_arrivals else inf
    t = 0.0
    drain_until_s = horizon_s + max(10 * horizon_s, DRAIN_LIMIT_S)

    while True:
        if heap and heap[0][0] <= next_arrival:
            if ai >= n_arrivals and (outstanding == 0 or heap[0][0] > drain_until_s):
                break  # only shift changes are left, or work stuck where no agent ever comes
            event = pop(heap)
            t = event[0]
            kind = event[2]
            if kind == FINISH:
                _, _, _, q, rid, j, step = event
                outstanding -= 1
                if step != r_last[rid]:
                    teams = r_teams[rid]
                    # the next team of the via chain takes the work over
                    step += 1
                    nq = teams[step]
                    outstanding += 1
                    if on_shift[nq] and free[nq]:
                        free[nq] -= 1
                        immediate[nq] += 1
                        service = r_service[rid][step][j]
                        busy[nq] += service
                        push(heap, (t + service, seq, FINISH, nq, rid, j, step))
                        seq += 1
                    else:
                        area[nq] += qlen[nq] * (t - last_change[nq])
                        last_change[nq] = t
                        qlen[nq] += 1
                        push(queues[nq], (r_deadline[rid][j], seq, rid, j, step, t))
                        if r_patience[rid] is not None:
                            pending.add(seq)
                            push(heap, (t + r_patience[rid][step][j], seq + 1, ABANDON, nq, seq, rid, j, t))
                            seq += 1
                        seq += 1
                else:
                    r_stop[rid][j] = t
                if on_shift[q] and qlen[q]:
                    entry = pop(queues[q])
                    while dead and entry[1] in dead:
                        dead.discard(entry[1])
                        entry = pop(queues[q])
                    area[q] += qlen[q] * (t - last_change[q])
                    last_change[q] = t
                    qlen[q] -= 1
                    _, qseq, rid, j, step, enq = entry
                    if pending:
                        pending.discard(qseq)
                    enq_log[q].append(enq)
                    wait_log[q].append(t - enq)
                    service = r_service[rid][step][j]
                    busy[q] += service
                    push(heap, (t + service, seq, FINISH, q, rid, j, step))
                    seq += 1
                else:
                    free[q] += 1
            elif kind == OPEN:
                q = event[3]
                on_shift[q] = True
                push(heap, (event[4], seq, CLOSE, q))
                seq += 1
                while free[q] and qlen[q]:
                    entry = pop(queues[q])
                    if dead and entry[1] in dead:
                        dead.discard(entry[1])
                        continue
                    area[q] += qlen[q] * (t - last_change[q])
                    last_change[q] = t
                    qlen[q] -= 1
                    free[q] -= 1
                    _, qseq, rid, j, step, enq = entry
                    if pending:
                        pending.discard(qseq)
                    enq_log[q].append(enq)
                    wait_log[q].append(t - enq)
                    service = r_service[rid][step][j]
                    busy[q] += service
                    push(heap, (t + service, seq, FINISH, q, rid, j, step))
                    seq += 1
            elif kind == CLOSE:
                q = event[3]
                on_shift[q] = False  # agents finish the piece in hand, then stop
                following = next(shift_iters[q], None)
                if following is not None:
                    push(heap, (float(following[0]), seq, OPEN, q, float(following[1])))
                    seq += 1
            else:  # ABANDON
                q, qseq, rid, j, enq = event[3], event[4], event[5], event[6], event[7]
                if qseq in pending:
                    pending.discard(qseq)
                    dead.add(qseq)
                    area[q] += qlen[q] * (t - last_change[q])
                    last_change[q] = t
                    qlen[q] -= 1
                    outstanding -= 1
                    abandoned_count[q] += 1
                    enq_log[q].append(enq)
                    wait_log[q].append(t - enq)
                    r_abandoned[rid][j] = 1
        elif ai < n_arrivals:
            if progress is not None and not ai % PROGRESS_EVERY:
                progress(min(1.0, next_arrival / horizon_s) if horizon_s else 1.0)
            t = next_arrival
            s = arr_s[ai]
            j = arr_j[ai]
            ai += 1
            next_arrival = arr_t[ai] if ai < n_arrivals else inf
            for rid in stream_routes[s]:
                q = r_teams[rid][0]
                outstanding += 1
                if on_shift[q] and free[q]:
                    free[q] -= 1
                    immediate[q] += 1
                    service = r_service[rid][0][j]
                    busy[q] += service
                    push(heap, (t + service, seq, FINISH, q, rid, j, 0))
                    seq += 1
                else:
                    area[q] += qlen[q] * (t - last_change[q])
                    last_change[q] = t
                    qlen[q] += 1
                    push(queues[q], (r_deadline[rid][j], seq, rid, j, 0, t))
                    if r_patience[rid] is not None:
                        pending.add(seq)
                        push(heap, (t + r_patience[rid][0][j], seq + 1, ABANDON, q, seq, rid, j, t))
                        seq += 1
                    seq += 1
        else:
            break

    end_s = max(horizon_s, t)
    if progress is not None:
        progress(1.0)
    routes = []
    for rid, (s, r) in enumerate(route_keys):
        routes.append(
            RouteRun(
                stream=s,
                plan_route=r,
                arrivals_s=stream_arrivals[s],
                deadlines_s=deadline_arrays[rid],
                stops_s=np.asarray(r_stop[rid], dtype=np.float64),
                abandoned=np.frombuffer(bytes(r_abandoned[rid]), dtype=np.uint8).astype(bool),
            )
        )
    teams = []
    for q, name in enumerate(team_names):
        area[q] += qlen[q] * (end_s - last_change[q])
        teams.append(
            TeamRun(
                name=name,
                agents=counts[name],
                enqueued_s=np.asarray(enq_log[q], dtype=np.float64),
                waits_s=np.asarray(wait_log[q], dtype=np.float64),
                immediate=immediate[q],
                abandoned=abandoned_count[q],
                busy_s=busy[q],
                queue_area=area[q],
            )
        )
    return RawRun(end_s=end_s, routes=tuple(routes), teams=tuple(teams), arrivals=n_arrivals)


def _run_in_order(
    team_names, counts, horizon_s, order, all_streams, all_index, stream_arrivals,
    stream_routes, route_keys, r_teams, r_service, r_deadline,
) -> RawRun | None:
    """The ``fcfs`` shortcut, or None when some team's deadlines decrease in arrival order."""
    position = np.empty(len(order), dtype=np.int64)
    position[order] = np.arange(len(order), dtype=np.int64)  # rank of each ticket in arrival order
    offsets = np.concatenate(([0], np.cumsum([len(t) for t in stream_arrivals]))).astype(np.int64)
    per_team: list[list[tuple[int, np.ndarray]]] = [[] for _ in team_names]
    for rid, (s, _) in enumerate(route_keys):
        per_team[r_teams[rid][0]].append((rid, position[offsets[s]: offsets[s + 1]]))
    stops = [np.full(len(stream_arrivals[s]), np.inf) for s, _ in route_keys]
    teams = []
    end_s = horizon_s
    for q, name in enumerate(team_names):
        feeds = per_team[q]
        if not feeds:
            teams.append(TeamRun(name, counts[name], np.zeros(0), np.zeros(0), 0, 0, 0.0, 0.0))
            continue
        rank = np.concatenate([p for _, p in feeds])
        route_id = np.concatenate([np.full(len(p), rid, dtype=np.int64) for rid, p in feeds])
        arrivals = np.concatenate([stream_arrivals[route_keys[rid][0]] for rid, _ in feeds])
        services = np.concatenate([r_service[rid][0] for rid, _ in feeds])
        deadlines = np.concatenate([r_deadline[rid] for rid, _ in feeds])
        sequence = np.lexsort((route_id, rank))  # arrival order; one ticket's pieces in route order
        arrivals, services, deadlines = arrivals[sequence], services[sequence], deadlines[sequence]
        if np.any(deadlines[1:] < deadlines[:-1]):
            return None
        starts = fcfs.serve_in_order(counts[name], arrivals, services)
        finished = starts + services
        unsorted_finished = np.empty_like(finished)
        unsorted_finished[sequence] = finished
        cursor = 0
        for rid, p in feeds:
            stops[rid] = unsorted_finished[cursor: cursor + len(p)]
            cursor += len(p)
        waits = starts - arrivals
        queued = waits > 0
        if finished.size:
            end_s = max(end_s, float(finished.max()))
        teams.append(
            TeamRun(
                name=name,
                agents=counts[name],
                enqueued_s=arrivals[queued],
                waits_s=waits[queued],
                immediate=int(np.count_nonzero(~queued)),
                abandoned=0,
                busy_s=_sequential_sum(services),
                queue_area=0.0,
            )
        )
    teams = [
        TeamRun(t.name, t.agents, t.enqueued_s, t.waits_s, t.immediate, 0, t.busy_s,
                fcfs.queue_area(t.enqueued_s, t.enqueued_s + t.waits_s, end_s))
        for t in teams
    ]
    routes = tuple(
        RouteRun(
            stream=s,
            plan_route=r,
            arrivals_s=stream_arrivals[s],
            deadlines_s=r_deadline[rid],
            stops_s=stops[rid],
            abandoned=np.zeros(len(stream_arrivals[s]), dtype=bool),
        )
        for rid, (s, r) in enumerate(route_keys)
    )
    return RawRun(end_s=end_s, routes=routes, teams=tuple(teams), arrivals=len(order))


def _sequential_sum(values: np.ndarray) -> float:
    """Left-to-right float sum, as the event loop adds handling times: ``cumsum`` adds in
    order (unlike ``sum``, whose pairwise blocking may differ between builds)."""
    return float(np.cumsum(values)[-1]) if values.size else 0.0
