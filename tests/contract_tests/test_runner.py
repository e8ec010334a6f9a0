"""How the runner judges a rule, apart from any check: the mock's own signals (S16), a broken
adapter (error), a precondition that fails (blocked) and a step that never returns (timeout)."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from contract_tests._adapter import (
    ClientSpecError,
    Environment,
    Outcome,
    Step,
    checked_capabilities,
)
from contract_tests._runner import Status, run_rule, run_suite, select_rules
from contract_tests.checks._base import CHECKS, PROFILE, CheckSpec
from contract_tests.harness._hosting import InProcessHost
from contract_tests.harness._session import Session, SessionOptions
from contract_tests.reference_adapter import ReferenceAdapter
from contract_tests.reference_client import make_adapter
from contract_tests.rules import RULES
from tests.contract_tests.broken_spec import app_token_only, typo_capabilities

RULE = next(rule for rule in RULES if rule.id == "GC-TOKEN-001")


def _with_check(monkeypatch: pytest.MonkeyPatch, run: Any) -> None:
    monkeypatch.setitem(CHECKS, RULE.id, CheckSpec(run))


def _get_token_endpoint(s: Session) -> None:
    """A check that passes, after a request the mock marks `wrong-method` (GC-TOKEN-001)."""
    with s.host.browser() as browser:
        browser.get(f"{s.env.auth_url}/accesstoken.srf")


def test_a_signal_the_mock_recorded_fails_the_rule_whose_check_passed(
    monkeypatch: pytest.MonkeyPatch, host: InProcessHost
) -> None:
    _with_check(monkeypatch, _get_token_endpoint)
    result = run_rule(RULE, make_adapter, host)
    assert result.status is Status.FAILED
    assert result.expected == "no breach recorded in the mock's journal"
    assert "GET /accesstoken.srf: wrong-method" in result.seen


def test_a_check_that_passes_without_a_signal_passes(
    monkeypatch: pytest.MonkeyPatch, host: InProcessHost
) -> None:
    _with_check(monkeypatch, lambda s: s.require({"op": "get_app_token"}, "get_app_token"))
    assert run_rule(RULE, make_adapter, host).status is Status.PASSED


def test_a_failed_precondition_blocks_the_rule(
    monkeypatch: pytest.MonkeyPatch, host: InProcessHost
) -> None:
    # Nobody signed in, so the profile call fails: not judged, not failed.
    _with_check(monkeypatch, lambda s: s.require(PROFILE, "the profile call"))
    result = run_rule(RULE, make_adapter, host)
    assert result.status is Status.BLOCKED
    assert result.reason.startswith("the profile call failed")
    assert result.ok is False  # a MUST that could not be judged does not pass a run


def test_a_factory_that_raises_is_an_error_not_a_failure(host: InProcessHost) -> None:
    def factory(env: Environment) -> ReferenceAdapter:
        raise RuntimeError("cannot build the client")

    result = run_rule(RULE, factory, host)
    assert result.status is Status.ERROR
    assert result.reason == "RuntimeError: cannot build the client"


class _Sleeper(ReferenceAdapter):
    """Never returns from a lookup (a client asleep on a day-long Retry-After)."""

    released = threading.Event()

    def perform(self, step: Step) -> Outcome:
        if step["op"] == "lookup":
            self.released.wait(60)
        return super().perform(step)


def test_a_step_that_never_returns_is_timed_out_and_the_run_goes_on(
    host: InProcessHost,
) -> None:
    session = Session(host, _Sleeper, options=SessionOptions(step_timeout=0.3))
    try:
        started = time.monotonic()
        outcome = session.do({"op": "lookup", "ids": ["music.x"]})
        assert time.monotonic() - started < 5
        assert outcome == {"ok": False, "detail": "timed out after 0.3 s"}
        assert session.timed_out(outcome)
        assert session.do({"op": "get_app_token"})["ok"]  # the next step runs
    finally:
        _Sleeper.released.set()
        session.close()


def test_unknown_capabilities_are_an_error_not_a_skip(host: InProcessHost) -> None:
    """Through the API too (`run_suite`), a typo in the capabilities breaks every rule
    instead of skipping it, and a run of skips alone does not pass."""
    result = run_rule(RULE, typo_capabilities, host)
    assert result.status is Status.ERROR
    assert "unknown capabilities 'app_token', 'teleport' (valid: app-token," in result.reason
    skipped = run_suite(app_token_only, rules=select_rules(["GC-AUTH-00"]))
    assert not skipped.ran and not skipped.passed and skipped.exit_code == 2


@pytest.mark.parametrize("declared", ["app-token", None, 42])
def test_capabilities_must_be_a_set_of_names(declared: object) -> None:
    with pytest.raises(ClientSpecError, match="capabilities must be a set of names"):
        checked_capabilities(declared)
