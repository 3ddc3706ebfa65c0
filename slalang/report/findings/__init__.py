"""Findings (diagnostics) for people and for tools: text, JSON, SARIF 2.1.0, GitHub annotations."""
