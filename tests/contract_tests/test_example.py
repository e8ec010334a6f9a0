"""The requests-oauthlib example in examples/ passes the whole suite (over a socket)."""

from __future__ import annotations

import pytest

from contract_tests._runner import Status, run_suite

pytest.importorskip("requests_oauthlib")


def test_requests_oauthlib_example_passes_every_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    from examples.requests_oauthlib_client import make_adapter

    # The factory sets these for the loopback mock; monkeypatch puts them back afterwards.
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")
    monkeypatch.setenv("OAUTHLIB_RELAX_TOKEN_SCOPE", "1")
    report = run_suite(make_adapter, client="requests-oauthlib example", socket=True)
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
