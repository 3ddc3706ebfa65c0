"""Accounts: grouped and ordered as credits.md says (null first, numbers numerically, strings
by code point, lists and objects as canonical JSON), booleans and number spellings pinned."""

from __future__ import annotations

from slalang.credits.accounts import account_key, account_of, canonical_json


def ordered(values: list) -> list:
    accounts = {account_key(account_of(v)): account_of(v) for v in values}
    return [accounts[k] for k in sorted(accounts)]


def test_null_first_then_numbers_numerically_then_strings_by_code_point() -> None:
    assert ordered(["b", 10, None, "B", 2, "a", 2.5, "é", "Z"]) == [None, 2, 2.5, 10, "B", "Z", "a", "b", "é"]


def test_lists_and_objects_are_their_canonical_json_text_and_sort_as_strings() -> None:
    assert account_of({"b": 1, "a": [1, "x"]}) == '{"a":[1,"x"],"b":1}'
    assert account_of(["é", 1]) == '["é",1]'
    assert canonical_json({"z": None}) == '{"z":null}'
    assert ordered([["a"], "Z", {"a": 1}, 3]) == [3, "Z", '["a"]', '{"a":1}']  # Z is U+005A, [ is U+005B


def test_booleans_are_accounts_of_their_own_between_null_and_numbers() -> None:
    # decided where credits.md is silent: true is not the account 1
    assert ordered([1, True, None, False, 0]) == [None, False, True, 0, 1]
    assert account_key(account_of(True)) != account_key(account_of(1))


def test_one_number_is_one_account_whatever_its_spelling() -> None:
    assert account_of(7.0) == 7 and isinstance(account_of(7.0), int)
    assert account_key(account_of(7.0)) == account_key(account_of(7))
    assert account_of(7.5) == 7.5
