"""The language server (``slalang lsp``): the library's answers, as an editor asks for them.

One module per concern: ``session`` (buffers, files, sets, syntax trees), ``policy_sets``
(which files are checked together), ``checking`` and ``scheduler`` (``slalang check`` on the
buffers, debounced and cancellable), ``symbols`` (every declared name and its uses),
``findings`` (diagnostics), ``hover``, ``completion``, ``actions`` (quick fixes), ``outline``,
``positions`` (spans to LSP positions), ``textmate`` (the editors' colouring grammar), and
``server``, which wires them to the protocol.
"""
