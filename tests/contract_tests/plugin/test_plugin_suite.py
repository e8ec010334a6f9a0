"""The plugin's rule items (`--groove-client`, `contract_tests/plugin/_suite.py`), run in a
scratch project with pytester; and what the plugin adds when nothing asks for it: no item, no
journal, no import of the mock."""

from __future__ import annotations

import json

import pytest

from contract_tests._adapter import CAPABILITY_NAMES


def test_installed_plugin_changes_nothing_by_default(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_plain():\n    assert 1 + 1 == 2\n")
    result = pytester.runpytest("-v")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["collecting ... collected 1 item"])
    assert "::GC-" not in result.stdout.str()
    assert "groove-contract journal" not in result.stdout.str()


def test_groove_client_option_adds_one_test_per_rule(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest(
        "--groove-client",
        "contract_tests.reference_client:make_adapter",
        "--groove-rule",
        "GC-AUTH",
        "-v",
    )
    result.assert_outcomes(passed=7)
    # The module is outside the project: named from its import root, and by --pyargs.
    result.stdout.fnmatch_lines(["contract_tests/reference_client.py::GC-AUTH-001 PASSED*"])
    one = pytester.runpytest(
        "--groove-client",
        "contract_tests.reference_client:make_adapter",
        "--pyargs",
        "contract_tests.reference_client::GC-TOKEN-001",
        "-v",
    )
    one.assert_outcomes(passed=1)
    one.stdout.fnmatch_lines(["contract_tests/reference_client.py::GC-TOKEN-001 PASSED*"])


def test_groove_client_from_ini_reports_the_broken_rule(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        broken_spec="""
from contract_tests.broken import BROKEN_CLIENTS

factory = BROKEN_CLIENTS["GC-AUTH-006"]
"""
    )
    pytester.makeini("[pytest]\ngroove_client = broken_spec:factory\n")
    pytester.syspathinsert()
    result = pytester.runpytest("--groove-rule", "GC-AUTH-006", "--groove-rule", "GC-AUTH-001")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*GC-AUTH-006 FAILED*",
            "*expected: the code of a callback with a forged state never redeemed*",
            "*fix:*",
        ]
    )


def test_bad_client_spec_is_a_usage_error(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GROOVE_CLIENT", "no_such_module_xyz:factory")
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["ERROR: groove-contract: $GROOVE_CLIENT: cannot import 'no_such_module_xyz'*"]
    )


MY_CLIENT = "from contract_tests.reference_client import make_adapter\n"


