"""The JSON form: valid against its schema, and loads back to an equal model, spans included."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from slalang.compiler import compile_paths
from slalang.model import PolicySet
from slalang.model_json import (
    FORMAT_VERSION,
    SCHEMA_ID,
    ModelFormatError,
    compiled_policy_schema,
    model_from_json,
    model_to_json,
)

from .helpers import compile_source

REPO = Path(__file__).resolve().parents[2]
ITDESK = Path(__file__).resolve().parents[2] / "policies" / "itdesk"

EVERY_CONSTRUCT = """\
priorities a > b
segment s when not (customer.x in [1, 2.5] or customer.y not in ["q"]) and customer.t contains true
segment t when priority >= a or priority b or ticket.type != "x" or false or segment s
calendar c { timezone "UTC" hours sun 22:00-06:00 closed 2026-12-24 13:00-24:00 open 2026-12-27 10:00-14:00 }
team tm { calendar c }
ola o by tm within 1w on always
escalation e { at 0% - 5m notify assignee and reassign "g" and set priority a }
sla one { when segment t resolution within 1h via o escalate resolution with e }
"""


def compiled(path: Path) -> PolicySet:
    result = compile_paths([str(path)])
    assert result.model is not None
    return result.model


MODELS = {
    "acme": lambda: compiled(REPO / "policies" / "acme.sla"),
    "itdesk": lambda: compiled(ITDESK),
    "every-construct": lambda: compile_source(EVERY_CONSTRUCT).model,
}


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = compiled_policy_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] == SCHEMA_ID
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("name", list(MODELS))
def test_json_is_valid_and_round_trips(name: str) -> None:
    model = MODELS[name]()
    assert model is not None
    data = json.loads(json.dumps(model_to_json(model)))
    Draft202012Validator(compiled_policy_schema()).validate(data)
    assert data["$schema"] == SCHEMA_ID and data["format_version"] == FORMAT_VERSION
    loaded = model_from_json(data)
    assert loaded == model
    assert model_to_json(loaded) == data  # spans and file order survive too
    assert loaded.files == model.files


def test_acme_json_shape() -> None:
    data = model_to_json(MODELS["acme"]())
    assert list(data["calendars"]) == ["always", "office", "office_us", "night_ops"]
    assert data["calendars"]["always"]["span"] is None
    assert data["calendars"]["office"]["hours"][0] == {"weekday": "mon", "start_min": 540, "end_min": 1050}
    assert data["calendars"]["office"]["closed"][0]["ranges"] == [[780, 1440]]
    sla = data["slas"][0]
    assert sla["name"] == "enterprise_urgent"
    assert sla["when"]["type"] == "all"
    assert sla["metrics"][0]["escalation_chain"] == "standard_chain"
    assert sla["metrics"][2]["via"] == ["triage", "fix", "deploy"]
    assert sla["pause"] == {
        "type": "in",
        "path": ["ticket", "status"],
        "values": ["pending_customer", "on_hold"],
        "negated": False,
        "span": sla["pause"]["span"],
    }
    assert sla["span"]["line"] == 27


def test_wrong_format_version_is_refused() -> None:
    data = model_to_json(MODELS["acme"]())
    data["format_version"] = 2
    with pytest.raises(ModelFormatError, match="format_version 2; this slalang reads 1"):
        model_from_json(data)


@pytest.mark.parametrize(
    "mutate, where",
    [
        (lambda d: d.pop("slas"), "(top level)"),
        (lambda d: d["teams"]["tier1"].update(extra=1), "teams/tier1"),
        (lambda d: d["slas"][0]["metrics"][0].update(target_s="15m"), "slas/0/metrics/0/target_s"),
        (lambda d: d["slas"][0]["when"].update(type="xor"), "slas/0/when"),
        (lambda d: d["calendars"]["office"]["hours"][0].update(weekday="monday"), "calendars/office/hours/0/weekday"),
    ],
)
def test_data_that_does_not_fit_the_schema_is_refused(mutate, where: str) -> None:
    data = copy.deepcopy(model_to_json(MODELS["acme"]()))
    mutate(data)
    with pytest.raises(ModelFormatError, match=re.escape("not a compiled slalang policy: at " + where + ":")):
        model_from_json(data)
