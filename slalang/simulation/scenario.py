"""Reading a simulation scenario: YAML validated against the schema and the policy.

``load_scenario(path, model)`` returns a frozen ``Scenario`` or raises ``ScenarioError``
carrying every problem as a located ``Diagnostic``: the path in the file
(``arrivals[2].rate``), its line and column, what was expected and a hint.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from typing import Any

import jsonschema

from ..compiler.paths import is_inside
from ..diagnostics import Diagnostic, error, sort_diagnostics
from ..evaluation.instants import FIRST_YEAR, LAST_YEAR, LATEST_S
from ..limits import MAX_SIM_ARRIVALS, limit
from ..located_yaml import (
    Locations,
    Path,
    YamlError,
    format_path,
    read_yaml,
    read_yaml_file,
)
from ..model import PolicySet
from ..source import Span
from ..suggestions import closest, name_hint
from .distributions import Distribution, Empirical, Exponential, Fixed, LogNormal
from .plan import plan_problems
from .quantities import (
    QuantityError,
    parse_duration_s,
    parse_instant_utc,
    parse_rate_per_s,
)
from .workload import (
    CODE_INVALID,
    CODE_UNKNOWN,
    CODE_YAML,
    Accounts,
    ArrivalStream,
    Scenario,
    WorkSpec,
)


class ScenarioError(ValueError):
    """A scenario that cannot be simulated; ``diagnostics`` says where and why."""

    def __init__(self, diagnostics: list[Diagnostic], sources: dict[str, str] | None = None) -> None:
        self.diagnostics = sort_diagnostics(diagnostics)
        self.sources = sources or {}  # scenario file -> text, for showing the lines
        super().__init__("\n".join(render_problem(d) for d in self.diagnostics))


def render_problem(d: Diagnostic) -> str:
    """``scenario.yaml:7:11: error: arrivals[2].rate: expected ... (hint: ...)``."""
    where = f"{d.span.file}:{d.span.line}:{d.span.column}"
    text = f"{where}: {d.severity.value}: {d.message}"
    if d.help:
        text += f"\n  hint: {d.help}"
    return text


@lru_cache(maxsize=1)
def scenario_schema() -> dict[str, Any]:
    """The JSON Schema a scenario is validated against (shipped in ``slalang/schemas``)."""
    text = resources.files("slalang").joinpath("schemas", "scenario.schema.json").read_text("utf-8")
    return json.loads(text)


def load_scenario(path: str | os.PathLike[str], model: PolicySet) -> Scenario:
    """Read and validate the scenario file at ``path`` against the compiled policy."""
    name = os.fspath(path)
    try:
        data, locations, text = read_yaml_file(name)
    except YamlError as exc:
        raise _yaml_problem(exc, name, None) from None
    return scenario_from_data(data, model, name=name, locations=locations,
                              base_dir=os.path.dirname(os.path.abspath(name)), text=text)


def parse_scenario(text: str, name: str, model: PolicySet, base_dir: str | None = None) -> Scenario:
    """Validate scenario YAML held in memory; ``base_dir`` resolves ``empirical`` files."""
    try:
        data, locations = read_yaml(text)
    except YamlError as exc:
        raise _yaml_problem(exc, name, text) from None
    return scenario_from_data(data, model, name=name, locations=locations, base_dir=base_dir, text=text)


def _yaml_problem(exc: YamlError, name: str, text: str | None) -> ScenarioError:
    message = f"{format_path(exc.path)}: {exc.message}" if exc.path else exc.message
    span = Span.point(name, exc.line, exc.column)
    return ScenarioError([error(CODE_YAML, message, span, exc.hint)], {name: text} if text is not None else {})


def scenario_from_data(
    data: Any,
    model: PolicySet,
    *,
    name: str = "<scenario>",
    locations: Locations | None = None,
    base_dir: str | None = None,
    text: str | None = None,
) -> Scenario:
    """Validate already-parsed scenario data (a dict shaped like the YAML)."""
    builder = _Builder(model, name, locations or Locations(), base_dir or os.getcwd(), text)
    return builder.build(data)


class _Builder:
    def __init__(self, model: PolicySet, name: str, locations: Locations, base_dir: str, text: str | None) -> None:
        self.text = text
        self.model = model
        self.name = name
        self.locations = locations
        self.base_dir = base_dir
        self.problems: list[Diagnostic] = []

    # --- reporting ----------------------------------------------------------------------

    def problem(self, path: Path, message: str, hint: str | None, *, at_key: bool = False, code: str = CODE_INVALID) -> None:
        line, column, end_line, end_column = self.locations.of_key(path) if at_key else self.locations.of_value(path)
        self.problems.append(
            error(code, f"{format_path(path)}: {message}", Span(self.name, line, column, end_line, end_column), hint)
        )

    def fail_if_any(self) -> None:
        if self.problems:
            raise ScenarioError(self.problems, {self.name: self.text} if self.text is not None else {})

    # --- stages -------------------------------------------------------------------------

    def build(self, data: Any) -> Scenario:
        if not isinstance(data, dict):
            self.problem((), "expected a mapping with start, duration, arrivals and work", _EXAMPLE_HINT)
            self.fail_if_any()
        self.check_keys_are_strings(data, ())
        self.fail_if_any()
        self.check_schema(data)
        self.fail_if_any()
        scenario = self.read(data)
        self.fail_if_any()
        for path, message, hint, code in plan_problems(self.model, scenario):
            self.problem(path, message, hint, code=code, at_key=path[:1] == ("work",) and len(path) == 2)
        self.fail_if_any()
        return scenario

    def check_keys_are_strings(self, value: Any, path: Path) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str):
                    self.problem(path + (str(key),), f"key {key!r} is not a name", "keys are names such as rate or tier1", at_key=True)
                else:
                    self.check_keys_are_strings(item, path + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self.check_keys_are_strings(item, path + (index,))

    def check_schema(self, data: dict) -> None:
        schema = scenario_schema()
        validator = jsonschema.Draft202012Validator(schema)
        for err in validator.iter_errors(data):
            self.schema_problem(err)

    def schema_problem(self, err: jsonschema.ValidationError) -> None:
        path: Path = tuple(err.absolute_path)
        schema = err.schema if isinstance(err.schema, dict) else {}
        expected = schema.get("x-expected")
        hint = schema.get("x-hint")
        kind = err.validator
        if kind == "required":
            missing = err.message.split("'")[1] if "'" in err.message else "a key"
            self.problem(path, f"missing `{missing}`", hint or f"add `{missing}`")
        elif kind == "additionalProperties" and isinstance(err.instance, dict):
            known = list(schema.get("properties", {}))
            for key in sorted(k for k in err.instance if k not in known):
                match = closest(key, known)
                tip = f"did you mean `{match}`?" if match else "allowed keys: " + ", ".join(known)
                self.problem(path + (key,), f"unknown key `{key}`", tip, at_key=True)
        elif kind in ("propertyNames",) or (err.relative_schema_path and "propertyNames" in err.relative_schema_path):
            key = err.instance
            shown = f"`{key}`"
            self.problem(path + (str(key),), f"unexpected key {shown}: expected {expected or 'a known key'}", hint, at_key=True)
        elif kind == "minProperties" or kind == "minItems":
            self.problem(path, f"is empty: expected {expected or 'at least one item'}", hint)
        else:
            shown = _show(err.instance)
            self.problem(path, f"expected {expected or _plain(err.message)}, got {shown}", hint)

    def read(self, data: dict) -> Scenario:
        start_utc = self.quantity(("start",), data["start"], parse_instant_utc)
        duration_s = self.quantity(("duration",), data["duration"], parse_duration_s)
        if start_utc is not None and duration_s is not None and start_utc + duration_s > LATEST_S:
            self.problem(("duration",), f"the scenario would end after the supported years (it starts {data['start']} "
                         f"and lasts {data['duration']})", f"a scenario runs in the years {FIRST_YEAR}-{LAST_YEAR}: shorten it")
            duration_s = None
        arrivals = []
        for index, raw in enumerate(data["arrivals"]):
            path: Path = ("arrivals", index)
            rate = self.quantity(path + ("rate",), raw["rate"], parse_rate_per_s) if "rate" in raw else None
            at_s: tuple[float, ...] | None = None
            if "at" in raw:
                scripted: list[float] = []
                for i, text in enumerate(raw["at"]):
                    instant = self.quantity(path + ("at", i), text, parse_instant_utc)
                    if instant is None or start_utc is None or duration_s is None:
                        continue
                    if not start_utc <= instant < start_utc + duration_s:
                        self.problem(path + ("at", i), f"{text} is outside the scenario ({data['start']} for {data['duration']})",
                                     "scripted arrivals must fall within start + duration")
                    scripted.append(float(instant - start_utc))
                at_s = tuple(sorted(scripted))
                if rate is None and at_s:
                    rate = len(at_s) / (duration_s or 1)
            profile = raw.get("profile")
            if profile is not None and profile not in self.model.calendars:
                self.problem(path + ("profile",), f"unknown calendar `{profile}`", name_hint(profile, self.model.calendars, "calendars"), code=CODE_UNKNOWN)
            ticket = dict(raw.get("ticket") or {})
            priority = ticket.get("priority")
            if priority is not None and priority not in self.model.priorities:
                self.problem(
                    path + ("ticket", "priority"),
                    f"priority {_show(priority)} is not declared by the policy",
                    name_hint(str(priority), self.model.priorities, "priorities"),
                    code=CODE_UNKNOWN,
                )
            arrivals.append(ArrivalStream(index, ticket, dict(raw.get("customer") or {}), rate or 0.0, profile, at_s))
        work = {}
        for key, raw in data["work"].items():
            path = ("work", key)
            team = raw.get("team")
            if team is not None and team not in self.model.teams:
                self.problem(path + ("team",), f"unknown team `{team}`", name_hint(team, self.model.teams, "teams"), code=CODE_UNKNOWN)
            steps = {}
            for ola, dist in (raw.get("steps") or {}).items():
                if ola not in self.model.olas:
                    self.problem(path + ("steps", ola), f"unknown OLA `{ola}`", name_hint(ola, self.model.olas, "OLAs"), at_key=True, code=CODE_UNKNOWN)
                steps[ola] = self.distribution(path + ("steps", ola), dist)
            patience = self.distribution(path + ("patience",), raw["patience"]) if "patience" in raw else None
            work[key] = WorkSpec(key, team, self.distribution(path + ("time",), raw["time"]), steps, patience)
        self.check_size(arrivals, duration_s)
        staffing = {}
        for team, count in (data.get("staffing") or {}).items():
            if team not in self.model.teams:
                self.problem(("staffing", team), f"unknown team `{team}`", name_hint(team, self.model.teams, "teams"), at_key=True, code=CODE_UNKNOWN)
            staffing[team] = count
        accounts = None
        if data.get("accounts") is not None:
            accounts = Accounts(tuple(data["accounts"]["per"].split(".")), data["accounts"]["count"])
        return Scenario(
            name=self.name,
            start_utc=start_utc or 0,
            duration_s=duration_s or 0,
            seed=data.get("seed"),
            arrivals=tuple(arrivals),
            work=work,
            staffing=staffing,
            accounts=accounts,
        )

    def check_size(self, arrivals: list[ArrivalStream], duration_s: int | None) -> None:
        """More expected arrivals than ``MAX_SIM_ARRIVALS`` is an error at the busiest stream:
        the simulator holds every ticket (a million take up to 800 MB)."""
        if not arrivals or duration_s is None:
            return
        expected = [len(a.at_s) if a.at_s is not None else a.rate_per_s * duration_s for a in arrivals]
        most = limit(MAX_SIM_ARRIVALS)
        total = sum(expected)
        if total > most:  # also an infinite rate (a number of 400 digits)
            busiest = max(range(len(arrivals)), key=lambda i: expected[i])
            key = "at" if arrivals[busiest].at_s is not None else "rate"
            shown = f"{total:,.0f}" if total != float("inf") else "infinitely many"
            self.problem(("arrivals", busiest, key), f"the scenario brings {shown} tickets; a simulation takes at "
                         f"most {most:,}", f"lower the rates or the duration, or raise {MAX_SIM_ARRIVALS.env}")

    def quantity(self, path: Path, text: str, parse: Callable[[str], Any]) -> Any:
        try:
            return parse(text)
        except QuantityError as exc:
            self.problem(path, f"expected {exc.expected}, got {_show(text)}", exc.hint)
            return None

    def distribution(self, path: Path, raw: dict) -> Distribution:
        kind = raw["dist"]
        if kind == "exponential":
            return Exponential(float(self.quantity(path + ("mean",), raw["mean"], parse_duration_s) or 1))
        if kind == "lognormal":
            mean = self.quantity(path + ("mean",), raw["mean"], parse_duration_s) or 1
            sd = self.quantity(path + ("sd",), raw["sd"], parse_duration_s) or 1
            return LogNormal(float(mean), float(sd))
        if kind == "fixed":
            key = "value" if "value" in raw else "mean"
            return Fixed(float(self.quantity(path + (key,), raw[key], parse_duration_s) or 1))
        if "values" in raw:
            values = [self.quantity(path + ("values", i), v, parse_duration_s) or 1 for i, v in enumerate(raw["values"])]
            return Empirical(tuple(float(v) for v in values), "values")
        return self.empirical_from_file(path, raw["from"], raw["metric"])

    def empirical_from_file(self, path: Path, source: str, metric: str) -> Distribution:
        from .empirical import EmpiricalError, counted_times

        file, refusal = confined(self.base_dir, source)
        if refusal is not None:
            self.problem(path + ("from",), refusal, "give a tickets file in the scenario's directory or below it, "
                         "by a relative path such as data/tickets.jsonl")
            return Fixed(1.0)
        try:
            values = counted_times(self.model, file, metric)
        except EmpiricalError as exc:
            self.problem(path + ("from",), str(exc), exc.hint)
            return Fixed(1.0)
        return Empirical(tuple(values), f"{source} ({metric})")


def confined(base_dir: str, source: str) -> tuple[str, str | None]:
    """``source`` resolved against the scenario's directory, and why it may not be read (or None).

    As imports are confined to the policy root, a scenario reads files only in its own
    directory or below it: not by an absolute path, not through ``..``, not through a
    symlink that leads out."""
    if os.path.isabs(source) or os.path.splitdrive(source)[0]:
        return source, f"{source!r} is an absolute path; a scenario reads files relative to its own directory"
    base = os.path.abspath(base_dir)
    file = os.path.normpath(os.path.join(base, source))
    if not is_inside(file, base):
        return file, f"{source!r} leads out of the scenario's directory"
    if not is_inside(os.path.realpath(file), os.path.realpath(base)):
        return file, f"{source!r} follows a symlink out of the scenario's directory"
    return file, None


_EXAMPLE_HINT = "see docs/simulation.md for an example scenario"


def _show(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    try:
        return json.dumps(value)
    except (TypeError, ValueError):  # from a mapping given to the library: a datetime, a set, bytes
        return f"a {type(value).__name__} ({value})"


def _plain(message: str) -> str:
    return message.replace("'", "`")
