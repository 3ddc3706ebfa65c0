"""Reading API pages as saved: one page, a list of pages, JSON Lines, bare lists; located errors."""

from __future__ import annotations

import json

import pytest

from slalang.bridges.pages import ordered, parse_documents, read_records, read_text, records
from slalang.bridges.problems import BridgeError, Problem, pointer


def test_one_page_records_are_pointed_at_in_the_page():
    text = json.dumps({"sla_policies": [{"id": 1}, {"id": 2}], "next_page": None})
    found = read_records(text, "p.json", "sla_policies")
    assert [r.value["id"] for r in found] == [1, 2]
    assert [r.pointer for r in found] == ["/sla_policies/0", "/sla_policies/1"]
    assert found[1].line is None


def test_a_list_of_pages_points_into_each_page():
    text = json.dumps([{"sla_policies": [{"id": 1}]}, {"sla_policies": [{"id": 2}, {"id": 3}]}])
    found = read_records(text, "p.json", "sla_policies")
    assert [r.pointer for r in found] == ["/0/sla_policies/0", "/1/sla_policies/0", "/1/sla_policies/1"]


def test_json_lines_of_pages_give_the_line_and_the_pointer_in_it():
    text = json.dumps({"schedules": [{"id": 1}]}) + "\n\n" + json.dumps({"schedules": [{"id": 2}]}) + "\n"
    found = read_records(text, "s.jsonl", "schedules")
    assert [(r.line, r.pointer) for r in found] == [(1, "/schedules/0"), (3, "/schedules/0")]
    assert str(found[1].problem("bad", None, "name")) == "s.jsonl:3#/schedules/0/name: bad"


def test_a_single_record_answer_and_freshdesk_bare_lists():
    assert [r.pointer for r in read_records(json.dumps({"sla_policy": {"id": 9}}), "p.json", "sla_policies", "sla_policy")] == ["/sla_policy"]
    bare = read_records(json.dumps([{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]), "f.json", None)
    assert [r.pointer for r in bare] == ["/0", "/1"]
    pages = read_records(json.dumps([[{"id": 1}], [{"id": 2}]]), "f.json", None)
    assert [r.pointer for r in pages] == ["/0/0", "/1/0"]
    one = read_records(json.dumps({"id": 1, "business_hours": {}}), "f.json", None)
    assert [r.pointer for r in one] == [""]


@pytest.mark.parametrize(
    ("text", "where", "reason"),
    [
        ('{"sla_policies": [', "p.json:1:19", "is not valid JSON"),
        ('{"a": 1}\n{"b": ', "p.json:2:7", "is not valid JSON Lines"),
        ("", "p.json", "is empty"),
        ('{"policies": []}', "p.json", "expected a page with `sla_policies`"),
        ('{"sla_policies": {"id": 1}}', "p.json#/sla_policies", "`sla_policies` must be a list, got an object"),
        ("42", "p.json", "expected a page (an object or a list), got a number"),
    ],
)
def test_unreadable_pages_are_located(text, where, reason):
    with pytest.raises(BridgeError) as caught:
        read_records(text, "p.json", "sla_policies")
    assert caught.value.problem.where == where
    assert reason in caught.value.problem.reason


def test_deep_nesting_is_an_error_not_a_crash():
    with pytest.raises(BridgeError) as caught:
        parse_documents("[" * 100_000, "deep.json")
    assert "nested too deeply" in caught.value.problem.reason or "not valid JSON" in caught.value.problem.reason


def test_missing_files_and_directories_are_said_plainly(tmp_path):
    with pytest.raises(BridgeError, match="no such file"):
        read_text(str(tmp_path / "nope.json"))
    with pytest.raises(BridgeError, match="is a directory"):
        read_text(str(tmp_path))


def test_ordered_by_position_keeps_file_order_on_ties_and_puts_missing_last():
    found = records(parse_documents(json.dumps({"p": [
        {"id": "c", "position": 3}, {"id": "x"}, {"id": "a", "position": 1}, {"id": "b", "position": 3}]}), "f"), "p")
    assert [r.value["id"] for r in ordered(found, "position")] == ["a", "c", "b", "x"]


def test_json_pointers_escape_tilde_and_slash():
    assert pointer("a/b", "c~d", 0) == "/a~1b/c~0d/0"
    problem = Problem("f.json", "/x", "why", "do this", 3, 4)
    assert problem.to_json() == {"source": "f.json", "pointer": "/x", "line": 3, "column": 4, "reason": "why", "hint": "do this"}
