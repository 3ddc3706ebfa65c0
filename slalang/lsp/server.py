"""The language server: LSP requests in, answers from the modules beside this one.

Each handler turns LSP positions into the index's places and back; what it answers is
decided in ``hover``, ``completion``, ``actions``, ``outline`` and ``findings``. A handler
that fails logs the error and answers nothing, so a half-typed file never stops the server.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable
from typing import Any, TypeVar

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from .. import __version__
from ..compiler.paths import POLICY_SUFFIX
from ..fmt import format_text
from .actions import code_actions
from .checking import SetCheck
from .completion import Cursor, complete
from .findings import Places, to_lsp
from .hover import HoverContext, hover_markdown
from .outline import document_symbols
from .policy_sets import PolicySetRef
from .positions import UTF16
from .scheduler import DEBOUNCE_S, Scheduler
from .session import Buffer, Session
from .symbols import Definition, ImportLink, Reference, SymbolIndex

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


class SlalangServer(LanguageServer):
    def __init__(self, debounce_s: float = DEBOUNCE_S):
        super().__init__("slalang", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Full)
        self.debounce_s = debounce_s
        self._session: Session | None = None
        self._scheduler: Scheduler | None = None
        self.published: dict[PolicySetRef, dict[str, list[lsp.Diagnostic]]] = {}
        self.notes_shown: set[str] = set()

    @property
    def session(self) -> Session:
        if self._session is None:
            encoding = str(self.workspace.position_encoding or UTF16)
            self._session = Session(self._buffers, encoding)
        return self._session

    @property
    def scheduler(self) -> Scheduler:
        if self._scheduler is None:
            self._scheduler = Scheduler(self.session.snapshot, self.publish, self.check_failed, self.debounce_s)
        return self._scheduler

    def _buffers(self) -> dict[str, Buffer]:
        return {uri: Buffer(doc.source, doc.version) for uri, doc in self.workspace.text_documents.items()}

    # --- checking -----------------------------------------------------------------------

    def changed(self, uri: str, delay_s: float | None = None) -> None:
        session = self.session
        key = session.key_of(uri)
        if key.endswith(POLICY_SUFFIX) or not os.path.isabs(key):
            refs = session.sets_to_check(key)
        else:  # a slalang.toml or pyproject.toml: the open files may form other sets now
            refs = list(dict.fromkeys(ref for open_key in session.open_buffers() for ref in session.sets_of(open_key)))
            for stale in [ref for ref in self.published if ref not in refs]:
                self.forget(stale)
        for ref in refs:
            self.scheduler.request(ref, delay_s)

    def forget(self, ref: PolicySetRef) -> None:
        """Withdraw the findings of a set that no longer exists (its files now form other sets)."""
        uris = self.published.pop(ref, {})
        result = self.session.results.pop(ref, None)
        if result is not None:
            for uri in uris:
                self._publish_uri(uri, result)

    def publish(self, result: SetCheck) -> None:
        session = self.session
        ref = result.run.ref
        session.results[ref] = result
        texts = dict(result.files)
        places = Places(texts, session.uri_of, session.encoding)
        index = SymbolIndex([t for key in result.files if (t := session.tree(key)) is not None])
        by_uri: dict[str, list[lsp.Diagnostic]] = {}
        open_uris = [session.uri_of(k) for k in session.open_buffers() if k in result.files]
        for uri in open_uris:
            by_uri[uri] = []
        for d in result.diagnostics:
            key = places.key(d.span.file)
            if key in texts or key.endswith((".sla", ".toml")):
                by_uri.setdefault(session.uri_of(key), []).append(to_lsp(d, places, index))
            else:  # a finding about the set as a whole (a path, an argument): shown on its open files
                for uri in open_uris or [session.uri_of(next(iter(texts), key))]:
                    by_uri.setdefault(uri, []).append(to_lsp(d, places, index))
        before = self.published.get(ref, {})
        self.published[ref] = by_uri
        for note in result.notes:
            if note not in self.notes_shown:
                self.notes_shown.add(note)
                self.window_show_message(lsp.ShowMessageParams(type=lsp.MessageType.Warning, message=note))
        for uri in dict.fromkeys([*before, *by_uri]):
            self._publish_uri(uri, result)

    def _publish_uri(self, uri: str, result: SetCheck) -> None:
        combined: list[lsp.Diagnostic] = []
        seen: set[tuple] = set()
        for per_uri in self.published.values():
            for d in per_uri.get(uri, []):
                key = (d.range.start.line, d.range.start.character, d.code, d.message)
                if key not in seen:
                    seen.add(key)
                    combined.append(d)
        document = self.workspace.text_documents.get(uri)
        version = None
        if document is not None and result.run.versions.get(uri) == document.version:
            version = document.version
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, diagnostics=combined, version=version)
        )

    def check_failed(self, ref: PolicySetRef, error: BaseException) -> None:
        self.window_log_message(
            lsp.LogMessageParams(type=lsp.MessageType.Error, message=f"slalang: checking {ref.label} failed: {error!r}")
        )

    # --- places -------------------------------------------------------------------------

    def found_at(self, uri: str, position: lsp.Position) -> tuple[Any, SymbolIndex, dict[str, str], str]:
        session = self.session
        key = session.key_of(uri)
        index, texts = session.index_for(key)
        line, column = session.lines(key).line_column(position)
        return index.at(key, line, column), index, texts, key

    def location(self, span_file: str, span: Any) -> lsp.Location:
        return lsp.Location(uri=self.session.uri_of(span_file), range=self.session.lines(span_file).range(span))


def _safe(handler: F) -> F:
    """Answer nothing (and log why) rather than fail a request."""

    @functools.wraps(handler)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return handler(*args, **kwargs)
        except Exception:  # a bug must not take the editor's language support down
            log.exception("%s failed", handler.__name__)
            return None

    return wrapper  # type: ignore[return-value]  # functools.wraps keeps the signature F promises


def build_server(debounce_s: float = DEBOUNCE_S) -> SlalangServer:
    server = SlalangServer(debounce_s)

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    @_safe
    def did_open(ls: SlalangServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.changed(params.text_document.uri, delay_s=0.0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    @_safe
    def did_change(ls: SlalangServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.changed(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    @_safe
    def did_save(ls: SlalangServer, params: lsp.DidSaveTextDocumentParams) -> None:
        ls.changed(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    @_safe
    def did_close(ls: SlalangServer, params: lsp.DidCloseTextDocumentParams) -> None:
        ls.changed(params.text_document.uri)  # the file on disk counts again

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @_safe
    def did_change_files(ls: SlalangServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        for change in params.changes:
            ls.changed(change.uri)

    @server.feature(lsp.SHUTDOWN)
    def shutdown(ls: SlalangServer, *args: Any) -> None:
        if ls._scheduler is not None:
            ls._scheduler.shutdown()

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    @_safe
    def hover(ls: SlalangServer, params: lsp.HoverParams) -> lsp.Hover | None:
        found, index, texts, key = ls.found_at(params.text_document.uri, params.position)
        if isinstance(found, ImportLink):
            target = _import_target(ls, found)
            text = f"imports `{target}`" if target else f"`{found.path}`: no policy file there"
            return lsp.Hover(contents=lsp.MarkupContent(lsp.MarkupKind.Markdown, text))
        if not isinstance(found, (Definition, Reference)):
            return None
        markdown = hover_markdown(found, HoverContext(index, texts))
        if markdown is None:
            return None
        return lsp.Hover(
            contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=markdown),
            range=ls.session.lines(key).range(found.span),
        )

    @server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
    @_safe
    def definition(ls: SlalangServer, params: lsp.DefinitionParams) -> list[lsp.Location] | None:
        found, index, _, _ = ls.found_at(params.text_document.uri, params.position)
        if isinstance(found, ImportLink):
            target = _import_target(ls, found)
            if target is None:
                return None
            start = lsp.Position(line=0, character=0)
            return [lsp.Location(uri=ls.session.uri_of(target), range=lsp.Range(start=start, end=start))]
        if not isinstance(found, (Definition, Reference)):
            return None
        targets = [index.first_of(found)] if isinstance(found, Definition) else index.resolve(found)
        return [ls.location(d.span.file, d.span) for d in targets] or None

    @server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
    @_safe
    def references(ls: SlalangServer, params: lsp.ReferenceParams) -> list[lsp.Location] | None:
        found, index, _, _ = ls.found_at(params.text_document.uri, params.position)
        if not isinstance(found, (Definition, Reference)):
            return None
        targets = index.target(found)
        locations = []
        for d in targets:
            if params.context.include_declaration:
                locations.append(ls.location(d.span.file, d.span))
            locations += [ls.location(r.span.file, r.span) for r in index.references_to(d)]
        return locations

    @server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    @_safe
    def symbols(ls: SlalangServer, params: lsp.DocumentSymbolParams) -> list[lsp.DocumentSymbol]:
        key = ls.session.key_of(params.text_document.uri)
        index, _ = ls.session.index_for(key)
        return document_symbols(index, key, ls.session.lines(key))

    @server.feature(lsp.TEXT_DOCUMENT_FORMATTING)
    @_safe
    def formatting(ls: SlalangServer, params: lsp.DocumentFormattingParams) -> list[lsp.TextEdit]:
        key = ls.session.key_of(params.text_document.uri)
        text = ls.session.text_of(key)
        if text is None:
            return []
        result = format_text(text, key)
        if not result.changed or result.formatted is None:
            return []  # unchanged, or syntax errors (shown as diagnostics) keep it as it is
        lines = ls.session.lines(key)
        whole = lsp.Range(start=lsp.Position(line=0, character=0), end=lines.end())
        return [lsp.TextEdit(range=whole, new_text=result.formatted)]

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]),
    )
    @_safe
    def actions(ls: SlalangServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        key = ls.session.key_of(params.text_document.uri)
        return code_actions(params.text_document.uri, ls.session.lines(key), list(params.context.diagnostics))

    @server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=[".", '"']))
    @_safe
    def completion(ls: SlalangServer, params: lsp.CompletionParams) -> lsp.CompletionList:
        key = ls.session.key_of(params.text_document.uri)
        text = ls.session.text_of(key) or ""
        lines = ls.session.lines(key)
        index, _ = ls.session.index_for(key)
        items = complete(Cursor(text, lines.offset(params.position), key, lines), index)
        return lsp.CompletionList(is_incomplete=False, items=items)

    return server


def _import_target(ls: SlalangServer, link: ImportLink) -> str | None:
    from .policy_sets import import_target

    return import_target(link.path, link.file, None)
