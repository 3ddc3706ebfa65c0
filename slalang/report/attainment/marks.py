"""How goal marks and changed statuses read in each output format."""

from __future__ import annotations

from ...attainment.figures import GoalMark

# Markdown renders in GitHub comments: an emoji keeps the mark visible without colour.
MARKDOWN_MARK: dict[GoalMark, str] = {
    GoalMark.MET: "✅ met",
    GoalMark.MISSED: "❌ missed",
    GoalMark.NO_DATA: "➖ no data",
}

# Rich markup for the terminal table.
TABLE_MARK: dict[GoalMark, str] = {
    GoalMark.MET: "[green]✔ met[/green]",
    GoalMark.MISSED: "[bold red]✘ missed[/bold red]",
    GoalMark.NO_DATA: "[dim]– no data[/dim]",
}

# CSS class and text of the HTML badge.
HTML_MARK: dict[GoalMark, tuple[str, str]] = {
    GoalMark.MET: ("met", "✔ goal met"),
    GoalMark.MISSED: ("missed", "✘ goal missed"),
    GoalMark.NO_DATA: ("nodata", "no data"),
}

# Marks alone, for compact cells (before/after in a diff).
MARKDOWN_SYMBOL: dict[GoalMark, str] = {GoalMark.MET: "✅", GoalMark.MISSED: "❌", GoalMark.NO_DATA: "➖"}
TABLE_SYMBOL: dict[GoalMark, str] = {
    GoalMark.MET: "[green]✔[/green]",
    GoalMark.MISSED: "[bold red]✘[/bold red]",
    GoalMark.NO_DATA: "[dim]–[/dim]",
}
