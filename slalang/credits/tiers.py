"""Which ``below`` line applies to a share, and the credit it earns (credits.md, rule 5).

A line applies when the share is **strictly** below its threshold (``below 95%`` with an
attainment of exactly 95% earns nothing from it); comparisons are exact (``units.exact_share``).
The credit is the largest credit of the lines that apply (with tiers in the order
``credit-tiers`` asks for, that is the last line that applies), limited by ``cap``.
Where credits.md is silent: with tiers out of order (a ``credit-tiers`` error), the largest
credit that applies still wins, and of equal credits the later line names the tier.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..model import CreditTier
from ..units import exact_share, format_goal


@dataclass(frozen=True)
class Earned:
    credit_pct: float  # after the cap
    tier: CreditTier | None  # the line that applied, before any cap


NOTHING = Earned(0.0, None)


def earned(tiers: Sequence[CreditTier], share: Fraction | None, cap_pct: float | None = None) -> Earned:
    """The credit ``share`` (met / decided, or an uptime) earns; nothing for ``None``."""
    if share is None:
        return NOTHING
    best: CreditTier | None = None
    for tier in tiers:
        if share < exact_share(tier.below_pct) and (best is None or tier.credit_pct >= best.credit_pct):
            best = tier
    if best is None:
        return NOTHING
    credit = best.credit_pct if cap_pct is None else min(best.credit_pct, cap_pct)
    return Earned(float(credit), best)


def tier_name(tier: CreditTier | None) -> str | None:
    """``below 95%``: a tier as the policy wrote its line, or None."""
    return None if tier is None else f"below {format_goal(tier.below_pct)}"
