"""The text report of `groove-contract verify`: failures in full, the adapter's own breakage
under the rule it broke, one line for every skipped rule, the terminal's width, the verdict."""

from __future__ import annotations

import re

import pytest

from contract_tests._runner import SuiteReport, run_suite, select_rules
from contract_tests.reference_client import make_adapter
from contract_tests.reports._formats import render_table
from tests.contract_tests.broken_spec import app_token_only, crashing


@pytest.fixture(scope="module")
def crashed() -> SuiteReport:
    return run_suite(crashing, client="crashing", rules=select_rules(["GC-TOKEN-001"]))


def test_an_adapter_that_raises_is_named_under_the_failed_rule(crashed: SuiteReport) -> None:
    text = render_table(crashed, width=100)
    failure = text[text.index("GC-TOKEN-001 FAILED") :]
    failure = failure[: failure.index("  fix:")]
    assert "  seen:     none" in failure
    assert "  adapter:  step 1 get_app_token raised ValueError: adapter crashed" in failure


def test_skipped_rules_are_one_line_after_the_failures() -> None:
    rules = select_rules(["GC-AUTH", "GC-TOKEN-001"])
    report = run_suite(app_token_only, client="app-only", rules=rules)
    lines = render_table(report, width=100).splitlines()
    assert not [line for line in lines if "SKIPPED" in line]
    assert [line for line in lines if "skipped:" in line] == [
        "7 rules skipped: the client does not declare user-sign-in, public-client, refresh."
    ]
    assert lines[-1] == "8 rules: 1 passed, 7 skipped. PASS"


def test_one_rule_is_one_rule() -> None:
    report = run_suite(make_adapter, rules=select_rules(["GC-TOKEN-001"]))
    assert render_table(report).splitlines()[-1] == "1 rule: 1 passed. PASS"


@pytest.mark.parametrize("columns", [60, 100, 240])
def test_what_is_cut_to_the_terminal_width(
    columns: int, crashed: SuiteReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    row = next(line for line in render_table(crashed).splitlines() if line.startswith("GC-"))
    title = crashed.results[0].rule.title
    assert len(row) <= columns
    assert row.endswith(title) == (33 + len(title) <= columns)
    assert re.fullmatch(r"GC-TOKEN-001 +MUST +FAIL +The app token .*", row)
