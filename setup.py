"""Everything about the package is in pyproject.toml but its compiled modules.

``slalang_native`` is the compiled fast path of ``slalang eval``: its source is
``slalang/evaluation/fast/scanner.pyx``, its Python glue ``slalang/evaluation/fast/__init__.py``.
``slalang_native_sim`` is the compiled event loop of ``slalang simulate``: its source is
``slalang/simulation/fast/loop.pyx``, its Python glue ``slalang/simulation/fast/__init__.py``.
Both are optional: without a C compiler the install still succeeds and the work stays in
Python, with the same output. They are top-level modules (not inside the package) so that
they are found even when a source checkout's ``slalang/`` shadows the installed package.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("slalang_native", ["slalang/evaluation/fast/scanner.pyx"], optional=True),
        Extension("slalang_native_sim", ["slalang/simulation/fast/loop.pyx"], optional=True),
    ]
)
