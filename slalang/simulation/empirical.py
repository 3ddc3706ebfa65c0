"""Empirical handling times: the counted time of a stopped metric in real tickets.

``{dist: empirical, from: tickets.jsonl, metric: resolution}`` evaluates the tickets file
against the policy (evaluation.md) and keeps ``counted_s`` of every run of that metric
that stopped (each next_response cycle counts as one run).
"""

from __future__ import annotations

import os

from ..evaluation import InputError, evaluate_tickets, read_tickets
from ..model import PolicySet


class EmpiricalError(ValueError):
    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def counted_times(model: PolicySet, path: str, metric: str) -> list[float]:
    """Counted seconds of every stopped ``metric`` run in the tickets at ``path``."""
    if not os.path.isfile(path):
        raise EmpiricalError(f"cannot read tickets from {path}: no such file", "the path is relative to the scenario file")
    tickets = []
    try:
        for _, item in read_tickets(path):
            if not isinstance(item, InputError):
                tickets.append(item)
    except OSError as exc:
        raise EmpiricalError(f"cannot read tickets from {path}: {exc.strerror or exc}", "check the file") from None
    values: list[float] = []
    for outcome in evaluate_tickets(model, tickets):
        if not outcome.ok:
            continue
        if metric == "next_response":
            runs = outcome.next_response.cycles if outcome.next_response is not None else ()
        else:
            found = getattr(outcome, metric)
            runs = (found,) if found is not None else ()
        values.extend(float(run.counted_s) for run in runs if run.stop_s is not None)
    if not values:
        raise EmpiricalError(
            f"{path}: no ticket has a stopped {metric} to resample ({len(tickets)} tickets read)",
            "use a tickets file with finished work, or another distribution",
        )
    return values
