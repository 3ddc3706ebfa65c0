"""A ticket nested a thousand levels deep anywhere is bad input on its own line (or a value
that is never looked at), never a RecursionError: in the library, in both batch paths
(compiled and Python), and in explain."""

from __future__ import annotations

import copy
import json
import os
import sys
from typing import Any

import orjson
import pytest

from slalang.evaluation import fast
from slalang.evaluation.batch import BatchEvaluator
from slalang.evaluation.explain import explain_ticket
from slalang.evaluation.instants import resolve_now
from slalang.evaluation.tickets import show_json, show_value
from slalang.report.tickets.explanation import render_explanation

from .helpers import ROOT

NOW = "2026-11-23T12:00:00Z"
with open(os.path.join(ROOT, "policies", "tickets.jsonl"), encoding="utf-8") as _file:
    BASE = json.loads(_file.readline())
DEEP = "DEEP"


def nested(depth: int, kind: str) -> Any:
    value: Any = "urgent"
    for _ in range(depth):
        value = [value] if kind == "list" else {"a": value}
    return value


def placed(where: str) -> dict:
    """The acme ticket with the marker DEEP at one place."""
    t = copy.deepcopy(BASE)
    field_event = {"at": "2026-11-21T09:20:00+01:00", "type": "field", "field": "customer.plan", "value": DEEP}
    places = {
        "id": lambda: t.__setitem__("id", DEEP),
        "created_at": lambda: t.__setitem__("created_at", DEEP),
        "ticket.priority": lambda: t["ticket"].__setitem__("priority", DEEP),
        "ticket.type": lambda: t["ticket"].__setitem__("type", DEEP),
        "customer.plan": lambda: t["customer"].__setitem__("plan", DEEP),
        "customer.tags": lambda: t["customer"].__setitem__("tags", ["vip", DEEP]),
        "events": lambda: t.__setitem__("events", DEEP),
        "event": lambda: t["events"].__setitem__(0, DEEP),
        "event.type": lambda: t["events"][0].__setitem__("type", DEEP),
        "event.at": lambda: t["events"][0].__setitem__("at", DEEP),
        "event.status": lambda: t["events"][1].__setitem__("status", DEEP),
        "field.value": lambda: t["events"].append(field_event),
        "field.priority": lambda: t["events"].append({**field_event, "field": "priority"}),
        "field.field": lambda: t["events"].append({**field_event, "field": DEEP, "value": 1}),
        "unused": lambda: t.__setitem__("notes", DEEP),
    }
    places[where]()
    return t


PLACES = ["id", "created_at", "ticket.priority", "ticket.type", "customer.plan", "customer.tags", "events", "event",
          "event.type", "event.at", "event.status", "field.value", "field.priority", "field.field", "unused"]
FAILS = {"id", "created_at", "ticket.priority", "events", "event", "event.type", "event.at", "event.status",
         "field.priority", "field.field"}


def with_value(ticket: dict, value: Any) -> dict:
    def swap(node: Any) -> Any:
        if node == DEEP:
            return value
        if isinstance(node, dict):
            return {k: swap(v) for k, v in node.items()}
        if isinstance(node, list):
            return [swap(v) for v in node]
        return node

    return swap(ticket)


@pytest.mark.parametrize("kind", ["list", "object"])
@pytest.mark.parametrize("where", PLACES)
def test_the_library_returns_a_failure_or_a_result_never_raises(acme, where: str, kind: str) -> None:
    deep = with_value(placed(where), nested(max(2000, sys.getrecursionlimit() * 2), kind))
    outcome = acme.evaluate(deep, now=NOW)
    assert outcome.ok == (where not in FAILS), outcome.to_json()
    if not outcome.ok:
        assert outcome.to_json()["line"] == 1 and len(outcome.to_json()["error"]) < 300


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "python"])
@pytest.mark.parametrize("depth", [1000, 3000])
def test_a_deep_ticket_fails_on_its_line_and_every_other_ticket_is_evaluated(acme, compiled: bool, depth: int) -> None:
    if compiled and not fast.available():
        pytest.skip("the compiled fast path is not installed")  # CI builds it: tests/evaluation/test_native.py
    good = orjson.dumps(BASE)
    items, bad_lines = [], []
    for where in PLACES:
        for kind in ("list", "object"):
            text = orjson.dumps(placed(where)).replace(b'"DEEP"', _deep_json(depth, kind))
            items.append((len(items) + 1, text))
            if where in FAILS or depth > 1024:  # orjson reads at most 1024 levels: deeper is not JSON it takes
                bad_lines.append(len(items))
            items.append((len(items) + 1, good))
    batch = BatchEvaluator(acme.model)
    if not compiled:
        batch.scanner = None
    lines, _, _ = batch.evaluate_to_lines(items, resolve_now(NOW))  # the compiled scanner takes what it can
    results = [orjson.loads(line) for line in lines.splitlines()]
    assert len(results) == len(items)
    assert [line for (line, _), r in zip(items, results, strict=True) if "error" in r] == bad_lines
    expected_good = acme.evaluate(BASE, now=NOW).to_json()
    assert all(results[i] == expected_good for i in range(1, len(items), 2))
    for result in results:
        if "error" in result:
            assert result["line"] in bad_lines and len(result["error"]) < 300


def _deep_json(depth: int, kind: str) -> bytes:
    if kind == "list":
        return b"[" * depth + b'"urgent"' + b"]" * depth
    return b'{"a":' * depth + b"1" + b"}" * depth


@pytest.mark.parametrize("where", ["ticket.type", "customer.plan", "customer.tags", "field.value"])
def test_explain_shows_a_deep_value_briefly(acme, where: str) -> None:
    deep = with_value(placed(where), nested(5000, "list"))
    explanation = explain_ticket(acme, deep, now=NOW)
    text = render_explanation(explanation)
    assert len(text) < 20_000 and len(orjson.dumps(explanation.to_json())) < 100_000


def test_values_are_shown_briefly() -> None:
    assert show_value("urgent") == "'urgent'"
    assert show_value("x" * 1000) == "'" + "x" * 60 + "...'"
    assert show_value(nested(10_000, "list")) == "a list" and show_value(nested(10_000, "object")) == "an object"
    assert show_value(10**5000) == "a number" and show_value(2) == "2" and show_value(None) == "None"
    assert show_json({"a": [1, 2]}) == '{"a":[1,2]}'
    assert show_json("y" * 1000) == '"' + "y" * 196 + "..."
    assert show_json(nested(10_000, "list")) == "a list"
