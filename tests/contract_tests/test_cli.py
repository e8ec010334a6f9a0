"""`groove-contract verify` and `groove-contract rules`: output, reports and exit codes."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from contract_tests._rules import RULES
from contract_tests.cli import main

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
        (["verify", "--client", "nocolon"], "expected MODULE:FACTORY"),
        (["verify", "--client", "no_such_module_xyz:f"], "cannot import"),
        (["verify", "--client", "contract_tests.cli:nothing"], "has no attribute"),
        (["verify", "--client", "contract_tests._rules:RULES"], "is not callable"),
        (["verify", "--client", REFERENCE, "--rule", "GC-NOPE"], "no rule matches"),
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