def test_rule_items_are_collected_counted_and_addressable(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(my_client=MY_CLIENT, test_plain="def test_plain():\n    pass\n")
    pytester.makeini("[pytest]\ngroove_client = my_client:make_adapter\n")
    args = ("--groove-rule", "GC-AUTH", "test_plain.py")
    collected = pytester.runpytest(*args, "--co", "-q")
    assert collected.stdout.lines[-1].startswith("8 tests collected")
    assert "my_client.py::GC-AUTH-007" in collected.stdout.lines
    run = pytester.runpytest(*args)
    run.stdout.fnmatch_lines(["collected 8 items"])
    run.assert_outcomes(passed=8)
    one = pytester.runpytest("my_client.py::GC-TOKEN-001", "-v")
    one.stdout.fnmatch_lines(["*collected 1 item", "my_client.py::GC-TOKEN-001 PASSED*"])
    one.assert_outcomes(passed=1)


def test_unknown_capabilities_are_a_usage_error(pytester: pytest.Pytester) -> None:
    """S17, in pytest: a typo in the capabilities stops the session before any test."""
    spec = "tests.contract_tests.broken_spec:typo_capabilities"
    result = pytester.runpytest("--groove-client", spec)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    errors = [line for line in result.stderr.lines if line.strip()]
    valid = ", ".join(sorted(CAPABILITY_NAMES))
    assert errors == [
        f"ERROR: groove-contract: {spec}: unknown capabilities 'app_token', 'teleport' "
        f"(valid: {valid})"
    ]


def test_a_session_in_which_no_rule_ran_does_not_pass(pytester: pytest.Pytester) -> None:
    """S18, in pytest: the plain test passes, but a session of skipped rules is not a pass."""
    pytester.makepyfile("def test_plain():\n    pass\n")
    spec = "tests.contract_tests.broken_spec:app_token_only"
    result = pytester.runpytest("--groove-client", spec, "--groove-rule", "GC-AUTH")
    result.assert_outcomes(passed=1, skipped=7)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stdout.fnmatch_lines(
        [
            "groove-contract: error: no rule ran: the 7 selected rules were all skipped "
            "(pytest -rs lists the reasons); a run that checks nothing fails"
        ]
    )
    ran = pytester.runpytest("--groove-client", spec, "--groove-rule", "GC-AUTH-00", "-k", "not 7")
    assert ran.ret == pytest.ExitCode.USAGE_ERROR  # GC-AUTH-001..006 need user-sign-in too
    some = pytester.runpytest("--groove-client", spec, "--groove-rule", "GC-TOKEN")
    assert some.ret == pytest.ExitCode.OK


LAZINESS_CONFTEST = """
import json
import sys
from pathlib import Path

HEAVY = ("mock_server", "uvicorn", "starlette", "httpx", "httpcore")
LIGHT = {"groove_contract_pytest", "groove_contract_pytest._ours"}


def _heavy():
    return sorted(
        name for name in sys.modules
        if name.partition(".")[0] in HEAVY
        or (name.startswith("contract_tests") and name not in LIGHT)
    )


def pytest_collection_finish(session):
    plugin = session.config.pluginmanager.get_plugin("groove_contract")
    found = {"plugin": plugin is not None, "after_collection": _heavy()}
    Path("imported.json").write_text(json.dumps(found))


def pytest_sessionfinish(session):
    found = json.loads(Path("imported.json").read_text())
    found["after_tests"] = _heavy()
    Path("imported.json").write_text(json.dumps(found))
"""


def test_a_project_that_does_not_use_the_plugin_does_not_import_the_mock(
    pytester: pytest.Pytester,
) -> None:
    """Installed, the plugin costs nothing until used; the first fixture use imports the mock
    (which shows that the check can see it)."""
    pytester.makeconftest(LAZINESS_CONFTEST)
    pytester.makepyfile(
        test_a="def test_plain():\n    assert 1 + 1 == 2\n",
        test_b="def test_mock(groove_mock):\n    assert groove_mock.journal == []\n",
    )
    pytester.runpytest_subprocess("-p", "no:cacheprovider").assert_outcomes(passed=2)
    found = json.loads((pytester.path / "imported.json").read_text())
    assert found["plugin"] is True
    assert found["after_collection"] == []
    assert "mock_server" in found["after_tests"]


SLOW_CLIENT = '''
import time

from contract_tests.reference_client import make_adapter as make_reference


class Slow:
    """The reference client, 0.6 s slower at every step."""

    def __init__(self, env):
        self._inner = make_reference(env)
        self.capabilities = self._inner.capabilities

    def perform(self, step):
        time.sleep(0.6)
        return self._inner.perform(step)

    def close(self):
        self._inner.close()


def make_adapter(env):
    return Slow(env)
'''


def test_the_step_timeout_is_the_users_to_choose(pytester: pytest.Pytester) -> None:
    """--groove-step-timeout (or the ini's groove_step_timeout) bounds each step, as verify's
    --step-timeout does: a slow client fails within a short bound and passes within a long one."""
    pytester.makepyfile(slow_client=SLOW_CLIENT)
    args = ("--groove-client", "slow_client:make_adapter", "--groove-rule", "GC-TOKEN-001")
    short = pytester.runpytest(*args, "--groove-step-timeout", "0.2")
    short.assert_outcomes(failed=1)
    short.stdout.fnmatch_lines(["*step 1 get_app_token timed out after 0.2 s*"])
    pytester.makeini("[pytest]\ngroove_step_timeout = 5\n")
    pytester.runpytest(*args).assert_outcomes(passed=1)
    pytester.runpytest(*args, "--groove-step-timeout", "0.2").assert_outcomes(failed=1)


@pytest.mark.parametrize("value", ["0", "-1", "soon", "inf", "nan"])
def test_a_step_timeout_that_is_not_seconds_is_a_usage_error(
    pytester: pytest.Pytester, value: str
) -> None:
    result = pytester.runpytest(
        "--groove-client",
        "contract_tests.reference_client:make_adapter",
        "--groove-step-timeout",
        value,
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [f"ERROR: groove-contract: --groove-step-timeout: '{value}' is not a number of seconds*"]
    )
