"""A measure that can never start: every start trigger is a `when` no ticket of its SLA meets.

A measure starts where one of its start triggers fires. When each of them is a `when`
condition that cannot hold together with its SLA's `when` on one set of attributes, the
tickets the SLA governs never start it, and its target and escalations are dead; usually
the condition tests a value the SLA has already ruled out (`start when customer.plan ==
"free"` in an SLA for enterprise customers), or a field name or value is misspelt.

It is a heuristic, as the check is on one set of attributes: a ticket whose attributes
change can still start the measure, in particular its status (a `status` event does not
re-decide the SLA), and a trigger sees each event of an instant on its own. A start `on`
an event (`created`, `agent_reply`, ...) can always fire, so a measure with one is never
reported.

Bad:

```sla
sla enterprise {
    when customer.plan == "enterprise"
    measure free_onboarding within 8h {
        start when customer.plan == "free"
    }
}
```

Good:

```sla
sla enterprise {
    when customer.plan == "enterprise"
    measure with_engineering within 4h {
        start when ticket.group == "engineering"
        stop when not ticket.group == "engineering"
    }
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Diagnostic, Severity, warning
from ...model import ConditionTrigger
from ..conditions import Holds
from ..context import Context

ID = "measure-never-runs"
SEVERITY = Severity.WARNING


def check(ctx: Context) -> Iterator[Diagnostic]:
    space = ctx.space
    for sla in ctx.model.slas:
        for measure in sla.measures:
            starts = measure.starts
            if not all(isinstance(t, ConditionTrigger) for t in starts):
                continue  # an event can always fire
            conditions = [t.condition for t in starts if isinstance(t, ConditionTrigger)]
            if any(space.exists(Holds(sla.when), Holds(condition)) for condition in conditions):
                continue
            written = " or ".join(f"`{ctx.text(t.span)}`" for t in starts)
            scope = "no ticket" if sla.when is None else f"no ticket that `{sla.name}`'s `when` matches"
            yield warning(
                ID,
                f"sla `{sla.name}` measure `{measure.name}` never starts: {scope} satisfies {written}",
                measure.span,
                help="check the start condition's fields and values against the SLA's `when`, "
                "or start the measure on an event",
            )
