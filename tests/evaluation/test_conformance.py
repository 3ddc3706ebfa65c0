"""Conformance cases as data: ``cases/*.json`` hold a policy (a file of the repository or
inline text), tickets, ``now`` and the expected results, worked out by hand from
evaluation.md. Both the simple and the batch path must give exactly those results."""

from __future__ import annotations

import json
import os

import orjson
import pytest

import slalang
from slalang.evaluation import evaluate_tickets
from slalang.evaluation.batch import BatchEvaluator
from slalang.evaluation.instants import resolve_now

from .helpers import ROOT

CASES = os.path.join(os.path.dirname(__file__), "cases")


def load_case(name: str) -> dict:
    with open(os.path.join(CASES, name), encoding="utf-8") as f:
        return json.load(f)


def case_policy(case: dict) -> slalang.Policy:
    if "policy_file" in case:
        return slalang.load(os.path.join(ROOT, case["policy_file"]))
    return slalang.loads(case["policy"], "case.sla")


@pytest.mark.parametrize("name", sorted(f for f in os.listdir(CASES) if f.endswith(".json")))
def test_conformance_case(name):
    case = load_case(name)
    policy = case_policy(case)
    simple = [r.to_json() for r in evaluate_tickets(policy, case["tickets"], now=case["now"])]
    assert simple == case["expected"], case["description"]
    batch = BatchEvaluator(policy).evaluate(list(enumerate(case["tickets"], start=1)), resolve_now(case["now"]))
    assert [orjson.dumps(r) for r in batch] == [orjson.dumps(r) for r in simple]
