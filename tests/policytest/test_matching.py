"""How ``expect`` is compared with the evaluation output."""

from __future__ import annotations

from slalang.policytest import compare

GOT = {
    "id": "T1",
    "sla": "gold",
    "metrics": {
        "first_response": {"status": "met", "deadline": "2026-11-20T16:10:00Z", "stop": "2026-11-20T16:02:00Z", "target_s": 900},
        "next_response": {"status": "none", "cycles": []},
    },
    "escalations": [
        {"metric": "resolution", "at": "2026-11-21T03:55:00Z", "actions": ["notify assignee"]},
        {"metric": "resolution", "at": "2026-11-21T15:55:00Z", "actions": ["notify duty@acme.example", "reassign escalations"]},
    ],
}


def paths(expected) -> list[str]:
    return [m.path for m in compare(expected, GOT)]


def test_a_mapping_compares_only_the_keys_it_names() -> None:
    assert paths({"sla": "gold", "metrics": {"first_response": {"status": "met"}}}) == []
    assert paths({"sla": "silver"}) == ["sla"]
    assert paths({"metrics": {"first_response": {"status": "breached", "target_s": 60}}}) == [
        "metrics.first_response.status",
        "metrics.first_response.target_s",
    ]


def test_a_list_must_match_item_by_item_and_in_length() -> None:
    one = [{"metric": "resolution", "at": "2026-11-21T03:55:00Z"}]
    [mismatch] = compare({"escalations": one}, GOT)
    assert mismatch.path == "escalations" and mismatch.note == "expected 1 items, got 2"
    both = one + [{"actions": ["notify duty@acme.example", "reassign escalations"]}]
    assert paths({"escalations": both}) == []
    assert paths({"escalations": list(reversed(both))}) != []


def test_contains_matches_a_subset_in_any_order_and_a_part_of_text() -> None:
    wanted = {"$contains": [{"actions": ["notify duty@acme.example", "reassign escalations"]}, {"at": "2026-11-21T03:55:00Z"}]}
    assert paths({"escalations": wanted}) == []
    assert paths({"escalations": {"$contains": [{"at": "2026-11-22T00:00:00Z"}]}}) == ["escalations"]
    # each item of the output counts once
    twice = {"$contains": [{"metric": "resolution"}, {"metric": "resolution"}, {"metric": "resolution"}]}
    assert paths({"escalations": twice}) == ["escalations"]
    assert paths({"sla": {"$contains": "ol"}}) == []
    assert paths({"sla": {"$contains": "silver"}}) == ["sla"]


def test_instants_match_whatever_offset_they_are_written_in() -> None:
    assert paths({"metrics": {"first_response": {"deadline": "2026-11-20T17:10:00+01:00"}}}) == []
    [mismatch] = compare({"metrics": {"first_response": {"deadline": "2026-11-20T17:11:00+01:00"}}}, GOT)
    assert mismatch.note == "2026-11-20T17:11:00+01:00 is 2026-11-20T16:11:00Z"


def test_null_matches_null_or_a_missing_key_and_nothing_else() -> None:
    assert paths({"metrics": {"resolution": None}}) == []
    assert paths({"metrics": {"first_response": None}}) == ["metrics.first_response"]
    assert paths({"metrics": {"resolution": {"status": "met"}}}) == ["metrics.resolution"]


def test_numbers_and_booleans_are_not_mixed() -> None:
    assert compare(True, 1) and compare(1, True)
    assert not compare(900, 900.0)
    assert compare("900", 900)
