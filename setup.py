"""Everything about the package is in pyproject.toml but its one compiled module.

``slalang_native`` is the compiled fast path of ``slalang eval`` (see
``slalang/evaluation/native.py``). It is optional: without a C compiler the install still
succeeds and evaluation stays in Python, with the same output.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("slalang_native", ["native/slalang_native.pyx"], optional=True)])
