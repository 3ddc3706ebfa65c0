"""``slalang test --junit``: policy test results as JUnit XML, the report format CI services display."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET

from ...policytest.runner import ERROR, FAILED, RunResult
from .text import policy_errors_text, policy_errors_title, render_case, show


def junit_xml(run: RunResult) -> str:
    """One ``<testsuite>`` per test file, one ``<testcase>`` per case.

    A bad test file, a policy that does not compile and a file without cases each appear
    as a ``<testcase>`` with an ``<error>``, so CI shows them rather than a green run.
    """
    root = ET.Element("testsuites", name="slalang test")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for result in run.files:
        suite_name = os.path.splitext(result.path)[0].replace(os.sep, ".")
        suite = ET.SubElement(root, "testsuite", name=result.path)
        counts = {"tests": 0, "failures": 0, "errors": 0}
        if result.problem is not None or result.empty or result.policy_error:
            if result.problem is not None:
                message, text = "bad test file", str(result.problem)
            elif result.policy_error:
                message, text = policy_errors_title(result.policy_error), policy_errors_text(result.policy_error)
            else:
                message, text = "the test file has no cases", "add at least one case under `cases:`"
            case = ET.SubElement(suite, "testcase", classname=suite_name, name="(test file)", time="0.000")
            ET.SubElement(case, "error", message=message).text = text
            counts["tests"] += 1
            counts["errors"] += 1
        for case_result in result.cases:
            case = ET.SubElement(suite, "testcase", classname=suite_name, name=case_result.case.name,
                                 time=f"{case_result.seconds:.3f}")
            counts["tests"] += 1
            if case_result.outcome == FAILED:
                counts["failures"] += 1
                first = case_result.mismatches[0] if case_result.mismatches else None
                message = f"{first.path}: expected {show(first.expected)}, got {show(first.got)}" if first else "failed"
                element = ET.SubElement(case, "failure", message=message)
                element.text = "\n".join(render_case(case_result, verbose=True)[1:])
            elif case_result.outcome == ERROR:
                counts["errors"] += 1
                ET.SubElement(case, "error", message=case_result.message or "error").text = case_result.message
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("time", f"{result.seconds:.3f}")
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", f"{run.seconds:.3f}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
