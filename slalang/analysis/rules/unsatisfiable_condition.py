"""A `when` (of an SLA or a segment) that no ticket can satisfy.

The condition contradicts itself, so the SLA never applies or the segment never holds.
The check is exact for the whole condition language: a missing field makes comparisons
false, a string never equals a number, priorities are the declared ones. The hint names
the parts of the condition that cannot hold together.

Bad:

```sla
sla broken {
    when customer.plan == "pro" and customer.plan == "enterprise"
    first_response within 1h
}
```

Good:

```sla
sla paying {
    when customer.plan in ["pro", "enterprise"]
    first_response within 1h
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Diagnostic, Severity, error
from ...model import All, Condition
from ..conditions import Holds
from ..context import UNSATISFIABLE, Context

ID = "unsatisfiable-condition"
SEVERITY = Severity.ERROR


def check(ctx: Context) -> Iterator[Diagnostic]:
    for index, sla in enumerate(ctx.model.slas):
        if sla.when is not None and ctx.status(index) == UNSATISFIABLE:
            yield error(
                ID,
                f"sla `{sla.name}`: no ticket satisfies its `when` {ctx.text(sla.when.span)}",
                ctx.when_span(sla),
                help=_reason(ctx, sla.when) + "; as written the SLA never applies",
            )
    segments = list(ctx.model.segments.values())
    satisfiable = ctx.space.holds_somewhere_each([segment.when for segment in segments])
    for segment, possible in zip(segments, satisfiable, strict=True):
        if not possible:
            yield error(
                ID,
                f"segment `{segment.name}`: no ticket satisfies {ctx.text(segment.when.span)}",
                segment.when.span if segment.when.span.line > 0 else segment.span,
                help=_reason(ctx, segment.when) + "; every condition using the segment is false for it",
            )


def _reason(ctx: Context, condition: Condition) -> str:
    """Which conjuncts cannot hold together (a minimal-ish unsatisfiable core)."""
    if not isinstance(condition, All) or len(condition.items) < 2:
        return "the condition can never hold"
    core = ctx.space.core(*(Holds(item) for item in condition.items))
    parts = [f"`{ctx.text(condition.items[i].span, 60)}`" for i in core]
    if len(parts) == 1:
        return f"{parts[0]} alone can never hold"
    if len(parts) >= 2:
        return f"{', '.join(parts[:-1])} and {parts[-1]} cannot all hold at once"
    return "the condition can never hold"
