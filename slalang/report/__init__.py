"""Every renderer, grouped by what it renders: ``findings``, ``tickets``, ``attainment``,
``simulation`` and ``policytest``.

Renderers take what the layers below computed and write it for people (tables, text,
Markdown, HTML, charts) or for tools (JSON, SARIF, JUnit XML); they compute nothing new.
"""
