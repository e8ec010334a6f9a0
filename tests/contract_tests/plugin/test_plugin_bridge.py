"""The plugin's bridge and TLS options: `--groove-client-cmd` (ini, env) and `--groove-tls`."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

FAKE = Path(__file__).parents[1] / "bridge" / "fake_adapter.py"


def fake(mode: str) -> str:
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(FAKE))} {mode}"


def test_groove_client_cmd_adds_one_test_per_rule_under_groove_contract(
    pytester: pytest.Pytester,
) -> None:
    # The `ok` fake answers every step with a failure: the app-token rule is blocked or fails.
    result = pytester.runpytest(
        "--groove-client-cmd", fake("ok"), "--groove-rule", "GC-TOKEN-001", "-v"
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["groove-contract::GC-TOKEN-001 FAILED*"])


def test_groove_client_cmd_from_ini_and_env(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makeini(f"[pytest]\ngroove_client_cmd = {fake('ok')}\n")
    assert pytester.runpytest("--groove-rule", "GC-TOKEN-001").ret == pytest.ExitCode.TESTS_FAILED
    monkeypatch.setenv("GROOVE_CLIENT_CMD", "no-such-adapter-command-13")
    pytester.makeini("[pytest]\n")
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["ERROR: groove-contract: no-such-adapter-command-13*cannot start*"]
    )


def test_a_factory_and_a_command_on_one_level_are_a_usage_error(
    pytester: pytest.Pytester,
) -> None:
    result = pytester.runpytest(
        "--groove-client",
        "contract_tests.reference_client:make_adapter",
        "--groove-client-cmd",
        fake("ok"),
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--groove-client and --groove-client-cmd both name a client*"])


def test_groove_tls_serves_groove_server_over_https_with_the_sessions_ca(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
import os
import httpx


def test_https(groove_server):
    assert groove_server.base_url.startswith("https://127.0.0.1:")
    assert os.environ["SSL_CERT_FILE"] == groove_server.ca_file
    assert os.environ["REQUESTS_CA_BUNDLE"] == groove_server.ca_file
    assert os.environ["NODE_EXTRA_CA_CERTS"] == groove_server.ca_file
    with groove_server.http() as http:
        assert http.get("/_mock/health").status_code == 200


def test_untrusted_without_the_ca(groove_server):
    import ssl

    untrusting = ssl.create_default_context(capath="/nonexistent")
    with httpx.Client(verify=untrusting) as http:
        try:
            http.get(groove_server.base_url + "/")
        except httpx.ConnectError as exc:
            assert "CERTIFICATE_VERIFY_FAILED" in str(exc)
        else:
            raise AssertionError("a client without the CA connected")
"""
    )
    result = pytester.runpytest("--groove-tls", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_groove_tls_runs_the_rules_over_https_for_a_python_client(
    pytester: pytest.Pytester,
) -> None:
    """The reference client (httpx) trusts the session's CA through SSL_CERT_FILE, unchanged."""
    result = pytester.runpytest(
        "--groove-client", "contract_tests.reference_client:make_adapter",
        "--groove-tls", "--groove-rule", "GC-TOKEN-001", "-p", "no:cacheprovider",
    )  # fmt: skip
    result.assert_outcomes(passed=1)
