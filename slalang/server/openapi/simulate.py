"""``POST /v1/simulate``: the scenario (``slalang/schemas/scenario.schema.json``, narrowed to
what the server takes for the served policy) and the simulation result."""

from __future__ import annotations

from typing import Any

from ..settings import Limits
from .parts import PolicyNames, embed, instant_pattern, one_of_names, ref, schema_file

EXAMPLE_SCENARIO: dict[str, Any] = {
    "start": "2026-01-05T00:00:00+01:00",
    "duration": "7d",
    "seed": 7,
    "arrivals": [{"ticket": {"priority": "normal"}, "customer": {"plan": "pro"}, "rate": "20/day"}],
    "work": {"first_response": {"team": "tier1", "time": {"dist": "exponential", "mean": "8m"}},
             "resolution": {"team": "tier1", "time": {"dist": "lognormal", "mean": "20m", "sd": "15m"}}},
}


def add_components(components: dict[str, Any], limits: Limits, names: PolicyNames) -> None:
    scenario = embed(schema_file("scenario.schema.json"), "Scenario_", components)
    _narrow(scenario, components, names)
    components["Scenario"] = scenario
    components.update(_results())


def _narrow(scenario: dict[str, Any], components: dict[str, Any], names: PolicyNames) -> None:
    """What the server refuses that a scenario file may hold: reading files, instants outside
    the supported years, and names the served policy does not declare."""
    properties = scenario["properties"]
    instant = instant_pattern(seconds_optional=True)
    properties["start"] = {**properties["start"], "pattern": instant}
    arrival = components["Scenario_arrival"]
    arrival["properties"]["at"]["items"] = {**arrival["properties"]["at"]["items"], "pattern": instant}
    arrival["properties"]["profile"] = one_of_names(names.calendars, "calendars")
    if names.priorities is not None:
        arrival["properties"]["ticket"] = {"allOf": [
            ref("Scenario_attributes"),
            {"properties": {"priority": one_of_names(names.priorities, "priorities")}},
        ]}
    properties["work"] = {**properties["work"], "propertyNames": one_of_names(names.work_keys, "metrics to work")}
    work = components["Scenario_work"]
    work["properties"]["team"] = one_of_names(names.teams, "teams")
    if "steps" in work["properties"]:
        work["properties"]["steps"] = {**work["properties"]["steps"], "propertyNames": one_of_names(names.olas, "OLAs")}
    properties["staffing"] = {**properties["staffing"], "propertyNames": one_of_names(names.teams, "teams")}
    # Over HTTP a distribution may not read a file on the server.
    components["Scenario_distribution"] = {
        **components["Scenario_distribution"],
        "not": {"required": ["from"]},
        "description": "As in a scenario file, except that `from` (reading a tickets file on the server) is not "
                       "allowed over HTTP: give `values` instead.",
    }


def _results() -> dict[str, Any]:
    nullable_number = {"type": ["number", "null"]}
    return {
        "SimulatedMetric": {
            "type": "object",
            "required": ["tickets", "met", "attainment", "goal", "p50_s", "p90_s", "p99_s", "breaches"],
            "additionalProperties": False,
            "properties": {
                "tickets": {"type": "integer"}, "met": {"type": "integer"}, "attainment": nullable_number,
                "goal": {"type": "number"}, "p50_s": nullable_number, "p90_s": nullable_number,
                "p99_s": nullable_number, "breaches": {"type": "integer"}, "abandoned": {"type": "integer"},
                "erlang_c": {"type": "object", "required": ["attainment"], "additionalProperties": False,
                             "properties": {"attainment": nullable_number}},
            },
        },
        "ErlangFigures": {
            "type": "object",
            "required": ["model", "load_erlangs", "p_wait", "mean_wait_s"],
            "additionalProperties": False,
            "properties": {
                "model": {"type": "string", "enum": ["erlang_c", "erlang_a"]}, "load_erlangs": nullable_number,
                "p_wait": nullable_number, "mean_wait_s": nullable_number, "p_abandon": nullable_number,
            },
        },
        "SimulatedTeam": {
            "type": "object",
            "required": ["agents", "utilisation", "pieces", "p_wait", "mean_wait_s", "p90_wait_s"],
            "additionalProperties": False,
            "properties": {
                "agents": {"type": "integer"}, "utilisation": nullable_number, "pieces": {"type": "integer"},
                "p_wait": nullable_number, "mean_wait_s": nullable_number, "p90_wait_s": nullable_number,
                "abandoned": {"type": "integer"}, "erlang_c": ref("ErlangFigures"), "erlang_a": ref("ErlangFigures"),
            },
        },
        "SimulationResult": {
            "type": "object",
            "description": "`slalang simulate --format json`'s object. Figures that are not finite are null.",
            "required": ["slas", "teams"],
            "additionalProperties": False,
            "properties": {
                "slas": {"type": "object", "additionalProperties": {
                    "type": "object", "additionalProperties": ref("SimulatedMetric")}},
                "teams": {"type": "object", "additionalProperties": ref("SimulatedTeam")},
                "credits": {"type": "object", "additionalProperties": ref("SimulatedCredit"),
                            "description": "Present when the scenario has `accounts`: per credit declaration."},
            },
        },
    }
