"""``POST /v1/simulate``: run a scenario against the served policy; the simulation JSON back
(``slalang simulate --format json``'s object).

The scenario comes as JSON (application/json) or YAML (application/yaml, text/yaml,
text/plain, or no Content-Type). It is validated as ``slalang simulate`` validates a file;
every problem is listed, located, in the error's ``details``. Over HTTP a scenario may not
read files (``dist: empirical`` with ``from``: give ``values`` instead) and may not use YAML
anchors and aliases (they can make a small text expand into a huge document). Its size is
bounded before it runs (expected arrivals, duration) and its run time while it runs.
"""

from __future__ import annotations

import re
import time
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ...diagnostics import Diagnostic
from ...located_yaml import Locations, YamlError, format_path, read_yaml
from ...simulation import MAX_SEED, Scenario, ScenarioError, scenario_from_data
from ...simulation import simulate as run_simulation
from ..bodies import (
    charset,
    decode_text,
    is_json_type,
    media_type,
    parse_json,
    read_body,
)
from ..context import context_of
from ..errors import ApiError, json_response
from ..settings import Limits

YAML_TYPES = frozenset({"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain"})
SCENARIO_NAME = "scenario"
_PATH_PREFIX = re.compile(r"^((?:[A-Za-z_][\w-]*|\[\d+\])(?:\.[\w-]+|\[\d+\])*): ")


class SimulationTimeout(Exception):
    """Raised from the progress callback when a run passes its wall-clock budget."""


async def simulate(request: Request) -> Response:
    ctx = context_of(request)
    kind = media_type(request)
    seed = read_seed(request.query_params.get("seed"))
    if kind in YAML_TYPES or kind is None:
        text = decode_text(await read_body(request, ctx.limits), charset(request))
        data, locations = read_yaml_scenario(text)
    elif is_json_type(kind):
        data, locations, text = parse_json(await read_body(request, ctx.limits)), Locations(), None
    else:
        raise ApiError(415, "unsupported_media_type",
                       f"POST /v1/simulate reads a scenario as application/json or application/yaml, not {kind}",
                       "header Content-Type")
    refuse_file_reads(data, locations)
    loaded = ctx.holder.current
    try:
        scenario = scenario_from_data(data, loaded.policy.model, name=SCENARIO_NAME, locations=locations, text=text)
    except ScenarioError as exc:
        ctx.metrics.simulations.labels("invalid").inc()
        raise scenario_error(exc.diagnostics, yaml_body=text is not None) from None
    try:
        check_size(scenario, ctx.limits)
        result = await ctx.compute(run_bounded, loaded.policy, scenario, seed, ctx.limits.sim_timeout_s)
    except ApiError:
        ctx.metrics.simulations.labels("limit").inc()
        raise
    ctx.metrics.simulations.labels("ok").inc()
    return json_response(result)


def read_seed(raw: str | None) -> int | None:
    if raw is None:
        return None
    if not raw.isascii() or not raw.isdigit() or int(raw) > MAX_SEED:
        raise ApiError(422, "invalid_query", f"seed must be a whole number from 0 to {MAX_SEED}, got {raw!r}", "query seed")
    return int(raw)


def read_yaml_scenario(text: str) -> tuple[Any, Locations]:
    """The posted YAML, without anchors and aliases (they let a few bytes stand for a huge document)."""
    try:
        return read_yaml(text, allow_aliases=False)
    except YamlError as exc:
        where = f"body line {exc.line}, column {exc.column}"
        message = f"{format_path(exc.path)}: {exc.message}" if exc.path else exc.message
        raise ApiError(400, "invalid_yaml", f"{message} ({exc.hint})", where) from None


def refuse_file_reads(data: Any, locations: Locations, path: tuple = ()) -> None:
    """``dist: empirical`` with ``from`` reads a file on the server: not over HTTP."""
    if isinstance(data, dict):
        if "dist" in data and "from" in data:
            where = format_path(path + ("from",))
            line, column, _, _ = locations.of_value(path + ("from",))
            raise ApiError(422, "not_allowed",
                           f"{where}: a posted scenario cannot read files on the server; give the times as `values: [...]`",
                           where + (f" (line {line}, column {column})" if locations.values else ""))
        for key, value in data.items():
            refuse_file_reads(value, locations, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            refuse_file_reads(value, locations, path + (index,))


def scenario_error(diagnostics: list[Diagnostic], yaml_body: bool) -> ApiError:
    first = diagnostics[0] if diagnostics else None
    count = len(diagnostics)
    where = None
    message = "the scenario is not valid"
    if first is not None:
        match = _PATH_PREFIX.match(first.message)
        where = match.group(1) if match else None
        if yaml_body and first.span.line > 0:
            where = (where + " " if where else "body ") + f"(line {first.span.line}, column {first.span.column})"
        message = first.message + (f" (and {count - 1} more problem{'s' if count > 2 else ''}, see details)" if count > 1 else "")
    details = [_detail(d, yaml_body) for d in diagnostics]
    return ApiError(422, "invalid_scenario", message, where, details=details)


def _detail(d: Diagnostic, yaml_body: bool) -> dict[str, Any]:
    out = d.to_json()
    if not yaml_body:  # positions mean nothing for a JSON body read without them
        out.update(line=None, column=None, end_line=None, end_column=None)
    return out


def check_size(scenario: Scenario, limits: Limits) -> None:
    if scenario.duration_s > limits.max_sim_duration_s:
        raise ApiError(422, "limit_exceeded",
                       f"the scenario lasts {scenario.duration_s} s; this server simulates at most "
                       f"{limits.max_sim_duration_s} s ({limits.max_sim_duration_s / 86400:g} days)", "duration")
    expected = sum(stream.rate_per_s for stream in scenario.arrivals) * scenario.duration_s
    if expected > limits.max_sim_tickets:
        raise ApiError(422, "limit_exceeded",
                       f"the scenario brings about {expected:,.0f} tickets; this server simulates at most "
                       f"{limits.max_sim_tickets:,} per request: lower the rates or the duration", "arrivals")


def run_bounded(policy: Any, scenario: Scenario, seed: int | None, timeout_s: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s

    def watch_clock(_share_done: float) -> None:
        if time.monotonic() > deadline:
            raise SimulationTimeout

    try:
        return run_simulation(policy, scenario, seed=seed, progress=watch_clock).to_json()
    except SimulationTimeout:
        raise ApiError(422, "limit_exceeded",
                       f"the simulation ran longer than {timeout_s:g} s, the most this server allows; "
                       "shorten the duration or lower the rates", None) from None
