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


EVERY_NEW_CONSTRUCT = EVERY_CONSTRUCT + """\
sla two {
    calendar by customer.region { "eu" c in "Europe/Paris" "us" always "apac" c in customer.tz else c in customer.tz }
    pause never
    first_response within 1h { calendar c in "Asia/Tokyo" pause never }
    resolution within 2h { pause when status == "x" }
    measure m "M" within 3h goal 50% via o {
        cycles start when segment s stop on agent_reply stop when not segment s
        calendar always pause when status == "y"
    }
    measure n within 1h { resume on reopened }
    escalate m with e
}
credit cr { slas one, two metrics m per customer.id period week in "Asia/Tokyo" below 90% credit 5% cap 50% minimum 3 runs }
credit plain { slas one per ticket.org period year below 99% credit 1% }
availability av "AV" { calendar c objective 99.5% period quarter below 99% credit 10% }
"""

MODELS = {
    "acme": lambda: compiled(REPO / "policies" / "acme.sla"),
    "itdesk": lambda: compiled(ITDESK),
    "globex": lambda: compiled(REPO / "tests" / "fixtures" / "global" / "global.sla"),
    "every-construct": lambda: compile_source(EVERY_CONSTRUCT).model,
    "every-new-construct": lambda: compile_source(EVERY_NEW_CONSTRUCT).model,
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


@pytest.mark.parametrize("name, path", [("acme", "policies/acme.sla"), ("itdesk", "policies/itdesk")])
def test_a_policy_without_the_newer_constructs_compiles_to_the_same_bytes_as_before(
    name: str, path: str, monkeypatch
) -> None:
    # golden/*.json were written by `slalang compile` before measures, calendar choices and
    # credits existed: the compiled form is a contract, so older policies keep their bytes.
    monkeypatch.chdir(REPO)
    text = json.dumps(model_to_json(compiled(Path(path))), indent=2, ensure_ascii=False) + "\n"
    assert text == (Path(__file__).parent / "golden" / f"{name}.json").read_text(encoding="utf-8")


def test_the_newer_keys_appear_only_where_used() -> None:
    data = model_to_json(MODELS["every-new-construct"]())
    one, two = data["slas"]
    assert "measures" not in one and {"calendar", "pause"}.isdisjoint(one["metrics"][0])
    assert one["calendar"] == "always"
    assert two["calendar"]["type"] == "by" and two["calendar"]["otherwise"]["zone_path"] == ["customer", "tz"]
    assert [a["value"] for a in two["calendar"]["arms"]] == ["eu", "us", "apac"]
    assert two["calendar"]["arms"][0]["calendar"]["zone"] == "Europe/Paris" and two["calendar"]["arms"][1]["calendar"] == "always"
    assert two["pause"] is None  # `pause never` at SLA level: no pause rule
    first, resolution = two["metrics"]
    assert first["calendar"] == {"type": "zoned", "name": "c", "zone_path": None, "zone": "Asia/Tokyo", "span": first["calendar"]["span"]}
    assert first["pause"] is None and resolution["pause"]["type"] == "compare" and "calendar" not in resolution
    m, n = two["measures"]
    assert (m["cycles"], m["calendar"], m["escalation_chain"], [t["type"] for t in m["stops"]]) == (
        True, "always", "e", ["event", "condition"]
    )
    assert n["starts"] == [{"type": "event", "event": "created", "span": None}]  # the default
    assert "calendar" not in n and "pause" not in n
    assert data["credits"]["plain"]["metrics"] is None and data["credits"]["plain"]["period"]["zone"] == "UTC"
    assert data["availabilities"]["av"]["objective_pct"] == 99.5


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


@pytest.mark.parametrize(
    "mutate, where",
    [
        (lambda d: d["slas"][0]["measures"][0]["starts"][0].update(event="bogus"), "slas/0/measures/0/starts/0"),
        (lambda d: d["slas"][0]["measures"][0].pop("cycles"), "slas/0/measures/0"),
        (lambda d: d["slas"][1]["calendar"].pop("otherwise"), "slas/1/calendar"),
        (lambda d: d["slas"][0]["metrics"][1].update(pause="never"), "slas/0/metrics/1/pause"),
        (lambda d: d["credits"]["enterprise_terms"]["period"].update(unit="fortnight"), "credits/enterprise_terms/period/unit"),
        (lambda d: d["credits"]["enterprise_terms"]["tiers"][0].update(credit_pct=0), "credits/enterprise_terms/tiers/0/credit_pct"),
        (lambda d: d["availabilities"]["public_api"].update(calendar={"type": "zoned"}), "availabilities/public_api/calendar"),
    ],
)
def test_new_data_that_does_not_fit_the_schema_is_refused(mutate, where: str) -> None:
    data = copy.deepcopy(model_to_json(MODELS["globex"]()))
    mutate(data)
    with pytest.raises(ModelFormatError, match=re.escape("not a compiled slalang policy: at " + where)):
        model_from_json(data)
