"""The shipped Acme policy and its sample tickets, read once for the ticket renderers' tests."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

import slalang

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def acme() -> slalang.Policy:
    return slalang.load(str(ROOT / "policies" / "acme.sla"))


@pytest.fixture(scope="session")
def sample_tickets() -> list[dict]:
    lines = (ROOT / "policies" / "tickets.jsonl").read_bytes().splitlines()
    return [orjson.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="session")
def global_policy() -> slalang.Policy:
    return slalang.load(str(ROOT / "policies" / "global" / "global.sla"))


@pytest.fixture(scope="session")
def global_tickets() -> list[dict]:
    lines = (ROOT / "policies" / "global" / "tickets.jsonl").read_bytes().splitlines()
    return [orjson.loads(line) for line in lines if line.strip()]
