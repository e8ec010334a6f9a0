"""Proof that the suite can fail: the reference client passes every rule, and each broken
client fails exactly the rule it breaks (the others pass, are skipped, or are blocked). A
failed MUST fails the run; a failed SHOULD is only a warning."""

from __future__ import annotations

import pytest

from contract_tests._runner import Status, SuiteReport
from contract_tests.broken import BROKEN_CLIENTS, BROKEN_VARIANTS
from contract_tests.rules import RULES, Level

RULE_IDS = [rule.id for rule in RULES]
LEVELS = {rule.id: rule.level for rule in RULES}


def test_reference_client_passes_every_rule(reference_report: SuiteReport) -> None:
    not_passed = [r.message() for r in reference_report.results if r.status is not Status.PASSED]
    assert not_passed == []
    assert reference_report.exit_code == 0
    assert [r.rule.id for r in reference_report.results] == RULE_IDS


def test_every_rule_has_a_broken_client() -> None:
    must = [rule.id for rule in RULES if rule.level is Level.MUST]
    assert sorted(BROKEN_CLIENTS) == sorted(must)
    variants = {rule_id for rule_id, _ in BROKEN_VARIANTS.values()}
    assert variants <= set(RULE_IDS)
    assert set(RULE_IDS) - set(must) <= variants  # every SHOULD rule has its client too


def _fails_exactly(report: SuiteReport, rule_id: str) -> None:
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
    # A SHOULD that is not met warns: the run still passes.
    assert report.exit_code == (1 if LEVELS[rule_id] is Level.MUST else 0)
    assert target.ok is (LEVELS[rule_id] is Level.SHOULD)


@pytest.mark.parametrize("rule_id", sorted(BROKEN_CLIENTS))
def test_broken_client_fails_exactly_its_rule(
    rule_id: str, suite_reports: dict[str, SuiteReport]
) -> None:
    _fails_exactly(suite_reports[rule_id], rule_id)


@pytest.mark.parametrize("name", sorted(BROKEN_VARIANTS))
def test_broken_variant_fails_exactly_its_rule(
    name: str, suite_reports: dict[str, SuiteReport]
) -> None:
    _fails_exactly(suite_reports[name], BROKEN_VARIANTS[name][0])


def test_a_client_waiting_out_a_day_long_retry_after_is_stopped_and_failed(
    suite_reports: dict[str, SuiteReport],
) -> None:
    result = {r.rule.id: r for r in suite_reports["WaitsOutAnyRetryAfter"].results}["GC-RATE-002"]
    assert "Retry-After: 86400" in result.expected
    assert result.seen == "the client still waiting"


def test_the_groovesdk_bug_is_caught_with_its_evidence(
    suite_reports: dict[str, SuiteReport],
) -> None:
    result = {r.rule.id: r for r in suite_reports["GC-CRED-001"].results}["GC-CRED-001"]
    assert "exactly one credential" in result.expected
    assert "2 on journal entry" in result.seen
    assert any("[2 Authorization]" in line for line in result.requests)
