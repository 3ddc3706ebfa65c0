"""Credits from evaluated tickets: runs counted per declaration, account and period.

``CreditLedger(model)`` takes evaluated tickets one at a time (``add``) and keeps one tally
per (declaration, period, account): memory grows with account-periods, never with tickets.
``rows()`` applies credits.md's rules to every tally and returns the rows in order
(declaration, period, account).

The rules, as credits.md numbers them: (1) a ticket counts for a declaration when its
governing SLA is listed in ``slas``; (2) its account is the ``per`` field on its current
attributes and its period the one holding its ``created_at``; (3) each listed metric or
measure gives one run, one per cycle with cycles, and only ``met`` and ``breached`` runs are
decided; (4) ``attainment = met / decided``, no credit without decided runs or below
``minimum``; (5) the tier and credit (``tiers``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..conditions import MISSING, lookup
from ..model import Credit, PolicySet
from ..units import round_share
from .accounts import Account, AccountKey, account_key, account_of
from .periods import Periods
from .tiers import Earned, earned, tier_name

DECIDED = ("met", "breached")
NO_DECIDED_RUNS = "no decided runs"


@dataclass(frozen=True)
class CreditRow:
    """One declaration, account and period (credits.md's row)."""

    credit: str
    account: Account
    period: str
    met: int
    breached: int
    attainment: Fraction | None  # exact; None without decided runs
    credit_pct: float
    tier: str | None  # the ``below`` line that applied, before any cap
    reason: str | None  # why there is no credit although runs were counted

    @property
    def runs(self) -> int:
        """Decided runs: ``met + breached``."""
        return self.met + self.breached

    def to_json(self) -> dict[str, Any]:
        return {
            "credit": self.credit,
            "account": self.account,
            "period": self.period,
            "runs": self.runs,
            "met": self.met,
            "breached": self.breached,
            "attainment": None if self.attainment is None else round_share(self.attainment, 4),
            "credit_pct": self.credit_pct,
            "tier": self.tier,
            "reason": self.reason,
        }


class _Tally:
    __slots__ = ("account", "met", "breached")

    def __init__(self, account: Account) -> None:
        self.account = account
        self.met = 0
        self.breached = 0


class CreditLedger:
    """Tallies of decided runs for every ``credit`` declaration of a policy set."""

    def __init__(self, model: PolicySet) -> None:
        self.model = model
        self.credits: tuple[Credit, ...] = tuple(model.credits.values())
        self.periods = [Periods(c.period) for c in self.credits]
        # sla -> [(declaration index, the names of its metrics and measures that count)]
        self.counted: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        for index, credit in enumerate(self.credits):
            for sla in model.slas:
                if sla.name in credit.slas:
                    self.counted.setdefault(sla.name, []).append((index, credit.counts(sla)))
        self.tallies: dict[tuple[int, dt.date, AccountKey], _Tally] = {}

    def counts(self, sla: str | None) -> bool:
        """Whether a ticket governed by ``sla`` counts for any declaration."""
        return sla is not None and sla in self.counted

    def add(self, result: Mapping[str, Any], attributes: Mapping[str, Any], created_s: int) -> None:
        """Count one evaluated ticket: ``result`` is its result object (evaluation.md),
        ``attributes`` its current ``{"ticket": ..., "customer": ...}``."""
        sla = result.get("sla")
        if sla is None or sla not in self.counted:
            return
        metrics = result.get("metrics") or {}
        for index, names in self.counted[sla]:
            value = lookup(attributes, self.credits[index].per)
            account = account_of(None if value is MISSING else value)
            first = self.periods[index].containing(created_s)
            key = (index, first, account_key(account))
            tally = self.tallies.get(key)
            if tally is None:
                tally = self.tallies[key] = _Tally(account)
            for name in names:
                for status in run_statuses(metrics.get(name)):
                    if status == "met":
                        tally.met += 1
                    elif status == "breached":
                        tally.breached += 1

    def rows(self) -> list[CreditRow]:
        """Every tally as a row, ordered by declaration, period and account."""
        return [self._row(key, self.tallies[key]) for key in sorted(self.tallies)]

    def _row(self, key: tuple[int, dt.date, AccountKey], tally: _Tally) -> CreditRow:
        index, first, _ = key
        credit = self.credits[index]
        judged = judge(credit, tally.met, tally.breached)
        return CreditRow(
            credit=credit.name,
            account=tally.account,
            period=self.periods[index].label(first),
            met=tally.met,
            breached=tally.breached,
            attainment=judged.attainment,
            credit_pct=judged.earned.credit_pct,
            tier=tier_name(judged.earned.tier),
            reason=judged.reason,
        )


@dataclass(frozen=True)
class Judged:
    attainment: Fraction | None
    earned: Earned
    reason: str | None


def judge(credit: Credit, met: int, breached: int) -> Judged:
    """Rules 4 and 5 for one account and period: the attainment, and the credit it earns
    (none without decided runs or below ``minimum``, with the reason)."""
    decided = met + breached
    attainment = Fraction(met, decided) if decided else None
    reason = None
    if not decided:
        reason = NO_DECIDED_RUNS
    elif credit.minimum_runs is not None and decided < credit.minimum_runs:
        reason = f"{decided} decided run{'s' if decided != 1 else ''}, fewer than the minimum of {credit.minimum_runs}"
    return Judged(attainment, earned(credit.tiers, attainment if reason is None else None, credit.cap_pct), reason)


def run_statuses(metric: Any) -> list[str]:
    """The status of each run of one metric or measure result: its own, or one per cycle."""
    if not isinstance(metric, Mapping):
        return []
    cycles = metric.get("cycles")
    if isinstance(cycles, list):
        return [c["status"] for c in cycles if isinstance(c, Mapping) and isinstance(c.get("status"), str)]
    status = metric.get("status")
    return [status] if isinstance(status, str) else []
