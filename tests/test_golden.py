"""The golden-file helper every golden test uses: a missing or different file fails the
test; only ``SLALANG_UPDATE_GOLDEN=1`` writes one."""

from __future__ import annotations

import pytest
from golden import assert_golden


def test_a_missing_golden_file_fails_and_is_not_created(tmp_path, monkeypatch):
    monkeypatch.delenv("SLALANG_UPDATE_GOLDEN", raising=False)
    missing = tmp_path / "case.txt"
    with pytest.raises(pytest.fail.Exception, match="missing golden file .*SLALANG_UPDATE_GOLDEN=1"):
        assert_golden(missing, "output\n")
    assert not missing.exists()


def test_a_different_golden_file_fails_with_a_diff(tmp_path, monkeypatch):
    monkeypatch.delenv("SLALANG_UPDATE_GOLDEN", raising=False)
    golden = tmp_path / "case.txt"
    golden.write_text("one\ntwo\n", encoding="utf-8")
    with pytest.raises(AssertionError, match=r"(?s)-two\n\+three"):
        assert_golden(golden, "one\nthree\n")
    assert golden.read_text(encoding="utf-8") == "one\ntwo\n"


def test_line_endings_and_a_missing_final_newline_count(tmp_path, monkeypatch):
    monkeypatch.delenv("SLALANG_UPDATE_GOLDEN", raising=False)
    golden = tmp_path / "case.txt"
    golden.write_bytes(b"one\r\n")
    with pytest.raises(AssertionError):
        assert_golden(golden, "one\n")
    with pytest.raises(AssertionError):
        assert_golden(golden, "one\r")
    assert_golden(golden, "one\r\n")


@pytest.mark.parametrize("value", ["0", "yes", ""])
def test_only_the_value_1_regenerates(tmp_path, monkeypatch, value):
    monkeypatch.setenv("SLALANG_UPDATE_GOLDEN", value)
    with pytest.raises(pytest.fail.Exception):
        assert_golden(tmp_path / "case.txt", "output\n")


def test_regenerating_writes_the_file_byte_for_byte(tmp_path, monkeypatch):
    monkeypatch.setenv("SLALANG_UPDATE_GOLDEN", "1")
    golden = tmp_path / "sub" / "case.txt"
    assert_golden(golden, "ünïcode\r\nno final newline")
    assert golden.read_bytes() == "ünïcode\r\nno final newline".encode()
    monkeypatch.delenv("SLALANG_UPDATE_GOLDEN")
    assert_golden(golden, "ünïcode\r\nno final newline")


def test_the_old_variable_does_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv("SLALANG_UPDATE_GOLDEN", raising=False)
    monkeypatch.setenv("SLALANG_REGENERATE", "1")
    with pytest.raises(pytest.fail.Exception):
        assert_golden(tmp_path / "case.txt", "output\n")
