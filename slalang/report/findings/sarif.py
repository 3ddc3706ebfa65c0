"""Findings as SARIF 2.1.0, the format code-scanning services (GitHub, Azure DevOps) take.

One run of the ``slalang`` driver, with a rule descriptor (id, name, short and full
description, default level) for every rule that can report, and one result per finding:
level, message, a physical location with a 1-based region (``endColumn`` is the column
after the construct, as in slalang's spans), a stable partial fingerprint, and the hint
and witness as result properties.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ... import __version__
from ...diagnostics import Diagnostic, Severity

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _rule_descriptors() -> list[dict]:
    from ...analysis.rules import COMPILE_CODES, RULES

    descriptors = []
    for code in COMPILE_CODES:
        descriptors.append(
            {
                "id": code,
                "name": _camel(code),
                "shortDescription": {"text": f"The policy does not compile: {code.replace('-', ' ')}."},
                "defaultConfiguration": {"level": "error"},
            }
        )
    for rule in RULES:
        doc = (rule.__doc__ or "").strip()
        descriptors.append(
            {
                "id": rule.ID,
                "name": _camel(rule.ID),
                "shortDescription": {"text": doc.splitlines()[0] if doc else rule.ID},
                "fullDescription": {"text": doc.split("\n\n")[1] if doc.count("\n\n") else doc},
                "help": {"text": doc, "markdown": doc},
                "defaultConfiguration": {"level": _LEVEL[rule.SEVERITY]},
            }
        )
    return descriptors


def _camel(rule_id: str) -> str:
    return "".join(part.capitalize() for part in rule_id.split("-"))


def artifact_uri(file: str) -> tuple[str, bool]:
    """(uri, relative?) for a file name as it appears in spans."""
    path = Path(file)
    if path.is_absolute():
        return path.as_uri(), False
    return quote(file.replace(os.sep, "/")), True


def _directory_uri(directory: str) -> str:
    uri = Path(directory).resolve().as_uri()
    return uri if uri.endswith("/") else uri + "/"


def render_sarif(
    diagnostics: Iterable[Diagnostic], fingerprints: Sequence[str] | None = None, working_directory: str | None = None
) -> str:
    diagnostics = list(diagnostics)
    rules = _rule_descriptors()
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results = []
    for position, d in enumerate(diagnostics):
        if d.code not in index:
            index[d.code] = len(rules)
            rules.append({"id": d.code, "name": _camel(d.code), "shortDescription": {"text": d.code}})
        uri, relative = artifact_uri(d.span.file)
        location: dict = {"uri": uri}
        if relative:
            location["uriBaseId"] = "%SRCROOT%"
        s = d.span
        region = {"startLine": max(s.line, 1), "startColumn": max(s.column, 1)}
        if s.line > 0:
            region["endLine"] = max(s.end_line, s.line)
            region["endColumn"] = max(s.end_column, 1)
        result: dict = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": _LEVEL[d.severity],
            "message": {"text": d.message + (f" (hint: {d.help})" if d.help else "")},
            "locations": [{"physicalLocation": {"artifactLocation": location, "region": region}}],
        }
        if fingerprints is not None:
            result["partialFingerprints"] = {"slalangFinding/v1": fingerprints[position]}
        properties: dict[str, Any] = {}
        if d.help:
            properties["hint"] = d.help
        if d.witness is not None:
            properties["witness"] = d.witness
        if properties:
            result["properties"] = properties
        results.append(result)
    cwd = working_directory if working_directory is not None else os.getcwd()
    run = {
        "tool": {
            "driver": {
                "name": "slalang",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": rules,
            }
        },
        "originalUriBaseIds": {"%SRCROOT%": {"uri": _directory_uri(cwd)}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
