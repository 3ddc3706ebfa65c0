"""The bad example in each rule's docstring fires that rule and the good one does not, so
the rule reference (generated from the docstrings) shows examples that really behave so."""

from __future__ import annotations

import re

import pytest

from slalang.analysis.rules import RULES

from .analysis_helpers import findings

_BLOCK = re.compile(r"```sla\n(.*?)```", re.S)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.ID)
def test_docstring_examples(rule):
    bad, good = _BLOCK.findall(rule.__doc__)[:2]
    assert [d.code for d in findings(bad, rule.ID)], f"{rule.ID}: the bad example does not fire"
    assert not findings(good, rule.ID), f"{rule.ID}: the good example fires"
