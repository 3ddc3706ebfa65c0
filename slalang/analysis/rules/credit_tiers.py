"""`below` lines whose thresholds do not strictly decrease, or whose credits do not strictly increase, or a `cap` below the first credit.

A credit is the credit of the last `below` line whose threshold is above the attainment
(credits.md). That reads as intended only when each line is a worse tier than the one
before it: a lower threshold earning a larger credit. A line out of that order is shadowed
or contradicts its neighbour, and a `cap` below the first credit caps every tier to the
same amount. The same holds for the `below` lines of an `availability`.

Bad:

```sla
sla enterprise { resolution within 8h goal 95% }

credit enterprise_terms {
    slas enterprise
    per customer.id
    period month
    below 90% credit 10%
    below 95% credit 5%
    cap 3%
}
```

Good:

```sla
sla enterprise { resolution within 8h goal 95% }

credit enterprise_terms {
    slas enterprise
    per customer.id
    period month
    below 95% credit 5%
    below 90% credit 10%
    cap 10%
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Diagnostic, Severity, error
from ...model import CreditTier
from ...units import exact_share, format_goal
from ..context import Context

ID = "credit-tiers"
SEVERITY = Severity.ERROR


def check(ctx: Context) -> Iterator[Diagnostic]:
    for credit in ctx.model.credits.values():
        owner = f"credit `{credit.name}`"
        yield from _order(owner, credit.tiers)
        if credit.cap_pct is not None and credit.tiers and credit.cap_pct < credit.tiers[0].credit_pct:
            first = credit.tiers[0].credit_pct
            yield error(
                ID,
                f"{owner}: cap {format_goal(credit.cap_pct)} is below the first credit {format_goal(first)}, "
                f"so every tier earns {format_goal(credit.cap_pct)}",
                credit.cap_span,
                help=f"raise the cap to at least {format_goal(first)}, or lower the credits",
            )
    for availability in ctx.model.availabilities.values():
        yield from _order(f"availability `{availability.name}`", availability.tiers)


def _order(owner: str, tiers: tuple[CreditTier, ...]) -> Iterator[Diagnostic]:
    for before, tier in zip(tiers, tiers[1:], strict=False):
        line = f"`below {format_goal(tier.below_pct)} credit {format_goal(tier.credit_pct)}`"
        if exact_share(tier.below_pct) >= exact_share(before.below_pct):
            yield error(
                ID,
                f"{owner}: {line} is not below the threshold of the line before it ({format_goal(before.below_pct)}); "
                "thresholds must strictly decrease",
                tier.span,
                help="order the lines from the highest threshold to the lowest, each earning more than the one before",
            )
        elif exact_share(tier.credit_pct) <= exact_share(before.credit_pct):
            yield error(
                ID,
                f"{owner}: {line} earns no more than the line before it ({format_goal(before.credit_pct)}); "
                "credits must strictly increase as the threshold falls",
                tier.span,
                help=f"give this line a credit above {format_goal(before.credit_pct)}, or remove it",
            )
