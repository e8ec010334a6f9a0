"""Renderings of a suite run: the per-rule table on the terminal, the JSON report and JUnit XML
(`_formats`), and one self-contained HTML file (`_html`, with its template in `templates/`).

`_html` is imported only when a report is asked for (`verify --html`, `pytest --groove-html`):
it renders with the mock's page helpers, which a run without it does not need.
"""

from __future__ import annotations

from ._formats import (
    no_rule_ran,
    render_junit,
    render_table,
    skipped_line,
    summary_counts,
    write_json,
    write_junit,
)

__all__ = [
    "no_rule_ran",
    "render_junit",
    "render_table",
    "skipped_line",
    "summary_counts",
    "write_json",
    "write_junit",
]
