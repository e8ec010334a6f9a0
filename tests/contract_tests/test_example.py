"""The requests-oauthlib example in examples/ passes the whole suite (but the write rules, whose
capabilities it does not declare): over https, unchanged (no OAUTHLIB_INSECURE_TRANSPORT, the
run's CA trusted by REQUESTS_CA_BUNDLE), and over http."""

from __future__ import annotations

import os
from typing import Any

import pytest

from contract_tests._adapter import Environment
from contract_tests._runner import Status, run_suite, select_rules
from contract_tests.harness._hosting import Host

pytest.importorskip("requests_oauthlib")


def test_requests_oauthlib_example_passes_every_rule_over_tls(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from examples.requests_oauthlib_client import make_adapter

    monkeypatch.delenv("OAUTHLIB_INSECURE_TRANSPORT", raising=False)
    monkeypatch.setenv("OAUTHLIB_RELAX_TOKEN_SCOPE", "1")  # the factory sets it; put back after

    def trust(host: Host) -> None:
        assert host.ca_file is not None and host.base_url.startswith("https://127.0.0.1:")
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", host.ca_file)

    def unchanged(env: Environment) -> Any:
        adapter = make_adapter(env)
        assert "OAUTHLIB_INSECURE_TRANSPORT" not in os.environ
        return adapter

    report = run_suite(unchanged, client="requests-oauthlib example", tls=True, on_host=trust)
    not_passed = [r for r in report.results if r.status is not Status.PASSED]
    # The example does not edit the collection: the write rules are skipped, never failed.
    assert [r.message() for r in not_passed if r.status is not Status.SKIPPED] == []
    assert {r.rule.id for r in not_passed} == {"GC-COLLECTION-001", "GC-PLAYLIST-001"}
    assert report.transport == "tls"


def test_requests_oauthlib_refuses_the_tls_mock_without_its_ca(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The TLS test above proves something: without the CA, the same client cannot connect."""
    from examples.requests_oauthlib_client import make_adapter

    monkeypatch.delenv("OAUTHLIB_INSECURE_TRANSPORT", raising=False)
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    monkeypatch.setenv("OAUTHLIB_RELAX_TOKEN_SCOPE", "1")
    rules = select_rules(["GC-TOKEN-001"])
    report = run_suite(make_adapter, client="requests-oauthlib example", rules=rules, tls=True)
    (result,) = report.results
    assert result.status is not Status.PASSED
    assert result.journal == []  # no request got through the handshake
    assert "CERTIFICATE_VERIFY_FAILED" in result.steps[0].outcome.get("detail", "")


def test_requests_oauthlib_example_passes_over_plain_http(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from examples.requests_oauthlib_client import make_adapter

    # The factory sets these for the loopback mock; monkeypatch puts them back afterwards.
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")
    monkeypatch.setenv("OAUTHLIB_RELAX_TOKEN_SCOPE", "1")
    rules = select_rules(["GC-AUTH", "GC-REFRESH"])
    report = run_suite(make_adapter, client="requests-oauthlib example", rules=rules, socket=True)
    assert [r.message() for r in report.results if r.status is not Status.PASSED] == []
    assert report.transport == "socket"


def test_example_refuses_a_non_loopback_mock() -> None:
    from contract_tests._adapter import Environment
    from examples.requests_oauthlib_client import make_adapter

    env = Environment(
        "https://login.example", "https://api.example", "id", "s", "https://x/cb", (), "u"
    )
    with pytest.raises(ValueError, match="loopback mock only"):
        make_adapter(env)
