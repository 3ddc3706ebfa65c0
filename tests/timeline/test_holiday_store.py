"""``holiday_store`` answers as the ``holidays`` package does, from its file on later runs."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import holidays
import pytest

from slalang.timeline import holiday_store
from slalang.timeline.holiday_store import Store


def fresh_store(tmp_path) -> Store:
    return Store(lambda: str(tmp_path / "holidays.json"))


@pytest.fixture
def isolated(monkeypatch, tmp_path):
    """The module's store reads and writes a file under ``tmp_path`` only."""
    monkeypatch.setattr(holiday_store, "_STORE", fresh_store(tmp_path))
    return tmp_path / "holidays.json"


def test_dates_equal_the_package_and_are_written(isolated) -> None:
    expected = frozenset(holidays.country_holidays("US", subdiv="CA", years=2027))
    assert holiday_store.holiday_dates("US", "CA", 2027) == expected
    stored = json.loads(isolated.read_text(encoding="utf-8"))
    assert stored["dates:US:CA:2027"] == sorted(d.isoformat() for d in expected)


def test_a_later_run_reads_the_file_without_asking_the_package(tmp_path) -> None:
    path = tmp_path / "holidays.json"
    path.write_text(json.dumps({"dates:NL::2026": ["2026-04-27"], "countries": ["NL"]}), encoding="utf-8")
    store = fresh_store(tmp_path)

    def refuse() -> list[str]:
        raise AssertionError("asked the package")

    assert store.get("dates:NL::2026", refuse) == ["2026-04-27"]
    assert store.get("countries", refuse) == ["NL"]


def test_unknown_codes_raise_and_are_not_kept(isolated) -> None:
    with pytest.raises(ValueError, match="no public holidays are known for 'US-XX'"):
        holiday_store.holiday_dates("US", "XX", 2026)
    assert not isolated.exists() or "dates:US:XX:2026" not in isolated.read_text(encoding="utf-8")


def test_a_damaged_file_is_ignored(tmp_path, monkeypatch) -> None:
    path = tmp_path / "holidays.json"
    for damage in ("{not json", "[1, 2]", json.dumps({"dates:NL::2026": [1]}), json.dumps({"dates:NL::2026": ["x"]})):
        path.write_text(damage, encoding="utf-8")
        monkeypatch.setattr(holiday_store, "_STORE", fresh_store(tmp_path))
        assert holiday_store.holiday_dates("NL", None, 2026) == frozenset(holidays.country_holidays("NL", years=2026))


def test_without_a_folder_everything_is_computed(monkeypatch) -> None:
    monkeypatch.setattr(holiday_store, "_STORE", Store(lambda: None))
    assert dt.date(2026, 12, 25) in holiday_store.holiday_dates("GB", None, 2026)


def test_check_on_a_second_run_does_not_import_the_country_data(tmp_path) -> None:
    policy = tmp_path / "p.sla"
    policy.write_text(
        'calendar nl {\n  timezone "Europe/Amsterdam"\n  hours mon-fri 09:00-17:00\n  holidays "NL"\n}\n',
        encoding="utf-8",
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    script = (
        "import sys\nfrom slalang.timeline import timeline_for\nfrom slalang.compiler import compile_paths\n"
        f"result = compile_paths([{str(policy)!r}])\n"
        "calendar = result.model.calendars['nl']\n"
        "print(timeline_for(calendar).open_seconds(1767225600, 1767225600 + 30 * 86400))\n"
        "print('holidays.countries' in sys.modules)\n"
    )
    first = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    second = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert first.stdout.split()[0] == second.stdout.split()[0]
    assert first.stdout.split()[1] == "True" and second.stdout.split()[1] == "False"
