"""Checks for the editor, in process: the buffers' text wins, stale runs stop and are dropped.

Also the small hooks the language server added below it: the compiler's overlay of unsaved
texts and the rules' ``should_stop``.
"""

from __future__ import annotations

import asyncio
import os
import threading

import pytest

from slalang import ast
from slalang.analysis import AnalysisCancelled
from slalang.compiler import compile_paths
from slalang.lsp import scheduler as scheduler_module
from slalang.lsp.checking import CheckRun, SetCheck, check_set
from slalang.lsp.policy_sets import PolicySetRef, candidate_sets, set_files
from slalang.syntax import parse_partial

from .conftest import CALENDARS, MAIN, write


def test_the_overlay_replaces_a_file_for_the_compiler(tmp_path):
    folder = write(tmp_path, {"main.sla": MAIN, "calendars.sla": CALENDARS})
    renamed = CALENDARS.replace("calendar office", "calendar office_hours")
    real = os.path.realpath(folder / "calendars.sla")
    result = compile_paths([str(folder)], overlay={real: renamed})
    assert {d.code for d in result.diagnostics} == {"unknown-name"}
    assert compile_paths([str(folder)]).ok  # the files on disk are unchanged


def test_a_check_stops_between_rules_when_asked(tmp_path):
    folder = write(tmp_path, {"main.sla": MAIN, "calendars.sla": CALENDARS})
    run = CheckRun(PolicySetRef((str(folder),)), {}, {})
    assert isinstance(check_set(run), SetCheck)
    with pytest.raises(AnalysisCancelled):
        check_set(run, should_stop=lambda: True)


def test_a_half_typed_file_keeps_its_other_declarations():
    text = MAIN.replace("sla rest {", "sla rest {\n    when priority ==")
    tree, diagnostics = parse_partial(text, "main.sla")
    assert [d.code for d in diagnostics] == ["syntax"]
    names = [d.name.text for d in tree.declarations if isinstance(getattr(d, "name", None), ast.Name)]
    assert "gold" in names and "big" in names and "rest" not in names


def test_the_sets_of_a_workspace(tmp_path):
    folder = write(tmp_path / "ws", {
        "slalang.toml": 'sets = ["a.sla", "desk"]\n',
        "a.sla": 'import "lib/cal.sla"\n',
        "lib/cal.sla": "",
        "desk/x.sla": "",
        "stray.sla": "",
    })
    direct = candidate_sets(str(folder / "desk" / "x.sla"))
    assert direct.direct and direct.sets == (PolicySetRef((str(folder / "desk"),)),)
    imported = candidate_sets(str(folder / "lib" / "cal.sla"))
    assert not imported.direct
    a_set = PolicySetRef((str(folder / "a.sla"),))
    files = set_files(a_set, lambda path: parse_partial(open(path).read(), path)[0])
    assert files == [str(folder / "a.sla"), str(folder / "lib" / "cal.sla")]
    plain = write(tmp_path / "plain", {"p.sla": ""})
    assert candidate_sets(str(plain / "p.sla")).sets == (PolicySetRef((str(plain),)),)


class _SlowCheck:
    """Stands in for ``check_set``: each run waits until released, and honours ``should_stop``."""

    def __init__(self):
        self.started = threading.Semaphore(0)
        self.release = threading.Event()
        self.runs: list[CheckRun] = []

    def __call__(self, run: CheckRun, should_stop):
        self.runs.append(run)
        self.started.release()
        self.release.wait(10)
        if should_stop():
            raise AnalysisCancelled("stale")
        return SetCheck(run, [], {}, None)


def test_an_edit_during_a_check_drops_its_answer_and_checks_again(monkeypatch):
    slow = _SlowCheck()
    monkeypatch.setattr(scheduler_module, "check_set", slow)
    ref = PolicySetRef(inline="untitled:1")
    texts = iter(["first", "second"])
    published: list[str] = []

    async def scenario():
        scheduler = scheduler_module.Scheduler(
            lambda r: CheckRun(r, {}, {}, next(texts)),
            lambda result: published.append(result.run.inline_text),
            lambda r, e: pytest.fail(f"failed: {e!r}"),
            delay_s=0.01,
        )
        scheduler.request(ref)
        await asyncio.to_thread(slow.started.acquire)  # the first run is under way
        scheduler.request(ref)  # a newer edit: the first run is stale now
        slow.release.set()
        for _ in range(500):
            if published:
                break
            await asyncio.sleep(0.01)
        scheduler.shutdown()

    asyncio.run(scenario())
    assert [run.inline_text for run in slow.runs] == ["first", "second"]
    assert published == ["second"]
