"""Two tickets alike but for priority, where the more important one gets the later deadline.

For the same customer and fields, raising a ticket's priority should never make its
deadline later. This finds a ticket whose priority, when made less important, moves it
to an SLA whose deadline is earlier for every start instant in a year from the reference
date (each deadline counted on its own SLA's calendar), on some metric both SLAs define.
The witness is the more important ticket; the message names the less important priority.

Measures count as metrics, compared by name when they run alike (the same triggers). A
calendar chosen from the ticket is compared once per arm of its `calendar by`: the two
tickets differ only in priority, so they choose by the same field values, and the message
names the arms they choose (the witness chooses them too). A calendar read in the ticket's
zone (`office in customer.timezone`) is compared in its own zone, and the message says so.

Bad:

```sla
priorities urgent > normal

sla urgent {
    when priority urgent
    resolution within 24h
}

sla everyone {
    resolution within 8h
}
```

Good:

```sla
priorities urgent > normal

sla urgent {
    when priority urgent
    resolution within 4h
}

sla everyone {
    resolution within 8h
}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import numpy as np
import z3

from ...diagnostics import Diagnostic, Severity, warning
from ..conditions import Fact, Found, Governs, Holds, MoreImportant
from ..conditions.boxes import Box
from ..conditions.domain import PRIORITY_PATH
from ..conditions.index import member_array, members
from ..conditions.witness import ticket
from ..context import GOVERNS, Context
from ..promises import Later, always_later, clock_text, promise_table, promise_text
from ..wording import duration

ID = "priority-inversion"
SEVERITY = Severity.WARNING
OTHER_PRIORITY = 1  # the ticket copy with a priority of its own
MAX_PAIRS_PER_SLA = 5
"""At most this many findings per SLA; the last one says when there are more."""


def check(ctx: Context) -> Iterator[Diagnostic]:
    slas = ctx.model.slas
    if len(ctx.model.priorities) < 2 or not slas:
        return
    space, enc = ctx.space, ctx.space.encoding
    _, _, other_governs = enc.chain(OTHER_PRIORITY)
    space.prepare([MoreImportant()])
    # Every literal first: adding definitions between checks makes the solver start over.
    candidates = {
        index: enc.fresh_literal(enc.governed_by_one_of(others, OTHER_PRIORITY), "earlier-for-less-important")
        for index, others in _earlier_for_less_important(ctx)
    }
    for index, candidate in candidates.items():
        sla = slas[index]
        excluded: list[z3.BoolRef] = []
        reported: list[Diagnostic] = []
        while True:
            found = space.find(Governs(index), MoreImportant(), extra=[candidate] + excluded)
            if found is None:
                break
            other = enc.governing_index(found.model, OTHER_PRIORITY)
            assert other is not None  # the query asks for a less important ticket that an SLA governs
            excluded.append(z3.Not(other_governs[other]))
            later_metrics, witness = _shown(ctx, index, other, always_later(ctx, sla, slas[other]), found)
            if not later_metrics or witness is None:
                continue
            if len(reported) == MAX_PAIRS_PER_SLA:
                last = reported[-1]
                reported[-1] = replace(last, message=last.message + " (more SLAs do the same for these tickets)")
                break
            reported.append(_finding(ctx, index, other, later_metrics, witness))
        yield from reported


def _earlier_for_less_important(ctx: Context) -> Iterator[tuple[int, list[int]]]:
    """Per governing SLA, the governing SLAs that may take the same ticket at a less important
    priority and give it an earlier deadline for every start (ascending; SLAs with none are
    left out).

    Only SLAs whose boxes meet once the priority is set aside can take the same ticket at
    another priority; the box index lists those without comparing every pair, and the
    promises are compared for those alone.
    """
    slas = ctx.model.slas
    space = ctx.space
    table = promise_table(ctx)
    governing = sum(1 << i for i in range(len(slas)) if ctx.status(i) == GOVERNS)
    boxes = [space.boxes.of(sla.when) for sla in slas]
    levels = len(ctx.model.priorities)
    ranks = [_declared_codes(box, levels) for box in boxes]
    least_important = np.array([max(r) if r else 0 for r in ranks], dtype=np.int64)  # 0: no priority
    for index in members(governing):
        if not ranks[index]:
            continue
        most_important = min(ranks[index])
        alike = member_array(space.sla_index.overlapping(boxes[index], ignore=PRIORITY_PATH) & governing)
        others = alike[least_important[alike] > most_important]
        earlier_for_less = others[table.later_than(index, others)]
        if len(earlier_for_less):
            yield index, [int(j) for j in earlier_for_less]


def _declared_codes(box: Box | None, levels: int) -> list[int]:
    """The declared priorities (codes 1..levels, most important first) a box allows."""
    if box is None:
        return []
    mask = box.get(PRIORITY_PATH, -1)
    return [code for code in range(1, levels + 1) if mask & (1 << code)]


def _arm_facts(later: Later) -> list[Fact]:
    """What the two tickets must satisfy to choose the calendars ``later`` compares (the more
    important ticket chooses ``mine``, the other ``theirs``)."""
    facts: list[Fact] = []
    if later.mine.condition is not None:
        facts.append(Holds(later.mine.condition))
    if later.theirs.condition is not None:
        facts.append(Holds(later.theirs.condition, OTHER_PRIORITY))
    return facts


def _shown(
    ctx: Context, index: int, other: int, later_metrics: list[Later], found: Found
) -> tuple[list[Later], Found | None]:
    """The comparisons a pair of tickets really gets, and a pair that shows the first: a
    calendar chosen from the ticket needs tickets that choose it (two tickets alike but for
    priority choose by the same field values, so arms pair by value)."""
    shown: list[Later] = []
    witness = None
    for later in later_metrics:
        arms = _arm_facts(later)
        example: Found | None = found
        if arms:
            example = ctx.space.find(Governs(index), Governs(other, OTHER_PRIORITY), MoreImportant(), *arms)
        if example is not None:
            shown.append(later)
            witness = witness or example
    return shown, witness


def _finding(ctx: Context, index: int, other: int, later_metrics: list[Later], found: Found) -> Diagnostic:
    sla, less = ctx.model.slas[index], ctx.model.slas[other]
    keep = [Governs(index), Governs(other, OTHER_PRIORITY), MoreImportant(), *_arm_facts(later_metrics[0])]
    attrs = found.attrs(keep)
    high, low = attrs[0]["ticket"].get("priority"), attrs[OTHER_PRIORITY]["ticket"].get("priority")
    parts = [
        f"{clock_text(later.kind, sla)} {promise_text(sla, later.kind, later.mine)} against "
        f"{promise_text(less, later.kind, later.theirs)}, at least {duration(later.by_s)} later"
        for later in later_metrics
    ]
    return warning(
        ID,
        f"a ticket with priority {high} governed by `{sla.name}` gets a later deadline than the same ticket "
        f"with priority {low}, governed by `{less.name}`, for every start: " + "; ".join(parts),
        sla.span,
        help=f"tighten `{sla.name}`'s targets, or make `{less.name}` exclude {low} tickets that "
        f"`{sla.name}` would take at a higher priority",
        witness=ticket(attrs[0], ctx.created_at_s),
    )
