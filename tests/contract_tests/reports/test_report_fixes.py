"""What a report says: one number per request, blocked results named and marked as counted,
`--json -` on stdout, `--version`, and what a factory's object lacks."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from contract_tests import RULES
from contract_tests._runner import (
    RuleResult,
    Status,
    SuiteReport,
    _blocked_reason,
    run_suite,
    select_rules,
)
from contract_tests.broken import BROKEN_CLIENTS
from contract_tests.cli import main
from contract_tests.harness._session import Blocked
from contract_tests.reports._formats import render_table
from contract_tests.rules import Level
from mock_server._journal import JournalEntry

REFERENCE = "contract_tests.reference_client:make_adapter"
SHOULD = next(rule for rule in RULES if rule.level is Level.SHOULD)
MUST = next(rule for rule in RULES if rule.level is Level.MUST)


def test_a_request_has_one_number_in_a_failure() -> None:
    report = run_suite(BROKEN_CLIENTS["GC-CRED-001"], rules=select_rules(["GC-CRED-001"]))
    (result,) = report.results
    assert result.status is Status.FAILED
    quoted = re.search(r"journal entry #(\d+)", result.seen)
    assert quoted is not None, result.seen
    number = int(quoted.group(1))
    by_seq = {entry.seq: entry for entry in result.journal}
    lines = {int(m.group(1)): line for line in result.requests if (m := re.match(r"#(\d+) ", line))}
    assert number in lines, result.requests
    assert by_seq[number].path in lines[number]
    for seq, line in lines.items():  # every request line carries the journal's number
        assert by_seq[seq].path in line


def test_a_blocked_should_is_marked_and_counted_as_blocked() -> None:
    report = SuiteReport(
        "c",
        [
            RuleResult(SHOULD, Status.BLOCKED, reason="the sign-in failed"),
            RuleResult(MUST, Status.PASSED),
        ],
    )
    table = render_table(report, width=120)
    row = next(line for line in table.splitlines() if line.startswith(SHOULD.id))
    assert row.split()[2] == "blocked"
    assert table.splitlines()[-1] == "2 rules: 1 passed, 1 blocked. PASS"
    unmet = SuiteReport("c", [RuleResult(SHOULD, Status.FAILED), RuleResult(MUST, Status.PASSED)])
    table = render_table(unmet, width=120)
    assert next(line for line in table.splitlines() if line.startswith(SHOULD.id)).split()[2] == (
        "warn"
    )
    assert table.splitlines()[-1] == "2 rules: 1 passed, 1 SHOULD not met. PASS"


class _Session:
    def __init__(self, violations: list[str]):
        entry = JournalEntry(seq=3, time=0.0, method="GET", path="/1/x", query_names=())
        entry.violations = violations
        self.entries = [entry]

    def journal(self) -> list[JournalEntry]:
        return self.entries


def test_a_blocked_result_names_the_rule_whose_breach_blocked_it() -> None:
    blocker = next(rule for rule in RULES if rule.server_signals and rule is not MUST)
    signal = sorted(blocker.server_signals)[0]
    session: Any = _Session([signal])
    target = next(rule for rule in RULES if signal not in rule.server_signals)
    reason = _blocked_reason(target, session, Blocked("the first call failed"))
    assert reason.startswith("the first call failed (blocked by ")
    assert blocker.id in reason
    assert _blocked_reason(target, _Session([]), Blocked("x")) == "x"  # type: ignore[arg-type]


def test_json_dash_writes_the_report_to_stdout_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["verify", "--client", REFERENCE, "--rule", "GC-TOKEN-001", "--json", "-"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["passed"] is True
    assert "GC-TOKEN-001" in captured.err  # the table, out of the report's way
    assert not (tmp_path / "-").exists()


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert re.fullmatch(r"groove-contract \d+\.\d+\.\d+.*\n", capsys.readouterr().out)


def test_a_factory_object_without_capabilities_is_told_what_it_lacks(
    capsys: pytest.CaptureFixture[str],
) -> None:
    spec = "tests.contract_tests.broken_spec:no_capabilities"
    assert main(["verify", "--client", spec]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert (
        "the factory returned _NoCapabilities, not a ClientAdapter: it needs a `capabilities`"
        in err
    )
    assert "perform" not in err.split("it needs")[1]
