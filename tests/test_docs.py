"""The README and docs/ as a newcomer uses them: the first two commands are what CI runs,
every relative link lands inside the repository on a file that exists, and the README's
Python example runs and prints JSON."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LINK = re.compile(r"\]\(([^)\s]+)\)")


def markdown_files() -> list[Path]:
    return [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]


def test_every_relative_link_stays_in_the_repository_and_exists():
    for page in markdown_files():
        for target in LINK.findall(page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            path = (page.parent / target.split("#", 1)[0]).resolve()
            assert path.is_relative_to(REPO), f"{page.relative_to(REPO)} links outside the repository: {target}"
            assert path.exists(), f"{page.relative_to(REPO)} links to a missing file: {target}"


def test_no_page_points_at_the_specification_outside_the_repository():
    for page in markdown_files():
        assert "shared/spec" not in page.read_text(encoding="utf-8"), page


def readme_block(language: str, index: int = 0) -> str:
    blocks = re.findall(rf"```{language}\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.S)
    return blocks[index]


def test_the_first_two_commands_are_what_ci_runs():
    first = [line.split("#")[0].strip() for line in readme_block("sh").strip().splitlines()]
    assert first == ["scripts/main-job", "scripts/check"], first
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    run = [line for line in ci.splitlines() if line.strip() and not line.startswith(("#", "set ", "cd "))]
    assert run == first  # CI runs the README's commands, each on its own, and nothing else
    # the README spells out what each does as one line (tests/test_first_commands.py holds the scripts to it)
    spelled = [line.strip() for line in readme_block("sh", 1).strip().splitlines()]
    assert len(spelled) == 2 and all(c.startswith("python3 -m venv .venv && . .venv/bin/activate && pip install") for c in spelled)
    assert spelled[0].endswith("slalang check policies/") and spelled[1].endswith("ruff check . && mypy && python -m pytest")


def test_the_readmes_python_example_prints_json(monkeypatch):
    monkeypatch.chdir(REPO)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(readme_block("python"), "README.md", "exec"), {})  # noqa: S102
    printed = json.loads(out.getvalue())
    assert printed["id"] and "metrics" in printed
    assert os.getcwd() == str(REPO)
