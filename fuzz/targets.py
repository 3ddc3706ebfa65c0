"""The fuzz targets: each takes one input, runs it through the real code, and checks what a
user relies on. A target raises AssertionError (a broken promise) or lets an unexpected
exception out (a crash); anything else is a pass."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from slalang.compiler import compile_text
from slalang.diagnostics import Diagnostic, cap_per_kind
from slalang.limits import MAX_DIAGNOSTICS_PER_KIND, limit

ROOT = Path(__file__).resolve().parents[1]
POLICIES = ROOT / "policies"
MAX_MESSAGE_CHARS = 2_000
"""No error a ticket or a request gets may be longer (a huge input is not echoed back)."""


def assert_located(diagnostics: list[Diagnostic], text: str, name: str) -> None:
    """Every finding names the file and a place inside its text; at most the cap of each kind
    (plus the one that counts the rest); all their words together a small multiple of the
    input at most (a finding may quote a name, but the input is not echoed finding after finding)."""
    lines = text.count("\n") + 1
    per_kind: dict[tuple, int] = {}
    words = 0
    for d in diagnostics:
        assert d.span.file == name, d
        assert 1 <= d.span.line <= lines + 1 and d.span.column >= 1, d
        words += len(d.message) + len(d.help or "")
        kind = (d.span.file, d.code, d.severity)
        per_kind[kind] = per_kind.get(kind, 0) + 1
    assert all(count <= limit(MAX_DIAGNOSTICS_PER_KIND) + 1 for count in per_kind.values()), per_kind
    assert words <= 50 * len(text) + 100_000, f"{words} characters of findings for {len(text)} of input"


# --- policy text ---------------------------------------------------------------------------------


def policy(text: str) -> None:
    """Compile (and, when it compiles, check and format) policy text."""
    from slalang.analysis import analyse_model
    from slalang.fmt.formatter import format_text

    name = "fuzz.sla"
    result = compile_text(text, name)
    assert_located(list(result.diagnostics), text, name)
    if result.model is None:
        assert any(d.is_error for d in result.diagnostics), "no model and no error"
        return
    assert_located(cap_per_kind(analyse_model(result.model, result.sources)), text, name)
    formatted = format_text(text, name)
    if formatted.ok and formatted.formatted is not None:
        again = format_text(formatted.formatted, name)
        assert again.ok and again.formatted == formatted.formatted, "formatting is not idempotent"


# --- ticket files --------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def acme() -> Any:
    import slalang

    return slalang.load(POLICIES / "acme.sla")


def tickets(data: bytes) -> None:
    """Read a ticket file and evaluate it by both batch paths: one entry per ticket read, each
    a result or ``{"id", "error", "line"}``, the same bytes from the compiled path."""
    from slalang.evaluation import fast
    from slalang.evaluation.batch import BatchEvaluator
    from slalang.evaluation.ticket_files import iter_items

    items = list(iter_items(io.BytesIO(data), max_item_bytes=256 * 1024))
    lines = [line for line, _ in items]
    assert lines == sorted(lines) and all(line >= 1 for line in lines), lines
    now_s = 1_795_000_000
    python = BatchEvaluator(acme().model)
    python.scanner = None
    slow = python.evaluate_to_lines(items, now_s)[0]
    results = [orjson.loads(line) for line in slow.splitlines()]
    assert len(results) == len(items)
    for (line, _), result in zip(items, results, strict=True):
        if "error" in result:
            assert result["line"] == line and len(result["error"]) <= MAX_MESSAGE_CHARS, result
    if fast.available():
        compiled = BatchEvaluator(acme().model).evaluate_to_lines(items, now_s)[0]
        assert compiled == slow, "the compiled path wrote other bytes than the Python path"


# --- scenario and policy-test YAML ----------------------------------------------------------------


def scenario(text: str) -> None:
    """Validate a scenario: a Scenario, or a ScenarioError whose every problem is located."""
    from slalang.simulation import ScenarioError, parse_scenario

    name = "fuzz.yaml"
    try:
        parse_scenario(text, name, acme().model, base_dir=str(POLICIES))
    except ScenarioError as exc:
        assert exc.diagnostics, "a ScenarioError without a problem"
        assert_located(exc.diagnostics, text, name)


def policy_test(text: str) -> None:
    """Read a policy-test file: its cases, or a TestFileError located in it."""
    from slalang.policytest import TestFileError, parse_test_file

    path = str(POLICIES / "fuzz_test.yaml")
    try:
        parse_test_file(text, path)
    except TestFileError as exc:
        assert exc.file == path and 1 <= exc.line <= text.count("\n") + 2 and exc.column >= 1, exc
        assert len(exc.message) <= MAX_MESSAGE_CHARS, exc.message[:200]


# --- server bodies -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def server() -> Any:
    import warnings

    from slalang.server import Limits, create_app

    with warnings.catch_warnings():  # starlette would rather have httpx2; httpx is what the dev extras have
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    limits = Limits(max_body_bytes=512 * 1024, max_tickets=200, max_sim_tickets=2_000, max_sim_duration_s=7 * 86400,
                    sim_timeout_s=5.0)
    client = TestClient(create_app(POLICIES / "acme.sla", limits), raise_server_exceptions=True)
    client.__enter__()  # runs the app's lifespan; kept for the life of the process
    return client


def server_body(route: str, body: bytes, content_type: str | None) -> None:
    """POST a body: never a 5xx; a JSON answer; an error in the one error shape, located."""
    headers = {"content-type": content_type} if content_type is not None else {}
    response = server().post(route, content=body, headers=headers)
    assert response.status_code < 500, response.text[:500]
    answer = response.json()
    if response.status_code >= 400 and not (route == "/v1/evaluate" and "results" in answer):
        assert set(answer) == {"error"} and {"code", "message", "where"} <= set(answer["error"]), answer
        assert len(answer["error"]["message"]) <= MAX_MESSAGE_CHARS + 200, answer["error"]["message"][:200]


TARGETS: dict[str, Callable[..., None]] = {
    "policy": policy,
    "tickets": tickets,
    "scenario": scenario,
    "policy_test": policy_test,
    "server": server_body,
}
