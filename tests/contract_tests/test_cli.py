"""`groove-contract verify` and `groove-contract rules`: output, reports and exit codes."""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from contract_tests._adapter import Capability
from contract_tests.cli import main
from contract_tests.rules import RULES

REFERENCE = "contract_tests.reference_client:make_adapter"


def test_verify_reference_on_auth_rules_exits_0_with_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    json_path, junit_path = tmp_path / "report.json", tmp_path / "report.xml"
    code = main(
        [
            "verify",
            "--client",
            REFERENCE,
            "--rule",
            "GC-AUTH",
            "--json",
            str(json_path),
            "--junit",
            str(junit_path),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "GC-AUTH-001" in out and "PASS" in out.splitlines()[-1]
    report = json.loads(json_path.read_text())
    assert report["passed"] is True
    assert [r["id"] for r in report["results"]] == [
        r.id for r in RULES if r.id.startswith("GC-AUTH")
    ]
    root = ET.parse(junit_path).getroot()  # noqa: S314 - our own report
    suite = root.find("testsuite")
    assert suite is not None and suite.get("failures") == "0"
    names = [case.get("name") for case in suite.iter("testcase")]
    assert names == [r["id"] for r in report["results"]]
    rule_props = [p.get("value") for p in suite.iter("property") if p.get("name") == "rule"]
    assert rule_props == names


def test_verify_broken_client_exits_1_and_names_the_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junit_path = tmp_path / "junit.xml"
    code = main(
        ["verify", "--client", "contract_tests.broken:BROKEN_CLIENTS.get", "--rule", "GC-AUTH-005"]
    )
    assert code == 2  # BROKEN_CLIENTS.get is not a factory of an Environment
    capsys.readouterr()
    spec = "tests.contract_tests.broken_spec:constant_state"
    code = main(["verify", "--client", spec, "--rule", "GC-AUTH-00", "--junit", str(junit_path)])
    out = capsys.readouterr().out
    assert code == 1
    assert "GC-AUTH-005 FAILED" in out
    assert "expected: a new state for every sign-in" in out
    assert "fix:" in out
    cases = ET.parse(junit_path).getroot().iter("testcase")  # noqa: S314 - our own report
    failures = [c for c in cases if c.find("failure") is not None]
    assert [c.get("name") for c in failures] == ["GC-AUTH-005"]
    message = failures[0].find("failure")
    assert message is not None and message.get("message", "").startswith("GC-AUTH-005:")


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["verify"], "--client"),
        (["verify", "--client", "nocolon"], "--client: 'nocolon' is not MODULE:FACTORY"),
        (["verify", "--client", "no_such_module_xyz:f"], "cannot import"),
        (["verify", "--client", "contract_tests.cli:nothing"], "has no attribute"),
        (["verify", "--client", "contract_tests.rules:RULES"], "is not callable"),
        (["verify", "--client", REFERENCE, "--rule", "GC-NOPE"], "--rule: unknown rule 'GC-NOPE'"),
        (["verify", "--client", REFERENCE, "--json", "/no/such/dir/r.json"], "cannot write"),
        (["verify", "--client", REFERENCE, "--step-timeout", "0"], "must be positive"),
        (["verify", "--client", REFERENCE, "--scenario", "/no/such.json"], "no such file"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    argv: list[str], fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("groove-contract: error:")
    assert fragment in lines[0]
    assert "Traceback" not in captured.err + captured.out


SPEC = "tests.contract_tests.broken_spec"


def _one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err + captured.out
    assert "PASS" not in captured.out
    return lines[0]


def test_unknown_capability_names_are_a_configuration_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """S17: a typo must not skip every rule and pass: it is named, with the valid names."""
    assert main(["verify", "--client", f"{SPEC}:typo_capabilities"]) == 2
    line = _one_error_line(capsys)
    assert "unknown capabilities 'app_token', 'teleport'" in line
    assert "refresh'" not in line.split("(valid")[0]
    valid = ", ".join(sorted(c.value for c in Capability))
    assert f"(valid: {valid})" in line


def test_a_run_in_which_no_rule_ran_does_not_pass(capsys: pytest.CaptureFixture[str]) -> None:
    """S18: nothing was checked, so nothing passed."""
    # An app-token-only client, and only the sign-in rules asked for: all skipped.
    assert main(["verify", "--client", f"{SPEC}:app_token_only", "--rule", "GC-AUTH"]) == 2
    line = _one_error_line(capsys)
    assert line.startswith("groove-contract: error: no rule ran: the 7 selected rules")


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("def make_adapter(env)\n    return None\n", "SyntaxError: expected ':'"),
        ("\nraise RuntimeError('no config file')\n", "RuntimeError: no config file"),
    ],
    ids=["syntax-error", "raises"],
)
def test_a_client_module_that_cannot_be_imported_is_one_line(
    source: str,
    fragment: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "bad_client_xyz.py").write_text(source, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.delitem(sys.modules, "bad_client_xyz", raising=False)
    assert main(["verify", "--client", "bad_client_xyz:make_adapter"]) == 2
    line = _one_error_line(capsys)
    assert "--client: cannot import 'bad_client_xyz'" in line
    assert fragment in line
    assert "bad_client_xyz.py, line" in line


def test_a_factory_that_raises_is_a_configuration_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["verify", "--client", "tests.contract_tests.broken_spec:raising"]) == 2
    err = capsys.readouterr().err
    assert "failed to build a client: no credentials configured" in err


def test_rules_lists_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in out] == [rule.id for rule in RULES]
