"""An exact shortcut for the commonest model: every team always on shift, one step per
route, no abandonment, and at each team deadlines that never decrease in arrival order.

Then earliest-deadline-first serves in arrival order (ties already go to the earlier
arrival), and the multi-server queue follows the recursion ``start = max(arrival, earliest
time an agent is free)``, kept on a binary heap of the agents' free times: one
``heapreplace`` per piece instead of a finish event and a queue round trip. It yields the
same instants, in the same floating-point operations, as the event loop (a test holds the
two to equal results); the queue-length integral is computed separately from the
enqueue and start instants, so Little's law still checks the run.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence

import numpy as np


def eligible(
    team_always: Sequence[bool],
    r_teams: Sequence[tuple[int, ...]],
    r_patience: Sequence[object],
) -> bool:
    """Whether the shape allows the shortcut (deadline order is checked per team later)."""
    return (
        all(team_always)
        and all(len(teams) == 1 for teams in r_teams)
        and all(patience is None for patience in r_patience)
    )


def serve_in_order(agents: int, arrivals_s: np.ndarray, services_s: np.ndarray) -> np.ndarray:
    """Start instants of pieces served in the given order by ``agents`` always-on agents."""
    free_at = [0.0] * agents  # a valid heap: all equal
    starts: list[float] = []
    record = starts.append
    replace = heapq.heapreplace
    for start, service in zip(arrivals_s.tolist(), services_s.tolist(), strict=True):
        earliest = free_at[0]
        if earliest > start:
            start = earliest  # wait for the first agent to come free
        record(start)
        replace(free_at, start + service)
    return np.asarray(starts, dtype=np.float64)


def queue_area(enqueued_s: np.ndarray, started_s: np.ndarray, end_s: float) -> float:
    """Integral over [0, end] of the number of pieces enqueued and not yet started."""
    if enqueued_s.size == 0:
        return 0.0
    times = np.concatenate((enqueued_s, started_s, [end_s]))
    steps = np.concatenate((np.ones(enqueued_s.size), -np.ones(started_s.size), [0.0]))
    order = np.argsort(times, kind="stable")
    times, steps = times[order], steps[order]
    waiting = np.cumsum(steps)  # exact: small integers
    return math.fsum((waiting[:-1] * np.diff(times)).tolist())
