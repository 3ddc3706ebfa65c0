"""A `below` threshold above the goal of a metric it covers (or above an availability's objective): credits are owed while the promise is kept.

A goal says what share of tickets must meet the target; a credit tier pays out below its
threshold. A threshold above the goal means an account whose attainment meets the goal
still earns a credit: the contract pays for a promise kept. Usually the goal or the
threshold is a typo. Metrics and measures written without a `goal` promise 100%, and are
never below a threshold.

Bad:

```sla
sla enterprise {
    resolution within 8h goal 90%
}

credit enterprise_terms {
    slas enterprise
    per customer.id
    period month
    below 95% credit 5%
}
```

Good:

```sla
sla enterprise {
    resolution within 8h goal 95%
}

credit enterprise_terms {
    slas enterprise
    per customer.id
    period month
    below 95% credit 5%
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Diagnostic, Severity, warning
from ...units import exact_share, format_goal
from ..context import Context

ID = "credit-above-goal"
SEVERITY = Severity.WARNING


def check(ctx: Context) -> Iterator[Diagnostic]:
    for credit in ctx.model.credits.values():
        goals = []  # (goal %, "sla.metric"), lowest goal first
        for sla in ctx.model.slas:
            for clock in sla.clocks:
                if clock.name in credit.counts(sla):
                    goals.append((clock.goal, f"{sla.name}.{clock.name}"))
        goals.sort(key=lambda item: exact_share(item[0]))
        for tier in credit.tiers:
            above = [(goal, name) for goal, name in goals if exact_share(tier.below_pct) > exact_share(goal)]
            if not above:
                continue
            goal, name = above[0]
            others = f" (and {len(above) - 1} more)" if len(above) > 1 else ""
            yield warning(
                ID,
                f"credit `{credit.name}`: `below {format_goal(tier.below_pct)}` is above the {format_goal(goal)} goal "
                f"of `{name}`{others}: a credit is owed while the goal is met",
                tier.span,
                help=f"lower the threshold to at most {format_goal(goal)}, or raise the goal it covers",
            )
    for availability in ctx.model.availabilities.values():
        objective = availability.objective_pct
        for tier in availability.tiers:
            if exact_share(tier.below_pct) > exact_share(objective):
                yield warning(
                    ID,
                    f"availability `{availability.name}`: `below {format_goal(tier.below_pct)}` is above the "
                    f"objective {format_goal(objective)}: a credit is owed while the objective is met",
                    tier.span,
                    help=f"lower the threshold to at most {format_goal(objective)}, or raise the objective",
                )
