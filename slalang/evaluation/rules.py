"""A policy set's decisions prepared for evaluating many tickets fast.

``Rules`` holds, for one policy set, the SLA selector (the first SLA whose ``when`` holds)
and each SLA's pause predicate, compiled and memoised on the attribute values the
conditions read: tickets of a run mostly share a few plans, priorities and statuses, so
almost every decision is a dictionary lookup. The memos are per ``Rules`` object (one
per evaluation run); nothing is shared between threads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..conditions import MISSING, compile_condition, condition_paths, path_getter
from ..model import PolicySet, Sla

_MEMO_LIMIT = 8192
UNCOMPARABLE = object()  # a list or object value: never equal or ordered to a literal
_SCALARS = (str, int, float, bool)


def _freeze(value: Any) -> Any:
    """A hashable key that tells apart every value a condition can tell apart."""
    t = type(value)
    if t is str:
        return value
    if t in _SCALARS:
        return (t, value)
    if value is MISSING or value is None:
        return MISSING
    if t is list or t is tuple:
        return ("list",) + tuple(_freeze_item(item) for item in value)
    return UNCOMPARABLE


def _freeze_item(item: Any) -> Any:
    t = type(item)
    if t in _SCALARS:
        return (t, item)
    return UNCOMPARABLE


def _key_function(paths: tuple[tuple[str, ...], ...]) -> Callable[[Mapping[str, Any]], Any]:
    """The memo key of ``attrs``: the frozen values at ``paths``. Attributes here are always
    ``{"ticket": dict, "customer": dict}``; paths of two parts are read directly."""
    if all(len(p) == 2 and p[0] in ("ticket", "customer") for p in paths):
        ticket_names = tuple(p[1] for p in paths if p[0] == "ticket")
        customer_names = tuple(p[1] for p in paths if p[0] == "customer")
        if len(paths) == 1:
            root, leaf = paths[0]
            return lambda attrs: _freeze(attrs[root].get(leaf))

        def direct(attrs: Mapping[str, Any]) -> Any:
            ticket = attrs["ticket"]
            customer = attrs["customer"]
            return tuple([_freeze(ticket.get(n)) for n in ticket_names] + [_freeze(customer.get(n)) for n in customer_names])

        return direct
    getters = tuple(path_getter(p) for p in paths)
    return lambda attrs: tuple([_freeze(get(attrs)) for get in getters])


class MemoPredicate:
    """A compiled condition memoised on the values it reads."""

    __slots__ = ("_test", "key", "_memo")

    def __init__(self, test: Callable[[Mapping[str, Any]], Any], paths: tuple[tuple[str, ...], ...]) -> None:
        self._test = test
        self.key = _key_function(paths)
        self._memo: dict[Any, Any] = {}

    def __call__(self, attrs: Mapping[str, Any]) -> Any:
        key = self.key(attrs)
        try:
            return self._memo[key]
        except KeyError:
            pass
        except TypeError:  # an unhashable value slipped through: decide without the memo
            return self._test(attrs)
        value = self._test(attrs)
        if len(self._memo) >= _MEMO_LIMIT:
            self._memo.clear()
        self._memo[key] = value
        return value


class Rules:
    """The governing-SLA choice and pause rules of one policy set."""

    def __init__(self, policy: PolicySet) -> None:
        self.policy = policy
        self.resolved = frozenset(policy.resolved_statuses)
        self.slas: dict[str, Sla] = {sla.name: sla for sla in policy.slas}
        whens = [(sla, compile_condition(sla.when, policy)) for sla in policy.slas]
        paths: set[tuple[str, ...]] = set()
        for sla in policy.slas:
            paths.update(condition_paths(sla.when, policy))

        def select(attrs: Mapping[str, Any]) -> Sla | None:
            for sla, test in whens:
                if test(attrs):
                    return sla
            return None

        self.governing_paths: tuple[tuple[str, ...], ...] = tuple(sorted(paths))
        self.governing = MemoPredicate(select, self.governing_paths)
        self.pauses: dict[str, MemoPredicate | None] = {
            sla.name: (
                MemoPredicate(compile_condition(sla.pause, policy), condition_paths(sla.pause, policy))
                if sla.pause is not None
                else None
            )
            for sla in policy.slas
        }
        self.traced: dict[str, bool] = {
            sla.name: bool(sla.measures) or any(clock.pause is not None for clock in sla.clocks) for sla in policy.slas
        }
        """Whether an SLA has clocks replayed on their own (measures, own pause rules)."""
        self._own_pauses: dict[Any, MemoPredicate] = {}

    def pause_rule(self, condition: Any) -> MemoPredicate | None:
        """A clock's own pause rule, compiled once (None: ``pause never``)."""
        if condition is None:
            return None
        test = self._own_pauses.get(id(condition))
        if test is None:
            test = MemoPredicate(compile_condition(condition, self.policy), condition_paths(condition, self.policy))
            self._own_pauses[id(condition)] = test
        return test
