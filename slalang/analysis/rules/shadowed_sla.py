"""An SLA that never governs: every ticket it matches is taken by earlier SLAs.

The first SLA whose `when` holds governs a ticket, so an SLA placed after others that
together already match all of its tickets is dead code: its targets never apply. The
message names the earlier SLAs that take its tickets; the witness is one such ticket.

Bad:

```sla
priorities urgent > high > normal

sla everyone {
    first_response within 8h
}

sla urgent_only {
    when priority urgent
    first_response within 1h
}
```

Good:

```sla
priorities urgent > high > normal

sla urgent_only {
    when priority urgent
    first_response within 1h
}

sla everyone {
    first_response within 8h
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ...conditions import holds
from ...diagnostics import Diagnostic, Severity, error
from ..conditions import Fails, Holds
from ..conditions.index import below, members
from ..context import SHADOWED, Context
from ..wording import place_in

ID = "shadowed-sla"
SEVERITY = Severity.ERROR


def check(ctx: Context) -> Iterator[Diagnostic]:
    slas = ctx.model.slas
    space = ctx.space
    for index, sla in enumerate(slas):
        if ctx.status(index) != SHADOWED:
            continue
        # Only earlier SLAs that can match one of its tickets can take them (see conditions.index).
        overlapping = members(space.sla_index.overlapping(space.boxes.of(sla.when)) & below(index))
        facts = [Holds(sla.when)] + [Fails(slas[j].when) for j in overlapping]
        takers = [overlapping[position - 1] for position in ctx.space.core(*facts) if position > 0]
        if not takers:
            takers = overlapping
        earlier_text = ", ".join(f"`{slas[i].name}` ({place_in(slas[i].span, sla.span)})" for i in takers)
        witness, taken_by = None, ""
        example = ctx.space.find(Holds(sla.when))
        if example is not None:
            keep = [Holds(sla.when)]
            attrs = example.attrs(keep)[0]
            governor = next((j for j in overlapping if holds(slas[j].when, attrs, ctx.model)), None)
            witness = example.ticket(ctx.created_at_s, keep)
            if governor is not None:
                taken_by = f"; the witness ticket matches it and is governed by `{slas[governor].name}`"
        plural = "SLAs" if len(takers) > 1 else "sla"
        yield error(
            ID,
            f"sla `{sla.name}` never governs: every ticket it matches is taken by the earlier {plural} {earlier_text}",
            sla.span,
            help=f"move `{sla.name}` before them, narrow their `when`, or delete it{taken_by}",
            witness=witness,
        )
