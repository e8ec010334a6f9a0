"""The suite's verdict as one self-contained HTML file (`verify --html`, `pytest
--groove-html`): a row per rule and, for each rule not met, the requests that proved it.

No script, no network: the stylesheet is inlined, so the file reads the same opened from a CI
artifact store or from disk. Everything that came from a client or the wire is escaped.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from string import Template

from mock_server._journal import JournalEntry
from mock_server.cli._text import version
from mock_server.pages._render import clock_time, document, esc

from .._runner import RuleResult, Status, SuiteReport
from ..rules import Level
from ._formats import _mark, skipped_line

_SHOWN_STATUSES = (Status.FAILED, Status.BLOCKED, Status.ERROR)
_TIMELINE_COLUMNS = (
    "#",
    "Time (mock)",
    "Method",
    "Path",
    "Status",
    "Credential",
    "Token",
    "Client / user",
    "Violations",
)


def render_html(report: SuiteReport, *, written: dt.datetime | None = None) -> str:
    moment = (written or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC")
    counts = ", ".join(f"{n} {status}" for status, n in report.counts().items() if n)
    if report.passed:
        verdict, verdict_class = "PASS", "pass"
    elif report.ran:
        verdict, verdict_class = "FAIL", "fail"
    else:
        verdict, verdict_class = "NO RULE RAN", "none"
    shown = [r for r in report.results if r.status in _SHOWN_STATUSES]
    skipped = skipped_line(report)
    template = Template(
        resources.files(__package__).joinpath("templates", "report.html").read_text("utf-8")
    )
    body = template.substitute(
        client=esc(report.client or "(unnamed)"),
        transport=esc(report.transport),
        version=esc(version()),
        written=esc(moment),
        verdict=esc(verdict),
        verdict_class=verdict_class,
        summary=esc(f"{len(report.results)} rules: {counts}."),
        rule_rows="\n".join(_rule_row(r) for r in report.results),
        failures=(
            '<section aria-labelledby="failures-heading">'
            '<h2 id="failures-heading">What proved each rule not met</h2>'
            + "\n".join(_failure(r) for r in shown)
            + "</section>"
            if shown
            else ""
        ),
        skipped=f'<h2>Skipped</h2><p id="skipped">{esc(skipped)}</p>' if skipped else "",
    )
    return document(f"groove-contract: {verdict} - {report.client}", body, nav=False)


def write_html(report: SuiteReport, path: Path) -> None:
    path.write_text(render_html(report), encoding="utf-8")


def _anchor(result: RuleResult) -> str:
    return f"rule-{result.rule.id}"


def _rule_row(result: RuleResult) -> str:
    rule = result.rule
    mark = _mark(result)
    css = "warned" if mark == "warn" else result.status.value
    rule_id = esc(rule.id)
    if result.status in _SHOWN_STATUSES:
        rule_id = f'<a href="#{_anchor(result)}">{rule_id}</a>'
    expected = result.expected or (result.reason if result.status is not Status.PASSED else "")
    fix = esc(rule.fix) if result.status in _SHOWN_STATUSES else ""
    return (
        f'<tr class="{css}"><th scope="row">{rule_id}</th><td>{esc(rule.level.value)}</td>'
        f'<td class="mark">{esc(mark)}</td><td>{esc(rule.title)}</td>'
        f"<td>{esc(expected)}</td><td>{esc(result.seen)}</td><td>{fix}</td></tr>"
    )


def _failure(result: RuleResult) -> str:
    rule = result.rule
    level = "SHOULD, not met: a warning" if rule.level is Level.SHOULD else "MUST"
    facts = [
        ("Result", f"{result.status.value} ({level})"),
        ("Rule", rule.title),
        ("Source", rule.source),
    ]
    if result.reason:
        facts.append(("Why", result.reason))
    if result.expected or result.seen:
        facts += [("Expected", result.expected), ("Seen", result.seen)]
    facts.append(("Fix", rule.fix))
    parts = [
        f'<section class="failure" id="{_anchor(result)}" aria-labelledby="{_anchor(result)}-h">',
        f'<h3 id="{_anchor(result)}-h">{esc(rule.id)}</h3><dl>',
        *(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in facts),
        "</dl>",
    ]
    broken = [s for s in result.steps if s.error]
    if broken:
        parts.append("<h4>Where the adapter broke</h4><ul>")
        parts += [f"<li>step {s.index} {esc(s.step['op'])}: {esc(s.error)}</li>" for s in broken]
        parts.append("</ul>")
    if result.requests:
        parts.append("<h4>The requests that proved it</h4><ol>")
        parts += [f"<li><code>{esc(line)}</code></li>" for line in result.requests]
        parts.append("</ol>")
    if result.journal:
        parts.append(_timeline(result.journal, set(rule.server_signals)))
    parts.append("</section>")
    return "\n".join(parts)


def _timeline(entries: list[JournalEntry], signals: set[str]) -> str:
    """Every request the mock saw during the rule, in order; those it judged a breach of
    this rule marked."""
    rows = []
    for entry in entries:
        breach = signals.intersection(entry.violations)
        status = str(entry.status or "dropped") + (
            f" {entry.error_code}" if entry.error_code else ""
        )
        query = "?" + "&".join(entry.query_names) if entry.query_names else ""
        places = ", ".join(seen.location for seen in entry.credentials) or "none"
        who = " / ".join(v for v in (entry.client_id, entry.user_id) if v) or "-"
        cells = (
            f"#{entry.seq}",
            clock_time(entry.time),
            entry.method,
            entry.path + query,
            status,
            places,
            entry.token_kind or "-",
            who,
            ", ".join(entry.violations) or "-",
        )
        css = ' class="breach"' if breach else ""
        tds = "".join(
            f'<td class="path">{esc(c)}</td>' if i == 3 else f"<td>{esc(c)}</td>"
            for i, c in enumerate(cells)
        )
        rows.append(f"<tr{css}>{tds}</tr>")
    head = "".join(f'<th scope="col">{h}</th>' for h in _TIMELINE_COLUMNS)
    return (
        '<h4>Timeline: what reached the mock</h4><div class="scroll"><table class="timeline">'
        "<caption>Rows in red are the requests the mock judged a breach of this rule."
        f"</caption><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )
