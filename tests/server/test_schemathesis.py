"""Schemathesis against the live server's own /openapi.json: generated requests (valid ones,
boundary cases and schema-violating ones) get no 5xx, every response matches its documented
status, content type and schema, and requests the schema rejects are refused with a 4xx."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("schemathesis")

CONFIG = Path(__file__).with_name("schemathesis.toml")
CHECKS = ",".join([
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
])


def test_schemathesis_finds_nothing(live, tmp_path) -> None:
    command = [
        sys.executable, "-m", "schemathesis.cli", "--config-file", str(CONFIG), "--no-color",
        "run", f"{live.url}/openapi.json",
        "--checks", CHECKS,
        "--phases", "examples,coverage,fuzzing",
        "--max-examples", "40",
        "--seed", "20261122",
        "--workers", "1",  # hypothesis' lambda descriptions are not thread-safe on 3.11
        "--request-timeout", "30",
        "--suppress-health-check", "all",
        "--report", "junit", "--report-dir", str(tmp_path),
    ]
    env = {**os.environ, "NO_PROXY": "*", "no_proxy": "*", "SCHEMATHESIS_HOOKS": ""}
    run = subprocess.run(command, capture_output=True, text=True, timeout=180, env=env, cwd=tmp_path)
    summary = run.stdout[-6000:]
    assert run.returncode == 0, summary + run.stderr[-2000:]
    # Every generated case passed every check. (Schemathesis may add advisory warnings, e.g.
    # that /v1/simulate rejects most random scenarios: it does, since they name no real team.)
    cases = re.search(r"(\d+) generated, (\d+) passed", run.stdout)
    assert cases and cases.group(1) == cases.group(2) and int(cases.group(1)) > 0, summary
    assert re.search(r"10 selected / 10 total|Selected: 10/10", run.stdout), summary  # with GET / and POST /v1/due
    assert "failed" not in run.stdout.split("Test cases:")[-1], summary
    assert live.count_500s() == 0
    assert live.unhandled_errors() == []
