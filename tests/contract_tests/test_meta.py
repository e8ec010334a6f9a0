"""Proof that the suite can fail: the reference client passes every rule, and each broken
client fails exactly the rule it breaks (the others pass, are skipped, or are blocked)."""

from __future__ import annotations

import pytest

from contract_tests._rules import RULES, Level
from contract_tests._runner import Status, SuiteReport
from contract_tests.broken import BROKEN_CLIENTS

MUST_RULES = [rule.id for rule in RULES if rule.level is Level.MUST]


@pytest.fixture(scope="module")
def broken_reports(suite_reports: dict[str, SuiteReport]) -> dict[str, SuiteReport]:
    return {rule_id: suite_reports[rule_id] for rule_id in BROKEN_CLIENTS}


def test_reference_client_passes_every_rule(reference_report: SuiteReport) -> None:
    not_passed = [r.message() for r in reference_report.results if r.status is not Status.PASSED]
    assert not_passed == []
    assert reference_report.exit_code == 0
    assert [r.rule.id for r in reference_report.results] == [rule.id for rule in RULES]


def test_every_must_rule_has_a_broken_client() -> None:
    assert sorted(BROKEN_CLIENTS) == sorted(MUST_RULES)


@pytest.mark.parametrize("rule_id", MUST_RULES)
def test_broken_client_fails_exactly_its_rule(
    rule_id: str, broken_reports: dict[str, SuiteReport]
) -> None:
    report = broken_reports[rule_id]
    by_id = {r.rule.id: r for r in report.results}
    target = by_id[rule_id]
    assert target.status is Status.FAILED, target.message()
    assert target.expected and target.seen
    others = {
        r.rule.id: r.status
        for r in report.results
        if r.rule.id != rule_id and r.status not in (Status.PASSED, Status.SKIPPED, Status.BLOCKED)
    }
    assert others == {}, "\n".join(by_id[i].message() for i in others)
    assert report.exit_code == 1


def test_the_groovesdk_bug_is_caught_with_its_evidence(
    broken_reports: dict[str, SuiteReport],
) -> None:
    result = {r.rule.id: r for r in broken_reports["GC-CRED-001"].results}["GC-CRED-001"]
    assert "exactly one credential" in result.expected
    assert "2 on journal entry" in result.seen
    assert any("[2 Authorization]" in line for line in result.requests)
