"""The compiled event loop of ``simulate``: ``loop.pyx`` beside this file, when built.

``pip install .`` compiles it with Cython (as the top-level module ``slalang_native_sim``,
for the reason given in ``slalang.native``) when a C compiler is at hand; without one
the install still succeeds and every run takes the Python loop (``engine.event_loop``), with
the same numbers. The Python loop is the definition; ``loop.pyx``'s header maps each of its
routines to the part of the Python loop it mirrors, and ``tests/simulation/test_native.py``
compares the two loops' raw outcomes exactly (it fails, rather than skips, when a C compiler
is present and the module is not built).

A run takes the compiled loop when it is built and ``supports`` the run, decided once per
run in ``engine.run``. ``SLALANG_NATIVE=0`` in the environment turns it off.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType

import numpy as np

from ... import native
from ...model import PolicySet
from ..raw import PROGRESS_EVERY, LoopTally, ProgressFn, RawRun, Routes, drain_until_s, raw_run, team_shifts
from ..workload import Scenario

ABI = 1
"""The interface version this module speaks; a compiled module of another version is ignored."""

MODULE = "slalang_native_sim"


def load(honour_switch: bool = True) -> ModuleType | None:
    """The compiled loop if it is built and speaks ``ABI``, else None; ``SLALANG_NATIVE=0``
    turns it off unless ``honour_switch`` is False (for the tests that compare the loops)."""
    return native.load(MODULE, ABI, honour_switch)


def unusable_reason() -> str | None:
    """Why the compiled loop cannot be used (not built, or built from other sources), or None."""
    return native.unusable_reason(MODULE, ABI)


compiled = load()
"""The compiled module, or None when the Python loop runs every simulation."""


def supports(routes: Routes) -> bool:
    """Whether the compiled loop gives exactly the Python loop's numbers on these routes.

    It does for every policy and scenario the loop takes, provided no drawn number is NaN:
    the heaps compare (time, sequence) keys, and a NaN compares otherwise in C than in the
    Python loop's tuples (which test identity before value). Arrivals, handling and
    patience times must be finite (an infinite one could make a NaN of a sum); a deadline
    may be infinite (no deadline), but not NaN.
    """
    for times in routes.arrivals:
        if not np.isfinite(times).all():
            return False
    for steps in routes.service:
        if any(not np.isfinite(a).all() for a in steps):
            return False
    for maybe in routes.patience:
        if maybe is not None and any(not np.isfinite(a).all() for a in maybe):
            return False
    return not any(np.isnan(d).any() for d in routes.deadlines)


def _flat(arrays: Sequence[np.ndarray], dtype: type) -> np.ndarray:
    return np.ascontiguousarray(np.concatenate(arrays), dtype=dtype) if arrays else np.zeros(0, dtype=dtype)


def _starts(lengths: Sequence[int]) -> np.ndarray:
    """Where each of consecutive blocks of ``lengths`` starts, and (last) where they end."""
    return np.concatenate(([0], np.cumsum(np.asarray(lengths, dtype=np.int64)))).astype(np.int64)


def event_loop(
    model: PolicySet,
    scenario: Scenario,
    routes: Routes,
    team_names: list[str],
    counts: dict[str, int],
    arrivals: tuple[np.ndarray, np.ndarray, np.ndarray],
    progress: ProgressFn | None,
    module: ModuleType | None = None,
) -> RawRun:
    """``engine.event_loop``, compiled: the same arguments, the same ``RawRun``.

    The routes are flattened into arrays: route ``rid`` has its steps at
    ``step_start[rid]:step_start[rid + 1]`` of the flat steps (their teams, and where each
    step's handling and patience times start in ``service`` and ``patience``, -1 for none),
    and its tickets at ``ticket_start[rid]:`` of ``deadline``, ``stop`` and ``abandoned``;
    stream ``s`` has its route ids at ``stream_start[s]:stream_start[s + 1]`` of
    ``stream_routes``.
    """
    module = module if module is not None else compiled
    if module is None:
        raise RuntimeError(unusable_reason() or "the compiled event loop is switched off")
    n_tickets = [len(routes.arrivals[s]) for s, _ in routes.keys]
    steps = [len(teams) for teams in routes.teams]
    service_arrays = [a for per_step in routes.service for a in per_step]
    patience_arrays: list[np.ndarray] = []
    patience_start: list[int] = []
    offset = 0
    for rid, per_route in enumerate(routes.patience):
        if per_route is None:
            patience_start.extend([-1] * steps[rid])
            continue
        for a in per_route:
            patience_start.append(offset)
            patience_arrays.append(a)
            offset += len(a)
    ticket_start = _starts(n_tickets)
    stop = np.full(int(ticket_start[-1]), np.inf)
    abandoned = np.zeros(int(ticket_start[-1]), dtype=np.uint8)
    loop = module.Loop(
        np.array([counts[name] for name in team_names], dtype=np.int64),
        np.array([team for teams in routes.teams for team in teams], dtype=np.int64),
        _starts(steps),
        np.array([n - 1 for n in steps], dtype=np.int64),
        _starts([len(a) for a in service_arrays]),
        _flat(service_arrays, np.float64),
        np.array(patience_start, dtype=np.int64),
        _flat(patience_arrays, np.float64),
        ticket_start,
        _flat(routes.deadlines, np.float64),
        _starts([len(ids) for ids in routes.by_stream]),
        np.array([rid for ids in routes.by_stream for rid in ids], dtype=np.int64),
        stop,
        abandoned,
    )
    horizon_s = float(scenario.duration_s)
    arr_t, arr_s, arr_j = arrivals
    loop.run(
        np.ascontiguousarray(arr_t, dtype=np.float64),
        np.ascontiguousarray(arr_s, dtype=np.int64),
        np.ascontiguousarray(arr_j, dtype=np.int64),
        horizon_s,
        drain_until_s(horizon_s),
        team_shifts(model, scenario, team_names),
        progress,
        PROGRESS_EVERY,
    )
    if progress is not None:
        progress(1.0)
    teams = loop.team_tallies()
    tally = LoopTally(
        t_s=loop.t,
        stops_s=[stop[a:b] for a, b in zip(ticket_start[:-1], ticket_start[1:], strict=True)],
        abandoned=[abandoned[a:b] for a, b in zip(ticket_start[:-1], ticket_start[1:], strict=True)],
        enqueued_s=[team[0] for team in teams],
        waits_s=[team[1] for team in teams],
        immediate=[team[2] for team in teams],
        abandoned_count=[team[3] for team in teams],
        busy_s=[team[4] for team in teams],
        area=[team[5] for team in teams],
        last_change_s=[team[6] for team in teams],
        queue_length=[team[7] for team in teams],
    )
    return raw_run(routes, team_names, counts, horizon_s, tally)
