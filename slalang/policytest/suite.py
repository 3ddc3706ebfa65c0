"""Reading a ``*_test.yaml`` file into cases (the format is described in docs/workflow.md).

```yaml
policy: acme.sla                 # file or directory (or a list), relative to this file
now: 2026-11-23T12:00:00Z        # when the cases are evaluated, unless a case says otherwise
cases:
  - name: enterprise outage answered in time
    ticket: {created_at: 2026-11-20T16:55:00+01:00, ticket: {priority: urgent}, ...}
    expect: {sla: enterprise_urgent, metrics: {first_response: {status: met}}}
  - name: priority table
    template: {created_at: ..., ticket: {priority: "{priority}"}, customer: {plan: pro}}
    parameters: [{priority: urgent, sla: paying_high}, {priority: low, sla: paying_standard}]
    expect: {sla: "{sla}"}
```

Without ``policy``, ``NAME_test.yaml`` tests ``NAME.sla`` beside it. A ticket without ``id``
gets the case's name. In a template, ``"{name}"`` alone is replaced by the parameter's value
(a number stays a number); inside longer text it is replaced by the value's text; ``{{``
and ``}}`` are literal braces.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from typing import Any

from .. import located_yaml
from ..evaluation import InstantError, parse_rfc3339
from ..located_yaml import YamlError, read_yaml_file
from ..suggestions import closest
from .document import LocatedDocument, Path, load_located, yaml_problem
from .expectations import check_expectation

TEST_FILE_SUFFIXES = ("_test.yaml", "_test.yml")
FILE_KEYS = ("policy", "now", "cases")
CASE_KEYS = ("name", "now", "ticket", "template", "parameters", "expect")
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class Case:
    name: str
    ticket: dict[str, Any]
    expect: dict[str, Any]
    now: str
    line: int  # where the case starts in its file


@dataclass(frozen=True)
class TestFile:
    __test__ = False  # not a pytest test class

    path: str
    policy_paths: tuple[str, ...]
    cases: tuple[Case, ...]


def load_test_file(path: str) -> TestFile:
    """Read and check a test file; raises TestFileError with the location of the problem."""
    try:
        data, locations, _ = read_yaml_file(path)
    except YamlError as exc:
        raise yaml_problem(exc, path) from None
    return _test_file(LocatedDocument(path, located_yaml.LocatedDocument(data, locations)), path)


def parse_test_file(text: str, path: str) -> TestFile:
    return _test_file(load_located(text, path), path)


def _test_file(doc: LocatedDocument, path: str) -> TestFile:
    data = doc.data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise doc.error((), "a test file is a mapping with `policy`, `now` and `cases`")
    _no_unknown_keys(doc, data, (), FILE_KEYS, "a test file")
    policy_paths = _policy_paths(doc, data, path)
    default_now = _instant(doc, data, ("now",)) if "now" in data else None
    raw_cases = data.get("cases") or []
    if not isinstance(raw_cases, list):
        raise doc.error(("cases",), "`cases` is a list of cases", "start each case with `- name: ...`")
    cases: list[Case] = []
    names: dict[str, Path] = {}
    for index, raw in enumerate(raw_cases):
        for case in _cases_of(doc, raw, ("cases", index), default_now):
            if case.name in names:
                raise doc.error(("cases", index, "name"), f"two cases are named {case.name!r}", "give each case its own name")
            names[case.name] = ("cases", index)
            cases.append(case)
    return TestFile(path, policy_paths, tuple(cases))


def _no_unknown_keys(doc: LocatedDocument, data: dict, path: Path, known: tuple[str, ...], what: str) -> None:
    for key in data:
        if key not in known:
            close = closest(key, known)
            hint = f"did you mean `{close}`?" if close else "the keys are " + ", ".join(known)
            raise doc.error(path + (key,), f"{what} has no key `{key}`", hint, at_key=True)


def _policy_paths(doc: LocatedDocument, data: dict, path: str) -> tuple[str, ...]:
    base = os.path.dirname(path)
    value = data.get("policy")
    if value is None:
        name = os.path.basename(path)
        for suffix in TEST_FILE_SUFFIXES:
            if name.endswith(suffix):
                candidate = os.path.join(base, name[: -len(suffix)] + ".sla")
                if os.path.exists(candidate):
                    return (candidate,)
        raise doc.error((), "the test file does not say which policy it tests",
                        "add `policy: NAME.sla` (relative to this file), or name the file NAME_test.yaml beside NAME.sla")
    values = value if isinstance(value, list) else [value]
    out = []
    for i, item in enumerate(values):
        where: Path = ("policy", i) if isinstance(value, list) else ("policy",)
        if not isinstance(item, str) or not item:
            raise doc.error(where, "`policy` names a policy file or directory, relative to this file")
        resolved = os.path.normpath(os.path.join(base, item))
        if not os.path.exists(resolved):
            raise doc.error(where, f"policy {item!r} not found (looked for {resolved})")
        out.append(resolved)
    if not out:
        raise doc.error(("policy",), "`policy` names at least one policy file or directory")
    return tuple(out)


def _instant(doc: LocatedDocument, data: dict, path: Path) -> str:
    value = data[path[-1]]
    if not isinstance(value, str):
        raise doc.error(path, "expected an instant such as 2026-11-23T12:00:00Z")
    try:
        parse_rfc3339(value)
    except InstantError as exc:
        raise doc.error(path, str(exc), "write RFC 3339 with an offset, e.g. 2026-11-23T12:00:00Z") from None
    return value


def _cases_of(doc: LocatedDocument, raw: Any, path: Path, default_now: str | None) -> list[Case]:
    if not isinstance(raw, dict):
        raise doc.error(path, "a case is a mapping with `name`, `ticket` (or `template` and `parameters`) and `expect`")
    _no_unknown_keys(doc, raw, path, CASE_KEYS, "a case")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise doc.error(path + ("name",), "every case needs a `name` (text)")
    now = _instant(doc, raw, path + ("now",)) if "now" in raw else default_now
    if now is None:
        raise doc.error(path, "no `now`: give one for the file or for this case",
                        "cases are evaluated as of `now`, e.g. now: 2026-11-23T12:00:00Z")
    if not raw.get("expect"):
        raise doc.error(path + ("expect",) if "expect" in raw else path, "the case has no `expect`",
                        "say what the output should be, e.g. expect: {sla: my_sla}")
    line = doc.where(path)[0]
    if "parameters" in raw or "template" in raw:
        if "ticket" in raw:
            raise doc.error(path + ("ticket",), "a case has either `ticket`, or `template` with `parameters`")
        return _expand(doc, raw, path, name, now, line)
    if "ticket" not in raw:
        raise doc.error(path, "the case has no `ticket`")
    ticket = _ticket(doc, raw["ticket"], path + ("ticket",), name)
    check_expectation(doc, raw["expect"], path + ("expect",))
    return [Case(name, ticket, raw["expect"], now, line)]


def _ticket(doc: LocatedDocument, value: Any, path: Path, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise doc.error(path, "a ticket is a mapping (created_at, ticket, customer, events), as in `slalang eval` input")
    return value if "id" in value else {"id": name, **value}


def _expand(doc: LocatedDocument, raw: dict, path: Path, name: str, now: str, line: int) -> list[Case]:
    if "template" not in raw:
        raise doc.error(path, "`parameters` needs a `template` ticket to fill in")
    rows = raw.get("parameters")
    if not isinstance(rows, list) or not rows:
        raise doc.error(path + ("parameters",), "`parameters` is a non-empty list of mappings, one per case")
    cases = []
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            raise doc.error(path + ("parameters", i), "each parameter row is a mapping such as {priority: urgent}")
        label = ", ".join(f"{k}={_label(v)}" for k, v in row.items())
        ticket = _ticket(doc, _fill(doc, raw["template"], row, path + ("template",)), path + ("template",), f"{name} [{label}]")
        expect = _fill(doc, raw["expect"], row, path + ("expect",))
        check_expectation(doc, expect, path + ("expect",))
        cases.append(Case(f"{name} [{label}]", ticket, expect, now, line))
    return cases


def _fill(doc: LocatedDocument, value: Any, row: dict, path: Path) -> Any:
    if isinstance(value, dict):
        return {k: _fill(doc, v, row, path + (k,)) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(doc, v, row, path + (i,)) for i, v in enumerate(value)]
    if not isinstance(value, str):
        return value
    whole = _PLACEHOLDER.fullmatch(value)
    if whole is not None and whole.group(1) is not None:
        return _parameter(doc, row, whole.group(1), path)

    def substitute(match: re.Match) -> str:
        if match.group(0) in ("{{", "}}"):
            return match.group(0)[0]
        return _text(_parameter(doc, row, match.group(1), path))

    return _PLACEHOLDER.sub(substitute, value)


def _parameter(doc: LocatedDocument, row: dict, key: str, path: Path) -> Any:
    if key not in row:
        known = ", ".join(row) or "none"
        raise doc.error(path, f"`{{{key}}}` names no parameter of this row (it has: {known})",
                        "add it to every row of `parameters`, or write {{ and }} for literal braces")
    return row[key]


def _text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _label(value: Any) -> str:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _text(value)


def is_test_file(name: str) -> bool:
    return name.endswith(TEST_FILE_SUFFIXES)


def find_test_files(paths: list[str]) -> tuple[list[str], list[str]]:
    """Test files named, and every ``*_test.yaml`` below named directories; and missing paths."""
    found: list[str] = []
    missing: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            for directory, subdirs, files in os.walk(path):
                subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
                found += [os.path.join(directory, f) for f in sorted(files) if is_test_file(f)]
        elif os.path.isfile(path):
            found.append(path)
        else:
            missing.append(path)
    unique = list(dict.fromkeys(os.path.normpath(p) for p in found))
    return unique, missing
