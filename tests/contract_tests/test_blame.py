"""One mistake fails one rule, and a rule judges the whole run: a request refused for another
rule's breach blocks the rule and names that rule; correct clients that do things at other
moments than the reference (a token fetched when built, a refresh at another call) pass."""

from __future__ import annotations

from typing import Any

from contract_tests._adapter import ClientAdapter, Environment
from contract_tests._runner import Status, SuiteReport, run_suite, select_rules
from contract_tests.harness._session import SessionOptions
from contract_tests.reference_adapter import ReferenceAdapter
from contract_tests.reference_client import GrooveClient

OPTIONS = SessionOptions(step_timeout=5.0)


def _statuses(report: SuiteReport) -> dict[str, Status]:
    return {r.rule.id: r.status for r in report.results}


def test_a_token_request_refused_for_its_content_type_fails_only_gc_token_001(
    suite_reports: dict[str, SuiteReport],
) -> None:
    results = {r.rule.id: r for r in suite_reports["JsonTokenRequests"].results}
    for rule_id in ("GC-AUTH-007", "GC-CODE-001", "GC-CLIENT-001"):
        assert results[rule_id].status is Status.BLOCKED
        assert results[rule_id].reason.startswith("blocked by GC-TOKEN-001: ")
    failed = [i for i, r in results.items() if r.status is Status.FAILED]
    assert failed == ["GC-TOKEN-001"]
    assert "blocked by GC-TOKEN-001: get_app_token failed" in results["GC-RATE-001"].reason


class _EagerClient(GrooveClient):
    """Fetches its app token as soon as it is built (legal: §3.1 only asks for reuse)."""

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.app_token()


class _RefreshesOnceSignedIn(GrooveClient):
    """Checks its refresh token at once after a sign-in with offline_access: one refresh at
    the first call after the sign-in (legal: the rotated token is kept and used next)."""

    _checked = False

    def finish_sign_in(self, callback_url: str) -> None:
        super().finish_sign_in(callback_url)
        self._checked = self._refresh_token is None

    def user_token(self) -> str:
        if not self._checked:
            self._checked = True
            self._user = None
        return super().user_token()


def _adapter(client_class: type[GrooveClient]) -> Any:
    def factory(env: Environment) -> ClientAdapter:
        adapter_class = type("Legal", (ReferenceAdapter,), {"client_class": client_class})
        adapter: ClientAdapter = adapter_class(env)
        return adapter

    return factory


def test_an_app_token_fetched_when_the_client_is_built_passes_gc_token_001() -> None:
    report = run_suite(
        _adapter(_EagerClient), rules=select_rules(["GC-TOKEN", "GC-CLIENT"]), options=OPTIONS
    )
    assert set(_statuses(report).values()) == {Status.PASSED}, [r.message() for r in report.results]


def test_a_refresh_at_another_call_than_the_suite_expects_passes_gc_refresh_001() -> None:
    report = run_suite(
        _adapter(_RefreshesOnceSignedIn), rules=select_rules(["GC-REFRESH"]), options=OPTIONS
    )
    (result,) = report.results
    assert result.status is Status.PASSED, result.message()
