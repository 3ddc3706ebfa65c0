"""Service credits and availability, computed (credits.md).

``compute_credits(policy, tickets, now)`` evaluates tickets and gives a ``CreditReport``:
one ``CreditRow`` per ``credit`` declaration, account and period. ``compute_availability(
policy, read_outages(path), now, since)`` gives an ``AvailabilityReport``: one
``AvailabilityRow`` per ``availability`` declaration and period. Both stream their input:
memory grows with the rows, not with tickets or outages. ``slalang.report.credits`` writes
the rows for people and tools.
"""

from __future__ import annotations

from .accounts import Account, account_key, account_of, canonical_json
from .availability import AvailabilityReport, AvailabilityRow, compute_availability
from .ledger import CreditLedger, CreditRow, Judged, judge, run_statuses
from .outages import Outage, OutageFailure, OutageReader, read_outages
from .periods import Periods, period_label
from .tickets import CreditReport, CreditRun, compute_credits, current_attributes
from .tiers import Earned, earned, tier_name

__all__ = [
    "Account",
    "AvailabilityReport",
    "AvailabilityRow",
    "CreditLedger",
    "CreditReport",
    "CreditRow",
    "CreditRun",
    "Earned",
    "Judged",
    "Outage",
    "OutageFailure",
    "OutageReader",
    "Periods",
    "account_key",
    "account_of",
    "canonical_json",
    "compute_availability",
    "compute_credits",
    "current_attributes",
    "earned",
    "judge",
    "period_label",
    "read_outages",
    "run_statuses",
    "tier_name",
]
