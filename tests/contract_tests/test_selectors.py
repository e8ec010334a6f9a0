"""No silent green: a rule selector that names no rule is a usage error listing the rule IDs,
even next to selectors that do match (the suite would otherwise run less than asked)."""

from __future__ import annotations

import pytest

from contract_tests import RULES
from contract_tests._runner import UnknownRule, select_rules
from contract_tests.cli import main

REFERENCE = "contract_tests.reference_client:make_adapter"


def test_a_prefix_selects_its_family_and_an_unknown_one_is_refused() -> None:
    assert {rule.id for rule in select_rules(["gc-auth"])} == {
        rule.id for rule in RULES if rule.id.startswith("GC-AUTH")
    }
    with pytest.raises(UnknownRule, match=r"unknown rule 'GC-NOPE'.*known: GC-") as refused:
        select_rules(["GC-AUTH", "GC-NOPE"])
    assert all(rule.id in str(refused.value) for rule in RULES)
    with pytest.raises(UnknownRule):
        select_rules([""])


def test_verify_refuses_a_typo_next_to_a_good_selector(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "--client", REFERENCE, "--rule", "GC-AUTH", "--rule", "GC-NOPE"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert "groove-contract: error: --rule: unknown rule 'GC-NOPE'" in captured.err


def test_pytest_refuses_an_unknown_groove_rule(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_plain():\n    pass\n")
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--groove-client", REFERENCE, "--groove-rule", "GC-NOPE"
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["ERROR: groove-contract: --groove-rule: unknown rule 'GC-NOPE'*known: GC-TOKEN-001*"]
    )


def test_pytest_refuses_groove_rule_without_a_client(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_plain():\n    pass\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--groove-rule", "GC-AUTH")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: groove-contract: --groove-rule needs a client*"])
