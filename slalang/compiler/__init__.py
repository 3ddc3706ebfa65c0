"""AST -> compiled model, as an ordered table of stages (see ``pipeline.STAGES``).

``compile_paths(paths, root=None)`` compiles a policy set from files or directories;
``compile_text(text, name)`` compiles text held in memory. Both return a ``CompileResult``
with the model (None on errors), every diagnostic sorted by location, and the sources.
"""

from __future__ import annotations

from .pipeline import (
    STAGES,
    CompileResult,
    Stage,
    compile_paths,
    compile_text,
    run_stages,
)

__all__ = ["STAGES", "CompileResult", "Stage", "compile_paths", "compile_text", "run_stages"]
