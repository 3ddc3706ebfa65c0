"""Renderers: the same findings as text for people, JSON, SARIF 2.1.0, and CI annotations."""
