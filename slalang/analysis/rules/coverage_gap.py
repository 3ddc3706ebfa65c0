"""Tickets that no SLA governs, when the set has no catch-all SLA.

A ticket that matches no SLA gets no targets at all (`"sla": null`). A last SLA without
`when` (a catch-all) closes the gap. The witness is a ticket no SLA matches; remember
that a missing field makes every comparison on it false, so a ticket without a
`priority` or `plan` often falls through.

Bad:

```sla
priorities urgent > normal

sla urgent { when priority urgent  first_response within 1h }
sla normal { when priority normal  first_response within 8h }
```

Good:

```sla
priorities urgent > normal

sla urgent   { when priority urgent  first_response within 1h }
sla everyone { first_response within 8h }
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Diagnostic, Severity, warning
from ...source import Span
from ..conditions import Governs
from ..context import Context

ID = "coverage-gap"
SEVERITY = Severity.WARNING


def check(ctx: Context) -> Iterator[Diagnostic]:
    slas = ctx.model.slas
    found = ctx.space.find(Governs(None))
    if found is None:
        return
    if not slas:
        first_file = ctx.model.files[0] if ctx.model.files else next(iter(ctx.sources), "<policy>")
        yield warning(
            ID,
            "the policy set has no SLA, so no ticket gets a target",
            Span.point(first_file),
            help="add an SLA; one without `when` applies to every ticket",
        )
        return
    last = slas[-1]
    yield warning(
        ID,
        f"some tickets match none of the {len(slas)} SLAs and get no target (there is no catch-all SLA)",
        last.span,
        help="add a last SLA without `when` to catch every other ticket, or widen a `when`; the witness matches none",
        witness=found.ticket(ctx.created_at_s),
    )
