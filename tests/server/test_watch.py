"""`slalang serve --watch` as a user runs it: edit the policy, see it reload; break it, see
the last good version keep serving and the error shown; fix it, see the error cleared."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

import slalang

from .conftest import NOW, TICKET
from .live import ROOT, ServerProcess


def wait_for(predicate, timeout_s: float = 15.0, what: str = "condition"):
    deadline = time.monotonic() + timeout_s
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def write(path: Path, text: str) -> None:
    """Replace the file's text and make sure its modification time moves on."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime_ns == before:
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


@pytest.fixture()
def policy_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "policy"
    folder.mkdir()
    for name in ("acme.sla", "calendars.sla"):
        shutil.copy(ROOT / "policies" / name, folder / name)
    return folder


def test_watch_reloads_refuses_broken_versions_and_recovers(policy_dir: Path, tmp_path: Path) -> None:
    acme = policy_dir / "acme.sla"
    original = acme.read_text(encoding="utf-8")
    first_hash = slalang.load(acme).version_hash
    with ServerProcess(acme, "--watch", "--poll-interval", "0.1", log_path=tmp_path / "serve.log") as server, \
            server.client() as client:
        info = client.get("/v1/policy").json()
        assert (info["version_hash"], info["watching"], info["last_reload_error"]) == (first_hash, True, None)

        # 1. a new version: urgent enterprise tickets now get a 10-minute first response
        write(acme, original.replace("first_response within 15m goal 99%", "first_response within 10m goal 99%"))
        second_hash = slalang.load(acme).version_hash
        wait_for(lambda: client.get("/v1/policy").json()["version_hash"] == second_hash, what="the new version")
        result = client.post("/v1/evaluate", json={"ticket": TICKET, "now": NOW}).json()["results"][0]
        assert result["metrics"]["first_response"]["target_s"] == 600, result

        # 2. a broken version: refused, the last good one serves, the error is shown
        write(acme, original.replace("calendar always\n    first_response within 15m", "calendar alwayz\n    first_response within 15m"))
        error = wait_for(lambda: client.get("/v1/policy").json()["last_reload_error"], what="the reload error")
        assert any(f["rule"] == "unknown-name" and "alwayz" in f["message"] for f in error["findings"]), error
        assert "alwayz" in error["message"]
        assert client.get("/v1/policy").json()["version_hash"] == second_hash
        assert client.get("/healthz").json()["reload_failing"] is True
        result = client.post("/v1/evaluate", json={"ticket": TICKET, "now": NOW}).json()["results"][0]
        assert result["metrics"]["first_response"]["target_s"] == 600, result
        assert 'slalang_policy_reloads_total{result="failed"} 1.0' in client.get("/metrics").text

        # 3. an imported file changes: the set reloads too
        calendars = policy_dir / "calendars.sla"
        write(acme, original)
        wait_for(lambda: client.get("/v1/policy").json()["version_hash"] == first_hash, what="the fixed version")
        assert client.get("/v1/policy").json()["last_reload_error"] is None
        write(calendars, calendars.read_text(encoding="utf-8") + "\n# a comment\n")
        third_hash = slalang.load(acme).version_hash
        wait_for(lambda: client.get("/v1/policy").json()["version_hash"] == third_hash, what="the imported file's change")
        metrics = client.get("/metrics").text
        assert 'slalang_policy_reloads_total{result="loaded"} 3.0' in metrics
        assert "slalang_policy_reload_failing 0.0" in metrics

    lines = server.log_lines()
    events = [line["event"] for line in lines if line["logger"] == "slalang.server"]
    assert events.count("policy reloaded") == 3
    refused = [line for line in lines if line["event"].startswith("policy reload refused")]
    assert len(refused) == 1 and refused[0]["level"] == "error" and "alwayz" in refused[0]["error"]
    access = [line for line in lines if line["logger"] == "slalang.server.access"]
    assert access and all({"method", "path", "status", "duration_ms", "bytes"} <= set(line) for line in access)


def test_serve_refuses_to_start_on_a_broken_policy(tmp_path: Path) -> None:
    broken = tmp_path / "broken.sla"
    broken.write_text("sla x {\n    first_response within 15\n}\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="exited with 2") as failure:
        with ServerProcess(broken, log_path=tmp_path / "serve.log"):
            pass
    assert "broken.sla:2:27" in str(failure.value) and "nothing served" in str(failure.value)


def test_a_burst_of_writes_is_one_reload(policy_dir: Path) -> None:
    from slalang.server.reloading import PolicyHolder, PolicyWatcher
    from slalang.server.settings import WatchSettings

    outcomes = []
    acme = policy_dir / "acme.sla"
    original = acme.read_text(encoding="utf-8")
    holder = PolicyHolder(str(acme), listener=outcomes.append)
    watcher = PolicyWatcher(holder, WatchSettings(enabled=True, poll_s=0.05, debounce_s=0.4))
    watcher.start()
    try:
        time.sleep(0.2)
        for minutes in range(20, 25):  # an editor saving in steps, 0.05 s apart
            write(acme, original.replace("first_response within 15m goal 99%", f"first_response within {minutes}m goal 99%"))
            time.sleep(0.05)
        wait_for(lambda: outcomes, what="a reload")
        time.sleep(0.6)
    finally:
        watcher.stop()
    assert [o.result for o in outcomes] == ["loaded"]
    assert holder.current.policy.model.slas[0].metric("first_response").target_s == 24 * 60
    assert not watcher.running


def test_a_truncated_file_is_refused_until_it_has_its_content_again(policy_dir: Path) -> None:
    from slalang.server.reloading import PolicyHolder

    acme = policy_dir / "acme.sla"
    original = acme.read_text(encoding="utf-8")
    holder = PolicyHolder(str(acme))
    served = holder.current.version_hash
    for emptied in (acme, policy_dir / "calendars.sla"):  # the policy file, or a file it imports
        text = emptied.read_text(encoding="utf-8")
        write(emptied, "")  # an editor or a deploy truncates first, then writes
        outcome = holder.reload()
        assert outcome.result == "failed" and holder.current.version_hash == served
        if emptied == acme:  # (an empty calendars.sla leaves names unknown: refused as it does not compile)
            assert outcome.failure.message.endswith("acme.sla: the file is empty (still being written?); the last "
                                                    "good policy serves until it compiles with its content")
        write(emptied, "  \n\n")  # blank is empty too
        assert holder.reload().result == "failed"
        write(emptied, text)
        assert holder.reload().result == "unchanged" and holder.last_error is None
    write(acme, original.replace("first_response within 15m goal 99%", "first_response within 10m goal 99%"))
    assert holder.reload().result == "loaded"


def test_a_file_that_was_empty_may_stay_empty(tmp_path: Path) -> None:
    from slalang.server.reloading import PolicyHolder

    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "main.sla").write_text("sla any { first_response within 4h }\n", encoding="utf-8")
    (folder / "later.sla").write_text("", encoding="utf-8")
    holder = PolicyHolder(str(folder))
    write(folder / "main.sla", "sla any { first_response within 2h }\n")
    assert holder.reload().result == "loaded"
