"""The typed library API: load a policy set once, then evaluate, check or simulate with it."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .diagnostics import Diagnostic, PolicyError, has_errors
from .model import PolicySet

if TYPE_CHECKING:  # the modules below are imported when first used, so `import slalang` stays quick
    from .analysis.config import CheckConfig
    from .compiler import CompileResult
    from .credits import AvailabilityReport, CreditReport, Outage, OutageFailure
    from .evaluation import Outcome, TicketFailure
    from .evaluation.due import DueRow
    from .simulation import Scenario, SimulationResult

Now = int | float | dt.datetime | str | None
"""An evaluation instant: epoch seconds, an aware datetime, RFC 3339 text, or None for now."""


@dataclass(frozen=True)
class Policy:
    """A compiled, immutable policy set; safe to share across threads."""

    model: PolicySet
    sources: dict[str, str] = field(compare=False, repr=False)
    diagnostics: tuple[Diagnostic, ...] = field(default=(), compare=False, repr=False)

    @property
    def version_hash(self) -> str:
        """A digest of the source texts, stable across machines."""
        digest = hashlib.sha256()
        for name in sorted(self.sources):
            digest.update(name.encode() + b"\0" + self.sources[name].encode() + b"\0")
        return digest.hexdigest()[:16]

    def evaluate(self, ticket: dict[str, Any], now: Now = None) -> Outcome:
        """Evaluate one ticket (a dict shaped as evaluation.md's tickets): a ``TicketResult``,
        or a ``TicketFailure`` saying why the ticket could not be evaluated."""
        from .evaluation import evaluate_ticket

        return evaluate_ticket(self.model, ticket, now=now)

    def evaluate_many(self, tickets: Iterable[dict[str, Any]], now: Now = None) -> Iterator[Outcome]:
        """Evaluate tickets lazily, one ``TicketResult`` or ``TicketFailure`` per ticket, in order."""
        from .evaluation import evaluate_tickets

        return evaluate_tickets(self.model, tickets, now=now)

    def due(
        self, tickets: Iterable[dict[str, Any]], now: Now = None, within_s: int | None = None, limit: int | None = None
    ) -> list[DueRow]:
        """What is due next: the ``DueRow`` of each ticket with a clock not stopped, closest to
        breaching first (``slalang due``); bad tickets have no row."""
        from .evaluation import evaluate_tickets, resolve_now
        from .evaluation.due import due_rows

        now_s = resolve_now(now)
        results = (r.to_json() for r in evaluate_tickets(self.model, tickets, now=now_s) if r.ok)
        return due_rows(results, now_s, within_s, limit)

    def check(self, config: CheckConfig | None = None) -> list[Diagnostic]:
        """Static analysis findings for this policy set (compile warnings included)."""
        from .analysis import analyse

        return analyse(self, config=config)

    def simulate(
        self, scenario: Scenario | str | os.PathLike[str] | Mapping[str, Any], seed: int | None = None
    ) -> SimulationResult:
        """Simulate a scenario (parsed, a YAML file's path, or its data) against this policy set."""
        from .simulation import simulate

        return simulate(self, scenario, seed=seed)

    def credits(
        self, tickets: Iterable[Any], now: Now = None, on_failure: Callable[[TicketFailure], None] | None = None
    ) -> CreditReport:
        """Service credits from tickets (dicts, or ``(line, ticket)`` pairs as ``read_tickets``
        yields them): a ``CreditReport`` whose ``rows`` are credits.md's; a bad ticket is left
        out and given to ``on_failure`` (a ``TicketFailure``)."""
        from .credits import compute_credits

        return compute_credits(self.model, tickets, now, on_failure=on_failure)

    def availability(
        self,
        outages: str | os.PathLike[str] | Iterable[Any],
        now: Now = None,
        since: Now = None,
        on_failure: Callable[[OutageFailure], None] | None = None,
    ) -> AvailabilityReport:
        """Availability from outages: a path to a JSON Lines file, or outage dicts. Returns an
        ``AvailabilityReport`` whose ``rows`` are credits.md's; a bad outage is left out and
        given to ``on_failure`` (an ``OutageFailure`` with its line or position)."""
        from .credits import OutageReader, compute_availability, read_outages

        items: Iterator[Outage | OutageFailure]
        if isinstance(outages, (str, os.PathLike)):
            items = read_outages(outages)
        else:
            reader = OutageReader()
            items = (reader.read(raw, position) for position, raw in enumerate(outages, start=1))
        return compute_availability(self.model, items, now, since, on_failure=on_failure)


def load(path: str | os.PathLike[str], root: str | os.PathLike[str] | None = None) -> Policy:
    """Compile a policy file or directory; raise PolicyError carrying every error."""
    from .compiler import compile_paths

    result = compile_paths([os.fspath(path)], root=os.fspath(root) if root is not None else None)
    return _policy_or_raise(result)


def loads(text: str, name: str = "<string>") -> Policy:
    """Compile policy text held in memory (imports are not allowed)."""
    from .compiler import compile_text

    return _policy_or_raise(compile_text(text, name))


def _policy_or_raise(result: CompileResult) -> Policy:
    if result.model is None or has_errors(result.diagnostics):
        raise PolicyError(list(result.diagnostics), dict(result.sources))
    return Policy(result.model, dict(result.sources), tuple(result.diagnostics))
