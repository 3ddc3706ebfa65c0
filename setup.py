"""Everything about the package is in pyproject.toml but its one compiled module.

``slalang_native`` is the compiled fast path of ``slalang eval``: its source is
``slalang/evaluation/fast/scanner.pyx``, its Python glue ``slalang/evaluation/fast/__init__.py``.
It is optional: without a C compiler the install still succeeds and evaluation stays in
Python, with the same output. It is a top-level module (not inside the package) so that it
is found even when a source checkout's ``slalang/`` shadows the installed package.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("slalang_native", ["slalang/evaluation/fast/scanner.pyx"], optional=True)])
