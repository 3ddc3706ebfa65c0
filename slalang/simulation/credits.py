"""What a staffing level costs in service credits (credits.md, "in simulation").

With ``accounts: {per: customer.id, count: N}`` in the scenario, every simulated ticket is
given one of the accounts 1..N at random (its own PCG64 stream per arrival stream, keyed by
the seed, so head-counts are compared on the same accounts). For each ``credit`` declaration,
each simulated ticket governed by a listed SLA counts for its account (the ``per`` field:
the drawn account when it is the scenario's ``per``, else the stream's own attribute) and
the period holding its arrival; each of its simulated metrics the declaration counts is a
run, met when the work finished by its deadline (as ``simulate``'s attainment counts it).
Each account-period is then judged as ``slalang credits`` judges one (``credits.judge``:
tiers, cap, minimum), and the result is the mean ``credit_pct`` over them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..conditions import MISSING, lookup
from ..credits import Periods, account_key, account_of, judge
from ..model import Credit, PolicySet
from .engine import generator
from .plan import StreamPlan
from .raw import RawRun
from .workload import Scenario

ACCOUNTS_KEY = 3  # spawn key of the account draws, apart from the engine's own (0, 1, 2)


@dataclass(frozen=True)
class SimulatedCredit:
    credit: str
    account_periods: int  # account-periods with a counted ticket
    credited: int  # of them, how many earn a credit
    mean_credit_pct: float | None  # None without any account-period

    def to_json(self) -> dict[str, Any]:
        mean = None if self.mean_credit_pct is None else round(self.mean_credit_pct, 4)
        return {"account_periods": self.account_periods, "credited": self.credited, "mean_credit_pct": mean}


def drawn_accounts(scenario: Scenario, seed: int, stream: int, count: int) -> np.ndarray:
    """The account (1..N) of each of a stream's ``count`` tickets, in arrival order."""
    assert scenario.accounts is not None
    return generator(seed, ACCOUNTS_KEY, stream).integers(1, scenario.accounts.count + 1, size=count)


def simulated_credits(
    model: PolicySet, scenario: Scenario, plans: tuple[StreamPlan, ...], raw: RawRun, seed: int
) -> tuple[SimulatedCredit, ...]:
    """Per ``credit`` declaration, the mean credit over simulated account-periods; nothing
    when the scenario has no ``accounts``."""
    if scenario.accounts is None:
        return ()
    arrivals: dict[int, np.ndarray] = {}
    runs: dict[int, list[tuple[str, np.ndarray]]] = {}
    for run in raw.routes:
        arrivals[run.stream] = run.arrivals_s
        kind = plans[run.stream].routes[run.plan_route].metric.kind
        runs.setdefault(run.stream, []).append((kind, run.stops_s <= run.deadlines_s))
    accounts = {s: drawn_accounts(scenario, seed, s, len(times)) for s, times in arrivals.items()}
    return tuple(
        _one(credit, scenario, plans, arrivals, runs, accounts) for credit in model.credits.values()
    )


def _one(
    credit: Credit,
    scenario: Scenario,
    plans: tuple[StreamPlan, ...],
    arrivals: Mapping[int, np.ndarray],
    runs: Mapping[int, list[tuple[str, np.ndarray]]],
    accounts: Mapping[int, np.ndarray],
) -> SimulatedCredit:
    periods = Periods(credit.period)
    first = periods.containing(scenario.start_utc)
    last = periods.containing(scenario.start_utc + max(scenario.duration_s - 1, 0))
    starts = np.array([periods.start_s(day) for day in periods.between(first, last)], dtype=np.float64)
    assert scenario.accounts is not None
    drawn = credit.per == scenario.accounts.per
    codes: dict[Any, int] = {}
    tallies: dict[tuple[int, int], list[int]] = {}  # (period, account code) -> [met, decided]
    for s, times in arrivals.items():
        plan = plans[s]
        if plan.sla is None or plan.sla.name not in credit.slas or len(times) == 0:
            continue
        period = np.searchsorted(starts, scenario.start_utc + times, side="right") - 1
        if drawn:
            account = accounts[s] - 1  # the accounts 1..N are the codes 0..N-1
        else:
            value = lookup(plan.stream.attrs, credit.per)
            key = account_key(account_of(None if value is MISSING else value))
            account = np.full(len(times), codes.setdefault(key, scenario.accounts.count + len(codes)))
        counted = set(credit.counts(plan.sla))
        met = np.zeros(len(times), dtype=np.int64)
        decided = np.zeros(len(times), dtype=np.int64)
        for kind, on_time in runs[s]:
            if kind in counted:
                met += on_time
                decided += 1
        width = scenario.accounts.count + len(codes) + 1  # more than any account code
        keys = period.astype(np.int64) * width + account
        unique, inverse = np.unique(keys, return_inverse=True)
        met_sum = np.bincount(inverse, weights=met, minlength=len(unique))
        decided_sum = np.bincount(inverse, weights=decided, minlength=len(unique))
        for key, met_count, decided_count in zip(unique.tolist(), met_sum.tolist(), decided_sum.tolist(), strict=True):
            tally = tallies.setdefault(divmod(key, width), [0, 0])
            tally[0] += int(met_count)
            tally[1] += int(decided_count)
    credits = [judge(credit, met, decided - met).earned.credit_pct for met, decided in tallies.values()]
    mean = math.fsum(credits) / len(credits) if credits else None
    return SimulatedCredit(credit.name, len(credits), sum(1 for c in credits if c), mean)
