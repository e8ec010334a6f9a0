"""`groove-contract verify --client-cmd` and `--tls`: exit codes, the table and the reports."""

from __future__ import annotations

import shlex
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from contract_tests.cli import main

FAKE = Path(__file__).with_name("bridge") / "fake_adapter.py"


def fake(mode: str) -> str:
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(FAKE))} {mode}"


def test_a_command_that_does_not_start_is_exit_2_in_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["verify", "--client-cmd", "no-such-adapter-command-13 a.js"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("groove-contract: error: no-such-adapter-command-13 a.js: cannot start")
    assert err.count("\n") == 1


def test_an_adapter_that_breaks_the_protocol_at_start_is_exit_2_with_its_stderr(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["verify", "--client-cmd", fake("crash-at-start")]) == 2
    err = capsys.readouterr().err
    assert "it exited with code 3 before answering the hello" in err
    assert "SyntaxError: Unexpected token" in err


def test_a_breach_mid_run_is_an_error_per_rule_with_stderr_in_junit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junit = tmp_path / "report.xml"
    code = main(
        [
            "verify", "--client-cmd", fake("not-json"), "--rule", "GC-TOKEN-001",
            "--step-timeout", "2", "--junit", str(junit),
        ]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert code == 1
    assert "GC-TOKEN-001 ERROR" in out
    assert "line 2 of its output is not JSON: 'Fetching the app token...'" in out
    case = ET.parse(junit).getroot().find("testsuite/testcase")  # noqa: S314 - our own report
    assert case is not None
    error = case.find("error")
    assert error is not None and "not JSON" in error.get("message", "")
    stderr = case.find("system-err")
    assert stderr is not None and "fake adapter (not-json) starting" in (stderr.text or "")


def test_verify_tls_announces_the_ca_and_serves_https(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(
        [
            "verify", "--tls", "--client", "contract_tests.reference_client:make_adapter",
            "--rule", "GC-TOKEN-001",
        ]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert "groove-contract: the mock serves https://127.0.0.1:" in out
    assert "ca.pem" in out and "NODE_EXTRA_CA_CERTS" in out
    assert "(tls)" in out
    # The reference client (httpx) trusts the run's CA by SSL_CERT_FILE, as the CLI sets it.
    assert code == 0, out
