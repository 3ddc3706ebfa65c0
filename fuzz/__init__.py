"""slalang's fuzz harness: hostile and random input for every reader, with the invariants a
user relies on checked on each run (see docs/fuzzing.md).

- ``targets``: one function per reader (policy text, ticket files, scenario YAML, policy-test
  YAML, server bodies); each feeds its input to the real code and asserts that the answer is
  a result or a located error, in bounded output, never an exception.
- ``strategies``: hypothesis strategies that draw that input: the shipped examples mutated
  with hostile pieces (deep nesting, huge tokens, aliases, type tags, far years, bad bytes).
- ``campaign``: ``python -m fuzz.campaign --minutes 60`` runs every target in turn, saving
  what it finds in ``.fuzz/``; the test suite runs each target for a few seconds.
- ``atheris_main``: the same targets under atheris (coverage-guided), where it builds.
"""
