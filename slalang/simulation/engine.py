"""The discrete-event loop: arrivals, per-team EDF queues, agents on shift, pieces in turn.

Times are float seconds after the scenario start. Everything random is drawn up front in
whole arrays (arrival instants per stream, handling and patience times per stream, metric
and step), each from its own PCG64 stream keyed by (seed, purpose, stream, metric, step):
a ticket keeps its handling times whatever the head-counts, so runs that differ only in
staffing are compared on the same tickets (common random numbers).

The loop itself is plain Python on ``heapq``: arrivals are merged in from a sorted array
(they never enter the heap), the heap holds finishes, shift changes and abandonments, and
each team's queue is a heap ordered by (deadline, sequence): earliest deadline first, ties
in arrival order. That Python loop is the definition; where the optional compiled module is
built, a run takes its copy instead (``fast``), with the same numbers digit for digit.
"""

from __future__ import annotations

import heapq
import math

import numpy as np

from ..model import METRICS, PolicySet
from . import clocks, fast, fcfs
from .plan import StreamPlan
from .raw import (
    PROGRESS_EVERY,
    LoopTally,
    ProgressFn,
    RawRun,
    RouteRun,
    Routes,
    TeamRun,
    drain_until_s,
    raw_run,
    team_shifts,
)
from .workload import Scenario

FINISH, OPEN, CLOSE, ABANDON = 0, 1, 2, 3
def generator(seed: int, *key: int) -> np.random.Generator:
    """An independent PCG64 stream for one purpose, stable across machines and runs."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=key)))


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


def draw_routes(
    model: PolicySet, scenario: Scenario, plans: tuple[StreamPlan, ...], team_names: list[str], seed: int
) -> Routes:
    """Arrivals, handling and patience times and deadlines of every route, from their own streams."""
    team_index = {name: i for i, name in enumerate(team_names)}
    stream_arrivals = arrival_times(model, scenario, seed)
    keys: list[tuple[int, int]] = []
    teams: list[tuple[int, ...]] = []
    service: list[list[np.ndarray]] = []
    patience: list[list[np.ndarray] | None] = []
    deadlines: list[np.ndarray] = []
    by_stream: list[tuple[int, ...]] = []
    for s, plan in enumerate(plans):
        times = stream_arrivals[s]
        n = len(times)
        ids = []
        for r, route in enumerate(plan.routes):
            metric_code = METRICS.index(route.metric.kind)
            ids.append(len(keys))
            keys.append((s, r))
            teams.append(tuple(team_index[step.team] for step in route.steps))
            service.append([step.time.sample(generator(seed, 1, s, metric_code, k), n) for k, step in enumerate(route.steps)])
            if route.patience is not None:
                patience.append(
                    [route.patience.sample(generator(seed, 2, s, metric_code, k), n) for k in range(len(route.steps))]
                )
            else:
                patience.append(None)
            deadlines.append(clocks.deadlines(route.calendar, scenario.start_utc, times, route.metric.target_s))
        by_stream.append(tuple(ids))
    return Routes(
        tuple(keys), tuple(teams), tuple(service), tuple(patience), tuple(deadlines), tuple(by_stream), tuple(stream_arrivals)
    )


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
    routes = draw_routes(model, scenario, plans, team_names, seed)
    order, arrivals = merged_arrivals(routes)
    team_always = [model.calendars[model.teams[name].calendar].is_always for name in team_names]
    if method == "auto" and fcfs.eligible(team_always, routes.teams, routes.patience):
        shortcut = _run_in_order(team_names, counts, float(scenario.duration_s), order, routes)
        if shortcut is not None:
            if progress is not None:
                progress(1.0)
            return shortcut
    # decided once per run: the compiled loop where it is built and supports the run, else Python
    loop = fast.event_loop if fast.compiled is not None and fast.supports(routes) else event_loop
    return loop(model, scenario, routes, team_names, counts, arrivals, progress)


def merged_arrivals(routes: Routes) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Every stream's arrivals merged into one sequence in time order (ties in stream order):
    the permutation that sorts them, and (instant, stream, ticket of the stream) in order."""
    if routes.arrivals:
        all_times = np.concatenate(routes.arrivals)
        all_streams = np.concatenate([np.full(len(t), s, dtype=np.int64) for s, t in enumerate(routes.arrivals)])
        all_index = np.concatenate([np.arange(len(t), dtype=np.int64) for t in routes.arrivals])
    else:
        all_times = np.zeros(0)
        all_streams = all_index = np.zeros(0, dtype=np.int64)
    order = np.argsort(all_times, kind="stable")
    return order, (all_times[order], all_streams[order], all_index[order])


def event_loop(
    model: PolicySet,
    scenario: Scenario,
    routes: Routes,
    team_names: list[str],
    counts: dict[str, int],
    arrivals: tuple[np.ndarray, np.ndarray, np.ndarray],
    progress: ProgressFn | None,
) -> RawRun:
    """The general event loop, over ``arrivals`` (instant, stream, ticket of the stream) in order.

    This is the definition of the loop; ``fast/loop.pyx`` is a compiled copy of it, used where
    it is built (``fast.event_loop``), which must give the same numbers, digit for digit.

    State lives in plain lists indexed by team or route id (indexing them is what the loop
    does most): per team, free agents, whether on shift, its queue of pieces (a heap by
    deadline, then arrival) and what is measured; one heap holds the future events
    (finishes, shift changes, abandonments). What happens to a piece is written in the small
    functions below (an agent starting it, in the two places where that happens); the loop
    dispatches to them.
    """
    n_teams = len(team_names)
    steps_of, by_stream = routes.teams, routes.by_stream
    last_step = [len(teams) - 1 for teams in steps_of]
    service_of = [[a.tolist() for a in steps] for steps in routes.service]
    patience_of = [None if steps is None else [a.tolist() for a in steps] for steps in routes.patience]
    deadline_of = [a.tolist() for a in routes.deadlines]
    stop: list[list[float]] = [[math.inf] * len(routes.arrivals[s]) for s, _ in routes.keys]
    abandoned: list[bytearray] = [bytearray(len(routes.arrivals[s])) for s, _ in routes.keys]
    free = [counts[name] for name in team_names]
    on_shift = [True] * n_teams
    queues: list[list] = [[] for _ in range(n_teams)]
    qlen = [0] * n_teams
    area = [0.0] * n_teams  # integral of the queue length over time, up to last_change
    last_change = [0.0] * n_teams
    enq_log: list[list[float]] = [[] for _ in range(n_teams)]
    wait_log: list[list[float]] = [[] for _ in range(n_teams)]
    busy = [0.0] * n_teams  # handling seconds started, summed in event order (deterministic)
    immediate = [0] * n_teams  # pieces started on arrival at the team: no wait, never queued
    abandoned_count = [0] * n_teams
    heap: list = []
    pending: set[int] = set()  # queue entries that may still be abandoned
    dead: set[int] = set()  # abandoned entries still sitting in a queue heap
    push, pop = heapq.heappush, heapq.heappop
    seq = 0  # orders events and queue entries that tie
    outstanding = 0  # pieces that reached a team and are neither done nor abandoned

    # The loop runs a few events per ticket, so what it does per event is kept to a minimum:
    # an agent starting a piece (``start``) is written out where it happens, in ``reach``
    # and ``take_next``; a finish asks for the next piece only when one waits.

    def reach(q: int, rid: int, j: int, step: int, t: float) -> None:
        """Piece ``step`` of ticket ``j`` on route ``rid`` reaches team ``q``: a free agent on
        shift starts it, else it queues (and is abandoned if its patience runs out first)."""
        nonlocal seq, outstanding
        outstanding += 1
        if on_shift[q] and free[q]:
            free[q] -= 1
            immediate[q] += 1
            # start: it finishes after its handling time
            service = service_of[rid][step][j]
            busy[q] += service
            push(heap, (t + service, seq, FINISH, q, rid, j, step))
            seq += 1
            return
        area[q] += qlen[q] * (t - last_change[q])
        last_change[q] = t
        qlen[q] += 1
        push(queues[q], (deadline_of[rid][j], seq, rid, j, step, t))
        patience = patience_of[rid]
        if patience is not None:
            pending.add(seq)
            push(heap, (t + patience[step][j], seq + 1, ABANDON, q, seq, rid, j, t))
            seq += 1
        seq += 1

    def leave_queue(q: int, t: float, enqueued: float) -> None:
        area[q] += qlen[q] * (t - last_change[q])
        last_change[q] = t
        qlen[q] -= 1
        enq_log[q].append(enqueued)
        wait_log[q].append(t - enqueued)

    def take_next(q: int, t: float) -> bool:
        """A free agent of team ``q`` takes the waiting piece with the earliest deadline;
        False when none waits."""
        nonlocal seq
        queue = queues[q]
        while qlen[q]:
            _, entry_seq, rid, j, step, enqueued = pop(queue)
            if dead and entry_seq in dead:
                dead.discard(entry_seq)
                continue
            leave_queue(q, t, enqueued)
            if pending:
                pending.discard(entry_seq)
            # start, as in ``reach``
            service = service_of[rid][step][j]
            busy[q] += service
            push(heap, (t + service, seq, FINISH, q, rid, j, step))
            seq += 1
            return True
        return False

    shifts = team_shifts(model, scenario, team_names)  # None for the teams always open
    for q, team_shifts_q in enumerate(shifts):
        if team_shifts_q is None:
            continue
        first = next(team_shifts_q, None)
        on_shift[q] = first is not None and first[0] <= 0
        if first is not None:  # its first shift change: a close if on shift at the start, else an open
            push(heap, (float(first[1]), seq, CLOSE, q) if on_shift[q] else (float(first[0]), seq, OPEN, q, float(first[1])))
            seq += 1

    arr_t, arr_s, arr_j = (a.tolist() for a in arrivals)
    horizon_s = float(scenario.duration_s)
    n_arrivals = len(arr_t)
    ai = 0
    next_arrival = arr_t[0] if n_arrivals else math.inf
    t = 0.0
    drain_until = drain_until_s(horizon_s)
    while True:
        if heap and heap[0][0] <= next_arrival:
            if ai >= n_arrivals and (outstanding == 0 or heap[0][0] > drain_until):
                break  # only shift changes are left, or work stuck where no agent ever comes
            event = pop(heap)
            t = event[0]
            kind = event[2]
            if kind == FINISH:  # the next team of a via chain takes over, or the metric stops
                _, _, _, q, rid, j, step = event
                outstanding -= 1
                if step != last_step[rid]:
                    reach(steps_of[rid][step + 1], rid, j, step + 1, t)
                else:
                    stop[rid][j] = t
                if not (qlen[q] and on_shift[q] and take_next(q, t)):
                    free[q] += 1
            elif kind == OPEN:
                q = event[3]
                on_shift[q] = True
                push(heap, (event[4], seq, CLOSE, q))
                seq += 1
                while free[q] and take_next(q, t):
                    free[q] -= 1
            elif kind == CLOSE:
                q = event[3]
                on_shift[q] = False  # agents finish the piece in hand, then stop
                following = next(shifts[q], None)
                if following is not None:
                    push(heap, (float(following[0]), seq, OPEN, q, float(following[1])))
                    seq += 1
            else:  # ABANDON, unless the piece started before its patience ran out
                _, _, _, q, entry_seq, rid, j, enqueued = event
                if entry_seq in pending:
                    pending.discard(entry_seq)
                    dead.add(entry_seq)
                    leave_queue(q, t, enqueued)
                    outstanding -= 1
                    abandoned_count[q] += 1
                    abandoned[rid][j] = 1
        elif ai < n_arrivals:
            if progress is not None and not ai % PROGRESS_EVERY:
                progress(min(1.0, next_arrival / horizon_s) if horizon_s else 1.0)
            t = next_arrival
            s, j = arr_s[ai], arr_j[ai]
            ai += 1
            next_arrival = arr_t[ai] if ai < n_arrivals else math.inf
            for rid in by_stream[s]:
                reach(steps_of[rid][0], rid, j, 0, t)
        else:
            break

    if progress is not None:
        progress(1.0)
    tally = LoopTally(
        t_s=t,
        stops_s=stop,
        abandoned=[np.frombuffer(bytes(a), dtype=np.uint8) for a in abandoned],
        enqueued_s=enq_log,
        waits_s=wait_log,
        immediate=immediate,
        abandoned_count=abandoned_count,
        busy_s=busy,
        area=area,
        last_change_s=last_change,
        queue_length=qlen,
    )
    return raw_run(routes, team_names, counts, horizon_s, tally)


def _run_in_order(
    team_names: list[str], counts: dict[str, int], horizon_s: float, order: np.ndarray, routes: Routes
) -> RawRun | None:
    """The ``fcfs`` shortcut, or None when some team's deadlines decrease in arrival order."""
    stream_arrivals, route_keys, r_teams = routes.arrivals, routes.keys, routes.teams
    r_service, r_deadline = routes.service, routes.deadlines
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
    runs = tuple(
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
    return RawRun(end_s=end_s, routes=runs, teams=tuple(teams), arrivals=len(order))


def _sequential_sum(values: np.ndarray) -> float:
    """Left-to-right float sum, as the event loop adds handling times: ``cumsum`` adds in
    order (unlike ``sum``, whose pairwise blocking may differ between builds)."""
    return float(np.cumsum(values)[-1]) if values.size else 0.0
