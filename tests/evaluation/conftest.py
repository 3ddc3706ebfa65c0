"""Fixtures: the rules policy and the shipped acme policy, compiled once per session."""

from __future__ import annotations

import os

import pytest

import slalang

from .helpers import ROOT, RULES_POLICY


@pytest.fixture(scope="session")
def rules_policy() -> slalang.Policy:
    return slalang.loads(RULES_POLICY, "rules.sla")


@pytest.fixture(scope="session")
def acme() -> slalang.Policy:
    return slalang.load(os.path.join(ROOT, "policies", "acme.sla"))
