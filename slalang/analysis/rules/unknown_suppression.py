"""A `# slalang: ignore[...]` comment that names a rule id slalang does not have.

Such a comment silences nothing: a misspelt id (`ignore[coverage-gaps]`) leaves the finding
it was meant for in place, or, worse, hides that the comment is stale. The hint suggests
the nearest known id.

Bad:

```sla
# slalang: ignore[coverage-gaps] -- every ticket has a plan
sla pro {
    when customer.plan == "pro"
    first_response within 1h
}
```

Good:

```sla
# slalang: ignore[coverage-gap] -- every ticket has a plan
sla pro {
    when customer.plan == "pro"
    first_response within 1h
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Diagnostic, Severity, warning
from ...source import Span
from ...suggestions import closest
from ..context import Context
from ..suppression import named_rules

ID = "unknown-suppression"
SEVERITY = Severity.WARNING


def check(ctx: Context) -> Iterator[Diagnostic]:
    known = ctx.known_ids
    for named in named_rules(ctx.sources):
        if named.rule in known:
            continue
        nearest = closest(named.rule, known)
        yield warning(
            ID,
            f"`# slalang: ignore[...]` names `{named.rule}`, which is not a rule id; it silences nothing",
            Span(named.file, named.line, named.column, named.line, named.column + len(named.rule)),
            help=f"did you mean `{nearest}`?" if nearest else "run `slalang check --help` or see docs/rules/ for the rule ids",
        )
