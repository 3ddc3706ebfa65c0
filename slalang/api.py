"""The typed library API: load a policy set once, then evaluate, check or simulate with it."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from .diagnostics import Diagnostic, PolicyError, has_errors
from .model import PolicySet


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

    def evaluate(self, ticket: dict[str, Any], now: Any = None):
        """Evaluate one ticket (a dict shaped as evaluation.md's tickets); returns a TicketResult."""
        from .evaluation import evaluate_ticket

        return evaluate_ticket(self.model, ticket, now=now)

    def evaluate_many(self, tickets: Iterable[dict[str, Any]], now: Any = None) -> Iterator:
        from .evaluation import evaluate_tickets

        return evaluate_tickets(self.model, tickets, now=now)

    def check(self, config: Any = None) -> list[Diagnostic]:
        """Static analysis findings for this policy set (compile warnings included)."""
        from .analysis import analyse

        return analyse(self, config=config)

    def simulate(self, scenario: Any, seed: int | None = None):
        from .simulation import simulate

        return simulate(self, scenario, seed=seed)

    def credits(self, tickets: Iterable[Any], now: Any = None, on_failure: Any = None):
        """Service credits from tickets (dicts, or ``(line, ticket)`` pairs as ``read_tickets``
        yields them): a ``CreditReport`` whose ``rows`` are credits.md's; a bad ticket is left
        out and given to ``on_failure`` (a ``TicketFailure``)."""
        from .credits import compute_credits

        return compute_credits(self.model, tickets, now, on_failure=on_failure)

    def availability(self, outages: Any, now: Any = None, since: Any = None, on_failure: Any = None):
        """Availability from outages: a path to a JSON Lines file, or outage dicts. Returns an
        ``AvailabilityReport`` whose ``rows`` are credits.md's; a bad outage is left out and
        given to ``on_failure`` (an ``OutageFailure`` with its line or position)."""
        from .credits import OutageReader, compute_availability, read_outages

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


def _policy_or_raise(result) -> Policy:
    if result.model is None or has_errors(result.diagnostics):
        raise PolicyError(list(result.diagnostics), dict(result.sources))
    return Policy(result.model, dict(result.sources), tuple(result.diagnostics))
