"""Two SLAs that both match some ticket, where the later one would promise more.

The first matching SLA governs, so for the tickets both match, the earlier SLA's targets
apply. When neither SLA's tickets contain the other's (so the order is not the usual
specific-before-general) and the later SLA would give those tickets a tighter deadline,
its promise is silently not kept for them. The witness ticket matches both; its
`created_at` is a start where the later SLA's deadline is earlier.

"Tighter" is decided per metric: the later SLA is tighter when, for some start instant
in a year from the reference date, its deadline (target counted on its calendar) is
strictly earlier than the earlier SLA's, or when the earlier SLA has no such metric.
Measures count as metrics, compared by name when they run alike (the same triggers). A
calendar chosen from the ticket is compared once per arm of its `calendar by`, for tickets
that choose that arm (the message names it, and the witness ticket chooses it); a calendar
read in the ticket's zone (`office in customer.timezone`) is compared in its own zone.
Overlaps where the governing SLA is at least as tight for every metric and start, and
specific-before-general orderings, are the normal pattern and are not reported.

Bad:

```sla
priorities urgent > normal

sla enterprise {
    when customer.plan == "enterprise"
    resolution within 8h
}

sla urgent {
    when priority urgent
    resolution within 2h
}
```

Good:

```sla
priorities urgent > normal

sla urgent {
    when priority urgent
    resolution within 2h
}

sla enterprise {
    when customer.plan == "enterprise"
    resolution within 8h
}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import z3

from ...diagnostics import Diagnostic, Severity, warning
from ..conditions import Fact, Fails, Found, Governs, Holds
from ..conditions.index import below, member_array, members
from ..context import GOVERNS, Context
from ..promises import Tighter, clock_text, promise_table, promise_text, tighter
from ..wording import duration, instant, place_in

ID = "overlapping-slas"
SEVERITY = Severity.WARNING
MAX_PAIRS_PER_SLA = 5
"""At most this many findings per later SLA; the last one says when there are more."""


def check(ctx: Context) -> Iterator[Diagnostic]:
    slas = ctx.model.slas
    if len(slas) < 2:
        return
    space, enc = ctx.space, ctx.space.encoding
    # Every literal first: adding definitions between checks makes the solver start over.
    candidates = {
        later_index: enc.fresh_literal(enc.governed_by_one_of(looser), "looser-earlier")
        for later_index, looser in _looser_earlier(ctx)
    }
    if not candidates:
        return
    _, _, governs = enc.chain()
    for later_index, candidate in candidates.items():
        later = slas[later_index]
        if not space.exists(Fails(later.when)):
            continue  # a catch-all contains every earlier SLA: the usual last-resort SLA
        excluded: list[z3.BoolRef] = []
        reported: list[Diagnostic] = []
        while True:
            found = space.find(Holds(later.when), extra=[candidate] + excluded)
            if found is None:
                break
            earlier_index = enc.governing_index(found.model)
            assert earlier_index is not None  # the candidate says an earlier SLA governs
            excluded.append(z3.Not(governs[earlier_index]))
            other = slas[earlier_index]
            if space.contains(other.when, later.when) or space.contains(later.when, other.when):
                continue  # one contains the other: shadowing or specific-before-general
            gains, witness = _shown(ctx, later_index, earlier_index, tighter(ctx, later, other), found)
            if not gains or witness is None:
                continue
            if len(reported) == MAX_PAIRS_PER_SLA:
                last = reported[-1]
                reported[-1] = replace(
                    last, message=last.message + f" (more earlier SLAs overlap `{later.name}` the same way)"
                )
                break
            reported.append(_finding(ctx, later_index, earlier_index, gains, witness))
        yield from reported


def _looser_earlier(ctx: Context) -> Iterator[tuple[int, list[int]]]:
    """Per governing SLA, the earlier governing SLAs that may share a ticket with it and that it
    promises more than on some metric (ascending; SLAs with none are left out).

    Only SLAs whose boxes meet can share a ticket, and the box index lists those without
    comparing every pair; the promises are compared for those alone.
    """
    slas = ctx.model.slas
    space = ctx.space
    table = promise_table(ctx)
    governing = sum(1 << i for i in range(len(slas)) if ctx.status(i) == GOVERNS)
    for later_index in members(governing):
        box = space.boxes.of(slas[later_index].when)
        earlier = member_array(space.sla_index.overlapping(box) & below(later_index) & governing)
        looser = earlier[table.tighter_than(later_index, earlier)]
        if len(looser):
            yield later_index, [int(j) for j in looser]


def _shown(
    ctx: Context, later_index: int, earlier_index: int, gains: list[Tighter], found: Found
) -> tuple[list[Tighter], Found | None]:
    """The gains some ticket that both SLAs match (and the earlier governs) really gets, and a
    ticket that shows the first of them: a gain on calendars the ticket chooses needs a
    ticket that chooses them (the witness is for the first gain)."""
    later = ctx.model.slas[later_index]
    shown: list[Tighter] = []
    witness = None
    for gain in gains:
        facts: list[Fact] = [Governs(earlier_index), Holds(later.when), *(Holds(c) for c in gain.conditions)]
        example = ctx.space.find(*facts) if gain.conditions else found
        if example is not None:
            shown.append(gain)
            witness = witness or example
    return shown, witness


def _finding(ctx: Context, later_index: int, earlier_index: int, gains: list[Tighter], found: Found) -> Diagnostic:
    later, earlier = ctx.model.slas[later_index], ctx.model.slas[earlier_index]
    parts = []
    for gain in gains:
        what = clock_text(gain.kind, later)
        mine = promise_text(later, gain.kind, gain.mine)
        if gain.by_s is None:
            parts.append(f"{what} {mine} (`{earlier.name}` has none)")
        else:
            theirs = promise_text(earlier, gain.kind, gain.theirs)
            parts.append(f"{what} {mine} against {theirs}, up to {duration(gain.by_s)} earlier")
    start_s = gains[0].start_s
    keep: list[Fact] = [Governs(earlier_index), Holds(later.when), *(Holds(c) for c in gains[0].conditions)]
    return warning(
        ID,
        f"tickets matching both `{earlier.name}` ({place_in(earlier.span, later.span)}) and `{later.name}` "
        f"are governed by `{earlier.name}`, but `{later.name}` promises them more: " + "; ".join(parts),
        later.span,
        help=f"if `{later.name}` should win, move it before `{earlier.name}`; otherwise exclude these tickets "
        f"from `{later.name}` (e.g. `and not ...`). For the witness, `{later.name}`'s deadline is earlier "
        f"when created at {instant(start_s)}",
        witness=found.ticket(start_s, keep),
    )
