"""Stage ``resolve_imports``: read and parse every file of the set, follow imports.

Policy-set order (language.md): the files in the order the set names them, each file's
imports taking the place of its ``import`` line, depth first; a file already placed is not
placed again. Imports are relative to the importing file and confined to the policy root
(also through symlinks); a cycle is reported with its path. Every file is read once, and
every unreadable file, bad import and syntax error of the set is reported in one run.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterator

from .. import ast
from ..diagnostics import Diagnostic, error
from .paths import POLICY_SUFFIX, display_name, is_inside, policy_files
from .state import CompileState, InlineText, LoadedFile


def resolve_imports(state: CompileState) -> list[Diagnostic]:
    loader = _Loader(state)
    for entry in state.entries:
        if isinstance(entry, InlineText):
            loader.place(loader.load_text(entry))
            continue
        paths, diagnostics = policy_files(entry)
        loader.diagnostics.extend(diagnostics)
        for path in paths:
            loader.place(loader.load_file(path, entry.root))
    return loader.diagnostics


class _Loader:
    def __init__(self, state: CompileState):
        self.state = state
        self.diagnostics: list[Diagnostic] = []
        self.by_key: dict[str, LoadedFile] = {}
        self.paths: dict[str, str] = {}  # key -> absolute path the file was first reached by
        self.placed: set[str] = set()

    # --- loading ------------------------------------------------------------------------

    def load_text(self, entry: InlineText) -> LoadedFile:
        from ..syntax import parse

        key = "\0text:" + entry.name
        if key not in self.by_key:
            tree, diagnostics = parse(entry.text, entry.name)
            self.diagnostics.extend(diagnostics)
            self.state.sources[entry.name] = entry.text
            self._remember(key, LoadedFile(entry.name, None, None, tree), "")
        return self.by_key[key]

    def load_file(self, path: str, root: str) -> LoadedFile:
        """Read and parse the file once; ``path`` must already be known to be inside ``root``."""
        from ..syntax import parse, read_source

        real = os.path.realpath(path)
        if real not in self.by_key:
            name = display_name(path)
            text: str | None
            diagnostics: list[Diagnostic]
            if real in self.state.overlay:  # an editor's unsaved text stands for the file
                text, diagnostics = self.state.overlay[real], []
            else:
                text, diagnostics = read_source(name)
            self.diagnostics.extend(diagnostics)
            tree = None
            if text is not None:
                self.state.sources[name] = text
                tree, diagnostics = parse(text, name)
                self.diagnostics.extend(diagnostics)
            self._remember(real, LoadedFile(name, real, root, tree), path)
        return self.by_key[real]

    def _remember(self, key: str, loaded: LoadedFile, path: str) -> None:
        self.by_key[key] = loaded
        self.paths[key] = path
        self.state.files[loaded.name] = loaded

    # --- placing ------------------------------------------------------------------------

    def place(self, start: LoadedFile) -> None:
        """Append the file's declarations, its imports expanded depth first, unless placed."""
        if _key(start) in self.placed:
            return
        stack: list[tuple[LoadedFile, Iterator[ast.Declaration]]] = []
        self._enter(start, stack)
        while stack:
            current, remaining = stack[-1]
            declaration = next(remaining, None)
            if declaration is None:
                stack.pop()
            elif not isinstance(declaration, ast.Import):
                self.state.declarations.append(declaration)
            else:
                target = self._resolve(current, declaration)
                if target is None:
                    continue
                active = [_key(f) for f, _ in stack]
                if _key(target) in active:
                    cycle = [f.name for f, _ in stack[active.index(_key(target)) :]] + [target.name]
                    self.diagnostics.append(
                        error(
                            "import-error",
                            "import cycle: " + " -> ".join(cycle),
                            declaration.path.span,
                            help="remove one of these imports; declarations that several files "
                            "need belong in a file that each of them imports",
                        )
                    )
                elif _key(target) not in self.placed:
                    self._enter(target, stack)

    def _enter(self, loaded: LoadedFile, stack: list) -> None:
        self.placed.add(_key(loaded))
        self.state.order.append(loaded.name)
        if loaded.tree is not None:
            stack.append((loaded, iter(loaded.tree.declarations)))

    # --- one import line ----------------------------------------------------------------

    def _resolve(self, importer: LoadedFile, imp: ast.Import) -> LoadedFile | None:
        raw = imp.path.value
        span = imp.path.span

        def fail(message: str, help: str) -> None:
            self.diagnostics.append(error("import-error", message, span, help=help))

        if importer.real is None or importer.root is None:
            fail(
                f"cannot import `{raw}`: this policy text is not read from a file",
                "load the policy from its file (slalang.load(path)) so imports can be resolved",
            )
            return None
        root_name = display_name(importer.root)
        if not raw.strip() or "\0" in raw:
            fail(f"import path `{raw}` is empty or invalid", 'name a policy file, e.g. `import "calendars.sla"`')
            return None
        if os.path.isabs(raw) or raw.startswith("~") or os.path.splitdrive(raw)[0]:
            fail(
                f"import path `{raw}` is absolute; imports are relative to the importing file",
                f"write the path relative to `{importer.name}`, to a file under the policy root `{root_name}`",
            )
            return None
        base = os.path.dirname(self.paths[_key(importer)])
        candidate = os.path.normpath(os.path.join(base, raw))
        if not is_inside(candidate, importer.root):
            fail(
                f"import `{raw}` leaves the policy root `{root_name}`",
                f"imports may only reach files under `{root_name}`: move the file there, "
                "or compile a directory that holds both files",
            )
            return None
        real = os.path.realpath(candidate)
        if not is_inside(real, os.path.realpath(importer.root)):
            fail(
                f"import `{raw}` follows a symlink out of the policy root `{root_name}`",
                "copy the file into the policy root instead of linking to it",
            )
            return None
        if not os.path.exists(real):
            fail(
                f"import `{raw}`: no such file `{display_name(candidate)}`",
                _missing_file_help(raw, candidate, importer),
            )
            return None
        if os.path.isdir(real):
            fail(
                f"import `{raw}` names a directory, not a policy file",
                f'import the files in it one by one, e.g. `import "{raw.rstrip("/")}/name.sla"`',
            )
            return None
        if not raw.endswith(POLICY_SUFFIX):
            fail(
                f"import `{raw}` is not a policy file (policy files end in `{POLICY_SUFFIX}`)",
                f"rename the file to end in `{POLICY_SUFFIX}`, or import the `.sla` file you meant",
            )
            return None
        return self.load_file(candidate, importer.root)


def _key(loaded: LoadedFile) -> str:
    return loaded.real if loaded.real is not None else "\0text:" + loaded.name


def _missing_file_help(raw: str, candidate: str, importer: LoadedFile) -> str:
    """Suggest a policy file of the same directory (only when that directory is inside the root)."""
    directory = os.path.dirname(candidate)
    assert importer.root is not None
    known: list[str] = []
    if is_inside(directory, importer.root) and is_inside(
        os.path.realpath(directory), os.path.realpath(importer.root)
    ):
        try:
            known = sorted(n for n in os.listdir(directory) if n.endswith(POLICY_SUFFIX))
        except OSError:
            known = []
    stems = {name[: -len(POLICY_SUFFIX)]: name for name in known}
    wanted = os.path.basename(raw).removesuffix(POLICY_SUFFIX)
    close = difflib.get_close_matches(wanted, list(stems), n=1, cutoff=0.6)
    if close:
        return f'did you mean `import "{os.path.join(os.path.dirname(raw), stems[close[0]])}"`?'
    return f"the path is relative to the directory of `{importer.name}`"
