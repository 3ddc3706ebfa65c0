"""POST /v1/check: findings for posted text, exactly as `slalang check --format json` lists them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .conftest import assert_error
from .live import ROOT

CALENDARS = (ROOT / "policies" / "calendars.sla").read_text(encoding="utf-8")
ACME = (ROOT / "policies" / "acme.sla").read_text(encoding="utf-8")
SHADOWED = """\
priorities urgent > normal
calendar office { timezone "Europe/Amsterdam" hours mon-fri 09:00-17:00 }
sla everyone {
    calendar office
    first_response within 4h
}
sla urgent_only {
    when priority urgent
    calendar office
    first_response within 1h
}
"""


def cli_check(tmp_path, name: str, text: str) -> list[dict]:
    """`slalang check --format json NAME` run in a directory holding only that file."""
    (tmp_path / name).write_text(text, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-m", "slalang", "check", "--format", "json", name], cwd=tmp_path,
                         capture_output=True, text=True, env=env, timeout=60)
    assert run.returncode in (0, 1), run.stderr
    return json.loads(run.stdout)


def test_findings_are_the_cli_findings(client, tmp_path) -> None:
    response = client.post("/v1/check", json={"text": SHADOWED, "name": "shadow.sla"})
    assert response.status_code == 200
    findings = response.json()["findings"]
    assert [f["rule"] for f in findings if f["severity"] == "error"] == ["shadowed-sla"]
    assert findings == cli_check(tmp_path, "shadow.sla", SHADOWED)
    shadowed = next(f for f in findings if f["rule"] == "shadowed-sla")
    assert (shadowed["file"], shadowed["line"]) == ("shadow.sla", 7)


def test_text_plain_body_with_name_in_the_query(client, tmp_path) -> None:
    response = client.post("/v1/check", params={"name": "calendars.sla"}, content=CALENDARS.encode(),
                           headers={"content-type": "text/plain; charset=utf-8"})
    assert response.status_code == 200
    assert response.json()["findings"] == cli_check(tmp_path, "calendars.sla", CALENDARS)


def test_default_name_and_a_clean_policy(client) -> None:
    text = "priorities high > low\nsla all {\n    calendar always\n    first_response within 1h\n}\n"
    response = client.post("/v1/check", content=text.encode(), headers={"content-type": "text/plain"})
    assert response.status_code == 200
    assert response.json() == {"findings": []}


def test_syntax_errors_are_findings_not_http_errors(client) -> None:
    response = client.post("/v1/check", json={"text": "sla x {\n    first_response within 15\n}\n"})
    assert response.status_code == 200
    [finding] = response.json()["findings"]
    assert (finding["rule"], finding["file"], finding["line"], finding["column"]) == ("syntax", "policy.sla", 2, 27)
    assert finding["message"] == "unexpected `15`: expected a duration such as 15m or 4h"


def test_imports_are_refused_with_a_clear_finding(client) -> None:
    response = client.post("/v1/check", json={"text": ACME, "name": "acme.sla"})
    assert response.status_code == 200
    [finding] = response.json()["findings"]
    assert finding["rule"] == "import-error" and finding["severity"] == "error"
    assert (finding["line"], finding["column"]) == (5, 8)
    assert finding["message"] == '`import "calendars.sla"`: imports are not allowed in policy text posted to /v1/check'
    assert "paste the imported declarations" in finding["hint"]


@pytest.mark.parametrize(
    ("kwargs", "status", "code", "where"),
    [
        ({"json": {"name": "x.sla"}}, 422, "invalid_body", "text"),
        ({"json": {"text": 5}}, 422, "invalid_body", "text"),
        ({"json": {"text": "", "name": ""}}, 422, "invalid_body", "name"),
        ({"json": {"text": "", "name": "a\nb"}}, 422, "invalid_body", "name"),
        ({"json": {"text": "", "name": 3}}, 422, "invalid_body", "name"),
        ({"json": {"text": "", "nmae": "x"}}, 422, "invalid_body", "nmae"),
        ({"json": ["text"]}, 422, "invalid_body", "body"),
        ({"content": b'{"text": "x"', "headers": {"content-type": "application/json"}}, 400, "invalid_json",
         "body line 1, column 13"),
        ({"content": b"sla \xe9", "headers": {"content-type": "text/plain"}}, 400, "invalid_encoding",
         "body line 1, column 5"),
        ({"content": b"x", "headers": {"content-type": "text/plain; charset=latin-1"}}, 415,
         "unsupported_media_type", "header Content-Type"),
        ({"content": b"x", "headers": {"content-type": "application/yaml"}}, 415, "unsupported_media_type",
         "header Content-Type"),
        ({"content": b"x", "params": {"name": ""}, "headers": {"content-type": "text/plain"}}, 422, "invalid_query",
         "query name"),
        ({"json": {"text": "x"}, "params": {"name": "a\tb"}}, 422, "invalid_query", "query name"),
    ],
)
def test_bad_requests(client, kwargs: dict, status: int, code: str, where: str) -> None:
    assert_error(client.post("/v1/check", **kwargs), status, code, where)
