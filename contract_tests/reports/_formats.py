"""Renderings of a suite run: the per-rule table, the JSON report and JUnit XML."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from .._adapter import Capability
from .._runner import RuleResult, Status, SuiteReport
from ..harness._registration import NOT_APPLICABLE
from ..rules import Level

_MARK = {
    Status.PASSED: "pass",
    Status.FAILED: "FAIL",
    Status.SKIPPED: "skip",
    Status.BLOCKED: "BLOCKED",
    Status.ERROR: "ERROR",
}


def _mark(result: RuleResult) -> str:
    """The RESULT column: capitals for what fails the run. A SHOULD never does: its failure
    is a `warn`, its block a lowercase `blocked` (counted as blocked in the totals too)."""
    if result.rule.level is Level.SHOULD and result.status is Status.FAILED:
        return "warn"
    if result.rule.level is Level.SHOULD and result.status is Status.BLOCKED:
        return "blocked"
    return _MARK[result.status]


def summary_counts(report: SuiteReport) -> str:
    """`24 passed, 1 SHOULD not met, 1 skipped`: the totals, counted as the table marks them."""
    counts = report.counts()
    unmet = sum(
        1 for r in report.results if r.rule.level is Level.SHOULD and r.status is Status.FAILED
    )
    counts[Status.FAILED.value] -= unmet
    parts = [f"{n} {status}" for status, n in counts.items() if n]
    if unmet:
        parts.insert(2 if counts[Status.FAILED.value] else 1, f"{unmet} SHOULD not met")
    return ", ".join(parts)


def _rules(count: int) -> str:
    return f"{count} rule{'' if count == 1 else 's'}"


def _why_skipped(skipped: list[RuleResult]) -> str:
    """The rules that do not apply to the client's registration (a public client has no app
    token), the capabilities the client lacks, then the reason of each rule that needs none
    (such a rule was skipped for what the client did, e.g. no token request, worth a look)."""
    moot = [r for r in skipped if r.reason.startswith(NOT_APPLICABLE)]
    rest = [r for r in skipped if r not in moot]
    parts = [f"{NOT_APPLICABLE}: {', '.join(r.rule.id for r in moot)}"] if moot else []
    lacking = sorted(
        {r.rule.capability for r in rest if r.rule.capability is not None},
        key=list(Capability).index,
    )
    if lacking:
        parts.append("the client does not declare " + ", ".join(c.value for c in lacking))
    parts += [f"{r.rule.id}: {r.reason}" for r in rest if r.rule.capability is None]
    return "; ".join(parts)


def skipped_line(report: SuiteReport) -> str:
    """All the skipped rules in one line (each reason is in the JSON report)."""
    skipped = [r for r in report.results if r.status is Status.SKIPPED]
    if not skipped:
        return ""
    return f"{_rules(len(skipped))} skipped: {_why_skipped(skipped)}."


def no_rule_ran(count: int, reasons: str = "the reasons are above") -> str:
    """Why a run in which every rule was skipped proves nothing, in one short line: the
    reasons are printed once, in the skipped line (or pytest's skip lines), not here again."""
    were = "rule was" if count == 1 else f"{count} selected rules were all"
    return f"no rule ran: the {were} skipped ({reasons}); a run that checks nothing fails"


def render_table(report: SuiteReport, *, width: int | None = None) -> str:
    """The per-rule table, the failures in full, one line for the skipped rules and the
    verdict; WHAT is cut to `width` (the terminal's by default)."""
    if width is None:
        width = shutil.get_terminal_size((100, 20)).columns
    lines = [
        f"groove-contract verify: {report.client} ({report.transport})",
        "",
        f"{'RULE':<15} {'LEVEL':<7} {'RESULT':<8} WHAT",
    ]
    room = max(20, width - 33)
    for result in report.results:
        title = result.rule.title
        title = title if len(title) <= room else title[: room - 1] + "…"
        lines.append(
            f"{result.rule.id:<15} {result.rule.level.value:<7} {_mark(result):<8} {title}"
        )
    details = [
        r.message() for r in report.results if r.status not in (Status.PASSED, Status.SKIPPED)
    ]
    skipped = skipped_line(report)
    if details or skipped:
        lines += ["", *details, *([skipped] if skipped else [])]
    summary = summary_counts(report)
    verdict = "PASS" if report.passed else "FAIL" if report.ran else "NO RULE RAN"
    lines += ["", f"{_rules(len(report.results))}: {summary}. {verdict}"]
    return "\n".join(lines)


def write_json(report: SuiteReport, path: Path) -> None:
    path.write_text(json.dumps(report.to_json(), indent=2) + "\n", encoding="utf-8")


def render_junit(report: SuiteReport) -> str:
    counts = report.counts()
    failures = sum(1 for r in report.results if not r.ok and r.status is not Status.ERROR)
    suite = ET.Element(
        "testsuite",
        name="groove-contract",
        tests=str(len(report.results)),
        failures=str(failures),
        errors=str(counts[Status.ERROR.value]),
        skipped=str(counts[Status.SKIPPED.value]),
        time=f"{sum(r.seconds for r in report.results):.3f}",
    )
    for result in report.results:
        rule = result.rule
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"groove-contract.{rule.id.rsplit('-', 1)[0]}",
            name=rule.id,
            time=f"{result.seconds:.3f}",
        )
        properties = ET.SubElement(case, "properties")
        for name, value in (
            ("rule", rule.id),
            ("level", rule.level.value),
            ("source", rule.source),
            ("capability", rule.capability.value if rule.capability else "any"),
            ("status", result.status.value),
        ):
            ET.SubElement(properties, "property", name=name, value=value)
        if result.status is Status.SKIPPED:
            ET.SubElement(case, "skipped", message=result.reason)
        elif result.status is Status.ERROR:
            ET.SubElement(case, "error", message=result.reason).text = result.message()
        elif not result.ok:
            message = result.reason or f"expected {result.expected}; saw {result.seen}"
            failure = ET.SubElement(case, "failure", message=f"{rule.id}: {message}")
            failure.text = result.message()
        elif result.status is not Status.PASSED:
            ET.SubElement(case, "system-out").text = "SHOULD not met\n" + result.message()
        if result.adapter_log:  # an adapter process's stderr, where CI viewers show it
            ET.SubElement(case, "system-err").text = result.adapter_log
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write_junit(report: SuiteReport, path: Path) -> None:
    path.write_text(render_junit(report), encoding="utf-8")
