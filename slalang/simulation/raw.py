"""What an event loop is given and what it gives back, shared by the Python loop (``engine``)
and the compiled one (``fast``): the drawn routes, the shift calendars of the teams, the
limits of a run, and the raw outcome (``RawRun``) both loops' tallies become."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from ..model import PolicySet
from . import clocks
from .workload import Scenario

ProgressFn = Callable[[float], None]
"""Called with the share of simulated time done, now and then."""

PROGRESS_EVERY = 1 << 15
"""The loops report progress once every this many arrivals."""

DRAIN_LIMIT_S = 366 * 86400
"""After the last arrival the loop runs until every piece is done, but no longer than ten
times the scenario (at least a year): work queued at a team that never opens again stays
unfinished."""


def drain_until_s(horizon_s: float) -> float:
    """The instant (seconds after the start) after which a loop stops draining the queues."""
    return horizon_s + max(10 * horizon_s, DRAIN_LIMIT_S)


def team_shifts(model: PolicySet, scenario: Scenario, team_names: Sequence[str]) -> list[Iterator[tuple[int, int]] | None]:
    """Per team, its shifts (open intervals relative to the start, ``clocks.shifts``), or None
    for a team whose calendar is always open."""
    out: list[Iterator[tuple[int, int]] | None] = []
    for name in team_names:
        calendar = model.calendars[model.teams[name].calendar]
        out.append(None if calendar.is_always else clocks.shifts(calendar, scenario.start_utc))
    return out


@dataclass(frozen=True)
class Routes:
    """Every route of a run, by route id, with everything random about it drawn up front."""

    keys: tuple[tuple[int, int], ...]  # (stream, index in its plan's routes)
    teams: tuple[tuple[int, ...], ...]  # the team of each step, by index in the run's teams
    service: tuple[list[np.ndarray], ...]  # per step: handling seconds per ticket of the stream
    patience: tuple[list[np.ndarray] | None, ...]  # likewise, or None without patience
    deadlines: tuple[np.ndarray, ...]  # deadline per ticket (seconds after the start)
    by_stream: tuple[tuple[int, ...], ...]  # the route ids of each stream
    arrivals: tuple[np.ndarray, ...]  # each stream's arrival instants, sorted


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


Floats = np.ndarray | Sequence[float]


@dataclass(frozen=True)
class LoopTally:
    """What an event loop counted, per route id and per team index, as it stopped at ``t_s``."""

    t_s: float  # the instant of the last event handled
    stops_s: Sequence[Floats]  # per route: when each ticket's work stopped (inf if never)
    abandoned: Sequence[np.ndarray]  # per route: uint8 or bool per ticket
    enqueued_s: Sequence[Floats]  # per team
    waits_s: Sequence[Floats]  # per team
    immediate: Sequence[int]
    abandoned_count: Sequence[int]
    busy_s: Sequence[float]
    area: Sequence[float]  # queue area up to last_change_s
    last_change_s: Sequence[float]
    queue_length: Sequence[int]  # pieces still waiting at the end


def raw_run(routes: Routes, team_names: Sequence[str], counts: dict[str, int], horizon_s: float, tally: LoopTally) -> RawRun:
    """The raw outcome of a run from a loop's tally: the queues' areas are closed at the end."""
    end_s = max(horizon_s, tally.t_s)
    runs = tuple(
        RouteRun(
            stream=s,
            plan_route=r,
            arrivals_s=routes.arrivals[s],
            deadlines_s=routes.deadlines[rid],
            stops_s=np.asarray(tally.stops_s[rid], dtype=np.float64),
            abandoned=np.asarray(tally.abandoned[rid]).astype(bool),
        )
        for rid, (s, r) in enumerate(routes.keys)
    )
    teams = tuple(
        TeamRun(
            name=name,
            agents=counts[name],
            enqueued_s=np.asarray(tally.enqueued_s[q], dtype=np.float64),
            waits_s=np.asarray(tally.waits_s[q], dtype=np.float64),
            immediate=int(tally.immediate[q]),
            abandoned=int(tally.abandoned_count[q]),
            busy_s=float(tally.busy_s[q]),
            queue_area=float(tally.area[q]) + int(tally.queue_length[q]) * (end_s - float(tally.last_change_s[q])),
        )
        for q, name in enumerate(team_names)
    )
    return RawRun(end_s=end_s, routes=runs, teams=teams, arrivals=sum(len(a) for a in routes.arrivals))
